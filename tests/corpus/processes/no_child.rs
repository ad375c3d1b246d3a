//! expect: reject
//! class: no child process
//! why: returns counter + 1 without starting any child

use crate::process;

pub fn child_work(copy: u64) -> u64 {
    copy + 1
}

pub fn run_child(counter: u64) -> (u64, u64) {
    (counter, child_work(counter))
}
