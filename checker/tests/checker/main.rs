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

/// `labcheck ARGS` as a script runs it, uncoloured: exit code, stdout,
/// stderr.
fn lab(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_labcheck"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("labcheck runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// One snapshot of a whole output, in snapshots/ (reviewed with `cargo
/// insta review`).
fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "../../../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

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
