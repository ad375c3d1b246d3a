//! expect: reject
//! class: forged child answer
//! why: hands process::answer a line the parent wrote itself

use crate::process;

pub fn child_work(copy: u64) -> u64 {
    copy + 1
}

pub fn run_child(counter: u64) -> (u64, u64) {
    let _ = process::worker("increment", &[counter.to_string()]).output();
    let line = format!("{} increment:{counter}:0:0:0000000000000000", counter + 1);
    (counter, process::answer(line.as_bytes()).unwrap())
}
