//! Kit-internal evidence: what the facades saw exercise code do — threads
//! spawned, which worker computed which part of the primes, which sealed
//! worker replies the parent read through a pipe. Only the kit's own
//! programs (`labwitness`, `labbench`) read it; exercise code may not name
//! this module (the scan allows the public facades only), so nothing here is
//! part of the students' API.

use std::cell::Cell;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// Who computed a part of the primes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Worker {
    /// The thread that called the exercise (no thread, no task of its own).
    Caller,
    /// A thread started by `crate::sync::thread::spawn` (numbered from 1).
    Thread(usize),
    /// A tokio task (`rt::spawn`, `rt::spawn_blocking`), by its task id.
    Task(u64),
}

/// One call of `crate::primes::count`, as the kit saw it.
#[derive(Clone, Debug)]
pub struct Part {
    pub lo: u64,
    pub hi: u64,
    pub count: u64,
    pub worker: Worker,
    pub os_thread: ThreadId,
    pub start: Instant,
    pub end: Instant,
}

/// A worker's reply that the parent read with `crate::process::answer`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub task: String,
    pub args: Vec<String>,
    pub value: u64,
    /// When the child started and ended its work (ns since the Unix epoch;
    /// one clock for every process).
    pub start_ns: u128,
    pub end_ns: u128,
    /// The seal matched this run's secret: a child of this run wrote it.
    pub sealed: bool,
}

#[derive(Default)]
struct Gate {
    /// How long a thread's part waits for a second one (None: never waits).
    wait: Option<Duration>,
    in_flight: usize,
    overlapped: bool,
    gave_up: bool,
}

#[derive(Default)]
struct Record {
    parts: Vec<Part>,
    replies: Vec<Reply>,
    requests_from: Vec<Worker>,
}

static SPAWNS: AtomicUsize = AtomicUsize::new(0);
static RECORD: Mutex<Record> = Mutex::new(Record {
    parts: Vec::new(),
    replies: Vec::new(),
    requests_from: Vec::new(),
});
static GATE: Mutex<Gate> = Mutex::new(Gate {
    wait: None,
    in_flight: 0,
    overlapped: false,
    gave_up: false,
});
static GATE_MOVED: Condvar = Condvar::new();
static HOLD_MS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static THREAD: Cell<usize> = const { Cell::new(0) };
}

fn lock<T>(m: &'static Mutex<T>) -> MutexGuard<'static, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Starts a fresh record. `rendezvous`: how long the first thread's part
/// waits for a second thread's part to be in flight with it, so sequential
/// code fails deterministically and parallel code hardly waits; `hold`: the
/// least time a worker process takes, so children started together overlap
/// and children started one after another never do.
pub fn begin(rendezvous: Option<Duration>, hold: Duration) {
    SPAWNS.store(0, Ordering::SeqCst);
    *lock(&RECORD) = Record::default();
    *lock(&GATE) = Gate {
        wait: rendezvous,
        ..Gate::default()
    };
    HOLD_MS.store(hold.as_millis() as usize, Ordering::SeqCst);
}

/// The primes in [lo, hi), counted by the kit and not recorded: the
/// reference the checks compare with.
pub fn count_quietly(lo: u64, hi: u64) -> u64 {
    crate::primes::count_quietly(lo, hi)
}

/// Threads spawned through the facade since `begin`.
pub fn spawns() -> usize {
    SPAWNS.load(Ordering::SeqCst)
}

pub fn parts() -> Vec<Part> {
    lock(&RECORD).parts.clone()
}

pub fn replies() -> Vec<Reply> {
    lock(&RECORD).replies.clone()
}

/// Who sent each blocking `net::get` since `begin`.
pub fn requests_from() -> Vec<Worker> {
    lock(&RECORD).requests_from.clone()
}

/// Whether two threads' parts were ever in flight together (the
/// rendezvous saw a second one arrive).
pub fn threads_overlapped() -> bool {
    lock(&GATE).overlapped
}

pub(crate) fn hold_ms() -> usize {
    HOLD_MS.load(Ordering::SeqCst)
}

/// Called by the thread facade on the new thread, first thing.
pub(crate) fn enter_thread(id: usize) {
    THREAD.with(|t| t.set(id));
}

pub(crate) fn next_thread() -> usize {
    SPAWNS.fetch_add(1, Ordering::SeqCst) + 1
}

/// Who is running the current code.
pub fn current_worker() -> Worker {
    let thread = THREAD.with(Cell::get);
    if thread != 0 {
        return Worker::Thread(thread);
    }
    match tokio::task::try_id() {
        Some(id) => {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            id.hash(&mut h);
            Worker::Task(h.finish())
        }
        None => Worker::Caller,
    }
}

pub(crate) fn note_request() {
    let worker = current_worker();
    lock(&RECORD).requests_from.push(worker);
}

/// Runs one part of the primes as `worker`, through the rendezvous when it
/// is a facade thread, and records it.
pub(crate) fn part(lo: u64, hi: u64, work: impl FnOnce() -> u64) -> u64 {
    let worker = current_worker();
    let gated = matches!(worker, Worker::Thread(_));
    if gated {
        let mut gate = lock(&GATE);
        gate.in_flight += 1;
        if gate.in_flight >= 2 {
            gate.overlapped = true;
            GATE_MOVED.notify_all();
        } else if let Some(wait) = gate.wait.filter(|_| !gate.overlapped && !gate.gave_up) {
            let deadline = Instant::now() + wait;
            while !gate.overlapped {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    // Once given up, later parts do not wait again: a
                    // sequential run costs one wait, not one per part.
                    gate.gave_up = true;
                    break;
                }
                gate = GATE_MOVED
                    .wait_timeout(gate, left)
                    .unwrap_or_else(|p| p.into_inner())
                    .0;
            }
        }
    }
    let start = Instant::now();
    let count = work();
    let end = Instant::now();
    if gated {
        lock(&GATE).in_flight -= 1;
    }
    lock(&RECORD).parts.push(Part {
        lo,
        hi,
        count,
        worker,
        os_thread: std::thread::current().id(),
        start,
        end,
    });
    count
}

pub(crate) fn note_reply(reply: Reply) {
    lock(&RECORD).replies.push(reply);
}

/// The variable that carries this run's secret to the kit's worker code in
/// a child (exercise code may not read the environment).
pub(crate) const SECRET_VAR: &str = "RACELAB_WORKER_SECRET";
pub(crate) const HOLD_VAR: &str = "RACELAB_WORKER_HOLD_MS";

/// This run's secret: random, made once per process.
pub(crate) fn secret() -> u128 {
    static SECRET: OnceLock<u128> = OnceLock::new();
    *SECRET.get_or_init(|| {
        let half = |salt: u64| {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            salt.hash(&mut h);
            std::process::id().hash(&mut h);
            std::time::SystemTime::now().hash(&mut h);
            h.finish() as u128
        };
        (half(1) << 64) | half(2)
    })
}

/// The seal over a reply's fields with `secret`.
pub(crate) fn seal(
    secret: u128,
    task: &str,
    args: &[String],
    value: u64,
    start_ns: u128,
    end_ns: u128,
) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    secret.hash(&mut h);
    task.hash(&mut h);
    args.hash(&mut h);
    value.hash(&mut h);
    start_ns.hash(&mut h);
    end_ns.hash(&mut h);
    secret.rotate_left(64).hash(&mut h);
    h.finish()
}
