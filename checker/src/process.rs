//! The model's twin of the labs `process` facade. The model of `cpu_bound`
//! runs only `count_threads`: child processes are checked in the real build
//! alone (labwitness), so here they need only compile, never run.

use std::process::Command;

/// Never runs in the model: a command that names no program.
pub fn worker(task: &str, args: &[String]) -> Command {
    let mut command = Command::new("racelab-model-starts-no-process");
    command.arg(task).args(args);
    command
}

/// The model reads no child's answer.
pub fn answer(_stdout: &[u8]) -> Option<u64> {
    None
}
