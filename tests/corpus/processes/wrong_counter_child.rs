//! expect: reject
//! class: answer for another question
//! why: asks the child about the registry's 10 whatever the counter is

use crate::process;

pub fn child_work(copy: u64) -> u64 {
    copy + 1
}

pub fn run_child(counter: u64) -> (u64, u64) {
    let output = process::worker("increment", &["10".to_string()]).output().unwrap();
    let child = process::answer(&output.stdout).unwrap();
    (counter, child - 10 + counter)
}
