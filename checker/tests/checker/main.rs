//! The engine's integration tests, one binary, so that the slow ones (the
//! oracle, the game in a pseudo-terminal, the browser) run side by side.
//! `cargo test -p racelab-checker --test checker oracle` runs one module's
//! tests. (tests/explorer.rs stays a binary of its own: it counts every
//! schedule of many small task models, and once in four runs side by side
//! with the rest one poll was charged 10 ms of CPU time — the task probe's
//! limit — and reported as holding the thread.)

// The independent oracle (checker/tests/oracle/), shared by the modules
// that compare the engine with it.
#[path = "../oracle/brute.rs"]
mod brute;
#[path = "../oracle/engine.rs"]
mod engine;
#[path = "../oracle/generate.rs"]
mod generate;
#[path = "../oracle/program.rs"]
mod program;
#[path = "../oracle/tasks.rs"]
mod tasks;

mod cli;
mod hints;
mod hostile;
mod html;
mod lesson;
mod oracle;
mod play;
mod replay;
mod sctbench;
mod starters;
