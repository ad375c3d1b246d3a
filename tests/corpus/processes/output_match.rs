//! expect: accept
//! class: unusual correct fix
//! why: output() and a match instead of expect

use crate::process;

pub fn child_work(copy: u64) -> u64 {
    copy + 1
}

pub fn run_child(counter: u64) -> (u64, u64) {
    match process::worker("increment", &[counter.to_string()]).output() {
        Ok(output) if output.status.success() => match process::answer(&output.stdout) {
            Some(child) => (counter, child),
            None => panic!("no number from the child"),
        },
        other => panic!("the child failed: {other:?}"),
    }
}
