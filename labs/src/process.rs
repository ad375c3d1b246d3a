//! Child processes of the lab's own binary: a worker is the running program
//! started again with `__worker <task> <args…>`; it prints its result on
//! stdout, which the parent reads through a pipe and hands to [`answer`].
//! The kit's programs (`labwitness`, `labbench`) call
//! [`serve_worker_if_asked`] first thing.
//!
//! A worker's line carries a seal made with this run's secret, which the
//! kit passes to the child in its environment: the kit can tell an answer a
//! child of this run printed from a number the parent made up.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::__kit;

/// A command that starts a worker for `task` with `args`, its stdout piped.
pub fn worker(task: &str, args: &[String]) -> Command {
    let exe = std::env::current_exe().expect("the running program");
    let mut command = Command::new(exe);
    command
        .arg("__worker")
        .arg(task)
        .args(args)
        .env(__kit::SECRET_VAR, __kit::secret().to_string())
        .env(__kit::HOLD_VAR, __kit::hold_ms().to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    command
}

/// The number in a worker's answer, read from its stdout (the bytes that
/// came through the pipe); `None` if they hold no worker's answer.
pub fn answer(stdout: &[u8]) -> Option<u64> {
    let text = String::from_utf8_lossy(stdout);
    let mut words = text.split_whitespace();
    let value: u64 = words.next()?.parse().ok()?;
    if let Some(reply) = words.next().and_then(|seal| unseal(value, seal)) {
        __kit::note_reply(reply);
    }
    Some(value)
}

/// `seal` is `task:arg,arg:start:end:hex`.
fn unseal(value: u64, seal: &str) -> Option<__kit::Reply> {
    let mut fields = seal.split(':');
    let task = fields.next()?.to_string();
    let args: Vec<String> = match fields.next()? {
        "" => Vec::new(),
        list => list.split(',').map(str::to_string).collect(),
    };
    let start_ns: u128 = fields.next()?.parse().ok()?;
    let end_ns: u128 = fields.next()?.parse().ok()?;
    let mac = u64::from_str_radix(fields.next()?, 16).ok()?;
    let sealed = mac == __kit::seal(__kit::secret(), &task, &args, value, start_ns, end_ns);
    Some(__kit::Reply {
        task,
        args,
        value,
        start_ns,
        end_ns,
        sealed,
    })
}

fn epoch_ns() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

/// If this process was started as a worker, does the work, prints the
/// result and exits; otherwise returns. For the kit's programs' `main`.
#[doc(hidden)]
pub fn serve_worker_if_asked() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) != Some("__worker") {
        return;
    }
    let secret: u128 = std::env::var(__kit::SECRET_VAR)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    let hold = Duration::from_millis(
        std::env::var(__kit::HOLD_VAR)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
    );
    let started = Instant::now();
    let start_ns = epoch_ns();
    let task = args.get(1).cloned().unwrap_or_default();
    let task_args: Vec<String> = args.iter().skip(2).cloned().collect();
    let value = match task.as_str() {
        "primes" => {
            let lo: u64 = args[2].parse().expect("lo");
            let hi: u64 = args[3].parse().expect("hi");
            crate::primes::count_quietly(lo, hi)
        }
        "increment" => {
            let value: u64 = args[2].parse().expect("a value");
            crate::processes::child_work(value)
        }
        other => {
            eprintln!("unknown worker task {other:?}");
            std::process::exit(2);
        }
    };
    // A child lasts at least `hold`, so children started together are seen
    // working at the same time and children started in turn never are.
    std::thread::sleep(hold.saturating_sub(started.elapsed()));
    let end_ns = epoch_ns();
    let mac = __kit::seal(secret, &task, &task_args, value, start_ns, end_ns);
    println!(
        "{value} {task}:{}:{start_ns}:{end_ns}:{mac:016x}",
        task_args.join(",")
    );
    std::process::exit(0);
}
