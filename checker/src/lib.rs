//! racelab's checker: compiles the exercises against a loom-backed facade,
//! explores their interleavings, and reports outcome tables and minimal
//! counterexamples.
//!
//! `sync` and `rt` are the facades exercise code sees as `crate::sync` and
//! `crate::rt` when compiled in here; everything else is the engine (`model`
//! for threads under loom, `tasks` for async tasks) and its front ends.

/// The primes of `cpu_bound`: the labs crate's very file, so the model and
/// the real build split the range alike; its kit hook records the work.
#[path = "../../labs/src/primes.rs"]
pub mod primes;
pub mod process;
pub mod rt;
pub mod sync;
/// `crate::__kit` as the labs `primes` file names it.
#[doc(hidden)]
pub mod __kit {
    pub use crate::kit_work::part;
}
mod kit_work;

pub mod check;
pub mod cli;
pub mod compare;
pub mod dev;
pub mod export;
pub mod grade;
pub mod hints;
pub mod isolate;
pub mod model;
pub mod real;
pub mod registry;
pub mod report;
pub mod scan;
pub mod selfcheck;
pub mod settings;
pub mod student;
pub mod tasks;
pub mod text;
pub mod trees;
