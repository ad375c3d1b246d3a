//! Child processes of the lab's own binary: a worker is the running program
//! started again with `__worker <task> <args…>`; it prints its result on
//! stdout, which the parent reads through a pipe. The kit's programs
//! (`labwitness`, `labbench`) call [`serve_worker_if_asked`] first thing.

use std::process::{Command, Stdio};

/// A command that starts a worker for `task` with `args`, its stdout piped.
pub fn worker(task: &str, args: &[String]) -> Command {
    let exe = std::env::current_exe().expect("the running program");
    let mut command = Command::new(exe);
    command
        .arg("__worker")
        .arg(task)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    command
}

/// If this process was started as a worker, does the work, prints the
/// result and exits; otherwise returns.
pub fn serve_worker_if_asked() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) != Some("__worker") {
        return;
    }
    let result = match args.get(1).map(String::as_str) {
        Some("primes") => {
            let lo: u64 = args[2].parse().expect("lo");
            let hi: u64 = args[3].parse().expect("hi");
            crate::cpu_bound::count_primes(lo, hi).to_string()
        }
        Some("increment") => {
            let value: u64 = args[2].parse().expect("a value");
            crate::processes::child_work(value).to_string()
        }
        other => {
            eprintln!("unknown worker task {other:?}");
            std::process::exit(2);
        }
    };
    println!("{result}");
    std::process::exit(0);
}
