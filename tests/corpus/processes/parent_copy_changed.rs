//! expect: reject
//! class: shared memory believed
//! why: the parent overwrites its own counter with the child's answer

use crate::process;

pub fn child_work(copy: u64) -> u64 {
    copy + 1
}

pub fn run_child(counter: u64) -> (u64, u64) {
    let output = process::worker("increment", &[counter.to_string()]).output().unwrap();
    let child = process::answer(&output.stdout).unwrap();
    let counter = child;
    (counter, child)
}
