//! expect: reject
//! class: answer not from the pipe
//! why: starts the child and waits, but computes the answer in the parent

use crate::process;

pub fn child_work(copy: u64) -> u64 {
    copy + 1
}

pub fn run_child(counter: u64) -> (u64, u64) {
    let status = process::worker("increment", &[counter.to_string()])
        .status()
        .expect("the child runs");
    assert!(status.success());
    (counter, counter + 1)
}
