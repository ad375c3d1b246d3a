//! expect: accept
//! class: unusual correct fix
//! why: spawn, then wait_with_output, answer read twice (the same sealed line)

use crate::process;

pub fn child_work(copy: u64) -> u64 {
    copy + 1
}

pub fn run_child(counter: u64) -> (u64, u64) {
    let child = process::worker("increment", &[counter.to_string()])
        .spawn()
        .expect("starting the child");
    let output = child.wait_with_output().expect("the child ends");
    let first = process::answer(&output.stdout);
    let again = process::answer(&output.stdout);
    assert_eq!(first, again);
    (counter, first.expect("a number"))
}
