//! Reference solution for `processes`: the child's result comes back through
//! the pipe of its stdout; the parent's own counter never changes.

use crate::process;

pub fn child_work(copy: u64) -> u64 {
    copy + 1
}

pub fn run_child(counter: u64) -> (u64, u64) {
    let output = process::worker("increment", &[counter.to_string()])
        .output()
        .expect("запуск дочернего процесса / starting the child");
    let child = process::answer(&output.stdout).expect("число от дочернего процесса / a number from the child");
    (counter, child)
}
