//! The kit's single-thread async facade: tasks that switch only at `.await`.
//! Everything async in an exercise comes from here (`use crate::rt::…`).
//!
//! In this crate it is tokio: a current-thread runtime with a `LocalSet`
//! (tasks may hold `Rc`), and a paused clock, so time is virtual and every
//! run is the same. The checker compiles the same exercise files against its
//! own executor (`checker/src/rt/`), which tries every order of ready tasks.
//!
//! `run` also keeps an event log (virtual time, task, what it did) that
//! `events()` returns: task starts and ends, awaits, and the reads and writes
//! of `Shared` values.
//!
//! Every poll of a task is measured (`probe`): a poll that computes for long
//! or waits inside (`std::thread::sleep`, blocking I/O) holds the one thread
//! every task shares, and `held()` lists each such poll of the last `run` —
//! for real, as the checker's explorer does in its model.

use std::cell::{Cell, RefCell};
use std::fmt::Debug;
use std::future::Future;
use std::panic::Location;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

thread_local! {
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static HELD: RefCell<Vec<Held>> = const { RefCell::new(Vec::new()) };
    /// The kit's own work inside a poll (reading a source file for a name):
    /// not the task's, so it does not count.
    static EXCLUDED: Cell<probe::Spent> = const { Cell::new(probe::Spent::ZERO) };
    /// Inside a poll of a task of `run` (for `in_task`).
    static POLLING: Cell<bool> = const { Cell::new(false) };
    /// The last await each task reached, by task name.
    static LAST_AWAIT: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
    static START: Cell<Option<tokio::time::Instant>> = const { Cell::new(None) };
    static NEXT_TASK: Cell<usize> = const { Cell::new(1) };
    /// How many times `fetch` was called for each key in the current `run`.
    static FETCHES: RefCell<Vec<(String, u32)>> = const { RefCell::new(Vec::new()) };
}

tokio::task_local! {
    static TASK: String;
}

/// Runs `future` to completion on a fresh runtime with a paused clock, as the
/// task `main`, and starts a fresh event log.
pub fn run<F: Future>(future: F) -> F::Output {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("a current-thread runtime");
    LOG.with(|l| l.borrow_mut().clear());
    FETCHES.with(|f| f.borrow_mut().clear());
    HELD.with(|h| h.borrow_mut().clear());
    LAST_AWAIT.with(|a| a.borrow_mut().clear());
    NEXT_TASK.with(|n| n.set(1));
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, async {
        START.with(|s| s.set(Some(tokio::time::Instant::now())));
        TASK.scope("main".to_string(), Measured::new(future)).await
    })
}

/// A poll of a task that held the thread (kit-internal: the witness reads
/// it; exercise code cannot reach it, the checker's scan refuses the path).
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    /// `main`, `T1`, `T2`, …
    pub task: String,
    /// Where the task was: `await sleep(10 ms) (blocking.rs:26)`, or `start`.
    pub after: String,
    /// A computation (`true`) or a wait inside the poll (`false`).
    pub computing: bool,
    /// The limit it went over (not the measured time, which depends on the
    /// machine's load).
    pub limit: Duration,
}

/// The polls of the last `run` that held the thread.
#[doc(hidden)]
pub fn held() -> Vec<Held> {
    HELD.with(|h| h.borrow().clone())
}

/// Whether the caller runs inside a task of `run` (not in `spawn_blocking`'s
/// work, which has its own thread): where a blocking call would hold every
/// task, so the kit's blocking clients can refuse at once and name their
/// async twin instead of hanging.
#[doc(hidden)]
pub fn in_task() -> bool {
    POLLING.with(|p| p.get())
}

/// A task's future, each poll measured.
struct Measured<F> {
    inner: Pin<Box<F>>,
}

impl<F> Measured<F> {
    fn new(inner: F) -> Self {
        Measured {
            inner: Box::pin(inner),
        }
    }
}

impl<F: Future> Future for Measured<F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        EXCLUDED.with(|e| e.set(probe::Spent::ZERO));
        let start = probe::Sample::now();
        // Restored on unwinding too: tokio catches a task's panic.
        struct Polling(bool);
        impl Drop for Polling {
            fn drop(&mut self) {
                POLLING.with(|p| p.set(self.0));
            }
        }
        let _polling = Polling(POLLING.with(|p| p.replace(true)));
        let result = self.inner.as_mut().poll(cx);
        let spent = start.spent().without(EXCLUDED.with(|e| e.get()));
        if let Some(hold) = spent.hold() {
            let task = task_name();
            let after = LAST_AWAIT.with(|a| {
                a.borrow()
                    .iter()
                    .rev()
                    .find(|(t, _)| *t == task)
                    .map(|(_, at)| at.clone())
            });
            HELD.with(|h| {
                h.borrow_mut().push(Held {
                    task,
                    after: after.unwrap_or_else(|| "start".to_string()),
                    computing: hold == probe::Hold::Cpu,
                    limit: hold.limit(),
                })
            });
        }
        result
    }
}

/// Runs `work` (the kit's own, inside a poll) without counting it.
fn unmeasured<T>(work: impl FnOnce() -> T) -> T {
    let start = probe::Sample::now();
    let value = work();
    let spent = start.spent();
    EXCLUDED.with(|e| {
        let mut total = e.get();
        total.add(spent);
        e.set(total);
    });
    value
}

/// Notes the await the current task has reached (for `held`).
fn reached(what: &str) {
    let task = task_name();
    LAST_AWAIT.with(|a| {
        let mut a = a.borrow_mut();
        a.retain(|(t, _)| *t != task);
        a.push((task, what.to_string()));
    });
}

/// The event log of the last `run`, one line per event.
pub fn events() -> Vec<String> {
    LOG.with(|l| l.borrow().clone())
}

/// Virtual time since `run` started.
pub fn now() -> Duration {
    START
        .with(|s| s.get())
        .map(|start| tokio::time::Instant::now() - start)
        .unwrap_or_default()
}

fn task_name() -> String {
    TASK.try_with(|t| t.clone())
        .unwrap_or_else(|_| "?".to_string())
}

fn log(what: impl Into<String>) {
    let line = format!(
        "[{:>5} ms] {:<5} {}",
        now().as_millis(),
        task_name(),
        what.into()
    );
    LOG.with(|l| l.borrow_mut().push(line));
}

/// Spawns a task on this thread (T1, T2, … in the log). The future need not
/// be `Send`.
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    let name = NEXT_TASK.with(|n| {
        let id = n.get();
        n.set(id + 1);
        format!("T{id}")
    });
    log(format!("spawn {name}"));
    let inner = tokio::task::spawn_local(TASK.scope(
        name,
        Measured::new(async move {
            log("start");
            let output = future.await;
            log("done");
            output
        }),
    ));
    JoinHandle { inner }
}

/// Awaiting it gives the task's output (a panic in the task is passed on).
pub struct JoinHandle<T> {
    inner: tokio::task::JoinHandle<T>,
}

impl<T> Future for JoinHandle<T> {
    type Output = T;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        match Pin::new(&mut self.inner).poll(cx) {
            Poll::Ready(Ok(value)) => Poll::Ready(value),
            Poll::Ready(Err(e)) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Poll::Ready(Err(e)) => panic!("task failed: {e}"),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Waits `duration` of (virtual) time without blocking the thread: other
/// tasks run meanwhile.
#[track_caller]
pub fn sleep(duration: Duration) -> impl Future<Output = ()> {
    let site = Location::caller();
    async move {
        let what = format!("sleep({} ms) {}", duration.as_millis(), short(site));
        reached(&what);
        log(format!("await {what}"));
        tokio::time::sleep(duration).await;
    }
}

/// A simulated network request (10 ms of virtual time) that returns the
/// key in upper case. The kit counts every call per key (`fetches`), so a
/// verdict on "one fetch per key" rests on the kit's count, not on the
/// exercise's.
#[track_caller]
pub fn fetch(key: &str) -> impl Future<Output = String> + 'static {
    let site = Location::caller();
    FETCHES.with(|f| {
        let mut fetches = f.borrow_mut();
        match fetches.iter_mut().find(|(k, _)| k == key) {
            Some((_, n)) => *n += 1,
            None => fetches.push((key.to_string(), 1)),
        }
    });
    log(format!("fetch({key:?}) {}", short(site)));
    let value = key.to_uppercase();
    async move {
        let what = format!("sleep(10 ms) {}", short(site));
        reached(&what);
        log(format!("await {what}"));
        tokio::time::sleep(Duration::from_millis(10)).await;
        value
    }
}

/// How many times `fetch(key)` was called in the current (or last) `run`
/// (kit-internal: the witness reads it; exercise code cannot reach it, the
/// checker's scan refuses the path).
#[doc(hidden)]
pub fn fetches(key: &str) -> u32 {
    FETCHES.with(|f| {
        f.borrow()
            .iter()
            .find(|(k, _)| k == key)
            .map_or(0, |(_, n)| *n)
    })
}

/// Lets the other ready tasks run, then goes on.
#[track_caller]
pub fn yield_now() -> impl Future<Output = ()> {
    let site = Location::caller();
    async move {
        let what = format!("yield_now() {}", short(site));
        reached(&what);
        log(format!("await {what}"));
        tokio::task::yield_now().await;
    }
}

/// Runs blocking work (`std::thread::sleep`, heavy computation) on a
/// separate thread, so the tasks on this one keep running.
pub fn spawn_blocking<F, T>(work: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    log("spawn_blocking");
    JoinHandle {
        inner: tokio::task::spawn_blocking(work),
    }
}

fn short(site: &Location<'_>) -> String {
    let file = std::path::Path::new(site.file())
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("({file}:{})", site.line())
}

/// An async mutex: `lock().await` waits without blocking the thread, and the
/// guard may be held across an `.await`.
pub struct Mutex<T> {
    inner: tokio::sync::Mutex<T>,
}

pub type MutexGuard<'a, T> = tokio::sync::MutexGuard<'a, T>;

impl<T> Mutex<T> {
    pub fn new(value: T) -> Self {
        Mutex {
            inner: tokio::sync::Mutex::new(value),
        }
    }

    #[track_caller]
    pub fn lock(&self) -> impl Future<Output = MutexGuard<'_, T>> {
        let site = Location::caller();
        async move {
            let what = format!("lock() {}", short(site));
            reached(&what);
            log(format!("await {what}"));
            self.inner.lock().await
        }
    }
}

/// A value shared by the tasks of one thread: an `Rc<RefCell<T>>` whose
/// reads and writes appear in the event log (and in the checker's
/// counterexamples) under the name of the field or variable it was created
/// for. Clones share the value.
pub struct Shared<T> {
    value: Rc<RefCell<T>>,
    name: Rc<str>,
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared {
            value: Rc::clone(&self.value),
            name: Rc::clone(&self.name),
        }
    }
}

impl<T: Clone + Debug> Shared<T> {
    #[track_caller]
    pub fn new(value: T) -> Self {
        Shared {
            value: Rc::new(RefCell::new(value)),
            name: {
                let site = Location::caller();
                unmeasured(|| site_name(site)).into()
            },
        }
    }

    /// A copy of the value.
    pub fn get(&self) -> T {
        let value = self.value.borrow().clone();
        log(format!("read {} → {value:?}", self.name));
        value
    }

    pub fn set(&self, value: T) {
        log(format!("write {} ← {value:?}", self.name));
        *self.value.borrow_mut() = value;
    }

    /// Reads through a closure (no copy of the whole value).
    pub fn with<R: Debug>(&self, read: impl FnOnce(&T) -> R) -> R {
        let result = read(&self.value.borrow());
        log(format!("read {} → {result:?}", self.name));
        result
    }

    /// Changes the value in place through a closure.
    pub fn with_mut<R>(&self, change: impl FnOnce(&mut T) -> R) -> R {
        let result = change(&mut self.value.borrow_mut());
        log(format!("write {} ← {:?}", self.name, self.value.borrow()));
        result
    }
}

/// The field or variable a value was created for, from its source line
/// (`value: Shared::new(0)` → `value`); the checker uses the same rule.
fn site_name(site: &Location<'_>) -> String {
    // Paths in `Location` are relative to the workspace root.
    let workspace = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    std::fs::read_to_string(site.file())
        .or_else(|_| std::fs::read_to_string(std::path::Path::new(workspace).join(site.file())))
        .ok()
        .and_then(|text| {
            let line = text.lines().nth(site.line() as usize - 1)?.to_string();
            let prefix: String = line.chars().take(site.column() as usize - 1).collect();
            let prefix = prefix.trim_end();
            let ident_end = prefix.trim_end_matches(['=', ':', ' ']);
            let ident: String = ident_end
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            (!ident.is_empty()).then_some(ident)
        })
        .unwrap_or_else(|| "shared".to_string())
}

/// Measures a poll: the thread's own CPU time, and its voluntary waits. A
/// copy of the checker's `checker/src/tasks/probe.rs` (which explains the
/// limits); keep the two in step.
mod probe {
    use std::time::{Duration, Instant};

    /// A poll that computes this long holds the loop (a task's step takes
    /// microseconds).
    pub const CPU_LIMIT: Duration = Duration::from_millis(10);
    /// A poll that waits off the CPU this long, after a voluntary switch,
    /// holds the loop (a correct task's step never waits at all).
    pub const WAIT_LIMIT: Duration = Duration::from_millis(3);
    /// Without per-thread accounting, only a long wall time is left.
    pub const WALL_LIMIT: Duration = Duration::from_millis(50);

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Hold {
        Cpu,
        Wait,
    }

    impl Hold {
        pub fn limit(self) -> Duration {
            match self {
                Hold::Cpu => CPU_LIMIT,
                Hold::Wait if measured() => WAIT_LIMIT,
                Hold::Wait => WALL_LIMIT,
            }
        }
    }

    #[derive(Clone, Copy, Debug)]
    pub struct Sample {
        wall: Instant,
        cpu: Duration,
        voluntary: i64,
        queued: Option<Duration>,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Spent {
        pub wall: Duration,
        pub cpu: Duration,
        pub voluntary: i64,
        /// Off the CPU and not runnable: waiting for a timer, I/O or a lock.
        pub waited: Duration,
    }

    impl Spent {
        pub const ZERO: Spent = Spent {
            wall: Duration::ZERO,
            cpu: Duration::ZERO,
            voluntary: 0,
            waited: Duration::ZERO,
        };

        pub fn without(self, inner: Spent) -> Spent {
            Spent {
                wall: self.wall.saturating_sub(inner.wall),
                cpu: self.cpu.saturating_sub(inner.cpu),
                voluntary: (self.voluntary - inner.voluntary).max(0),
                waited: self.waited.saturating_sub(inner.waited),
            }
        }

        pub fn add(&mut self, other: Spent) {
            self.wall += other.wall;
            self.cpu += other.cpu;
            self.voluntary += other.voluntary;
            self.waited += other.waited;
        }

        pub fn hold(&self) -> Option<Hold> {
            if !measured() {
                return (self.wall >= WALL_LIMIT).then_some(Hold::Wait);
            }
            if self.cpu >= CPU_LIMIT {
                Some(Hold::Cpu)
            } else if self.voluntary > 0 && self.waited >= WAIT_LIMIT {
                Some(Hold::Wait)
            } else {
                None
            }
        }
    }

    impl Sample {
        pub fn now() -> Sample {
            let (cpu, voluntary) = thread_usage();
            Sample {
                wall: Instant::now(),
                cpu,
                voluntary,
                queued: run_queue_time(),
            }
        }

        pub fn spent(&self) -> Spent {
            let end = Sample::now();
            let wall = end.wall.duration_since(self.wall);
            let cpu = end.cpu.saturating_sub(self.cpu);
            let queued = match (self.queued, end.queued) {
                (Some(a), Some(b)) => b.saturating_sub(a),
                _ => Duration::ZERO,
            };
            Spent {
                wall,
                cpu,
                voluntary: end.voluntary - self.voluntary,
                waited: wall.saturating_sub(cpu).saturating_sub(queued),
            }
        }
    }

    pub fn measured() -> bool {
        cfg!(target_os = "linux")
    }

    #[cfg(target_os = "linux")]
    fn thread_usage() -> (Duration, i64) {
        // `getrusage`'s CPU times lag behind for the running thread (they are
        // brought up to date at the next tick or switch, up to a tick late), so
        // the CPU time comes from the thread's clock, which is exact; the count
        // of voluntary switches from `getrusage`.
        // SAFETY: both calls write into the zeroed structs they are given.
        let (clock, usage) = unsafe {
            let mut clock: libc::timespec = std::mem::zeroed();
            let mut usage: libc::rusage = std::mem::zeroed();
            if libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut clock) != 0
                || libc::getrusage(libc::RUSAGE_THREAD, &mut usage) != 0
            {
                return (Duration::ZERO, 0);
            }
            (clock, usage)
        };
        // `c_long` is i32 on 32-bit targets.
        #[allow(clippy::unnecessary_cast)]
        let voluntary = usage.ru_nvcsw as i64;
        (
            Duration::new(clock.tv_sec as u64, clock.tv_nsec as u32),
            voluntary,
        )
    }

    #[cfg(not(target_os = "linux"))]
    fn thread_usage() -> (Duration, i64) {
        (Duration::ZERO, 0)
    }

    #[cfg(target_os = "linux")]
    fn run_queue_time() -> Option<Duration> {
        use std::cell::RefCell;
        use std::fs::File;
        use std::os::unix::fs::FileExt;
        thread_local! {
            static SCHEDSTAT: RefCell<Option<Option<File>>> = const { RefCell::new(None) };
        }
        SCHEDSTAT.with(|cell| {
            let mut cell = cell.borrow_mut();
            let file = cell
                .get_or_insert_with(|| File::open("/proc/thread-self/schedstat").ok())
                .as_ref()?;
            let mut buf = [0u8; 96];
            let n = file.read_at(&mut buf, 0).ok()?;
            let text = std::str::from_utf8(&buf[..n]).ok()?;
            let nanos: u64 = text.split_whitespace().nth(1)?.parse().ok()?;
            Some(Duration::from_nanos(nanos))
        })
    }

    #[cfg(not(target_os = "linux"))]
    fn run_queue_time() -> Option<Duration> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spins until this thread has used `cpu` of CPU time (not wall time:
    /// on a loaded machine the two differ).
    fn spin_cpu(cpu: Duration) -> u64 {
        let start = probe::Sample::now();
        let mut x = 0u64;
        while start.spent().cpu < cpu {
            for _ in 0..1000 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
            }
        }
        x
    }

    fn tick_and(work: impl Future<Output = ()> + 'static) -> Vec<Held> {
        run(async move {
            let ticker = spawn(async {
                for _ in 0..3 {
                    sleep(Duration::from_millis(10)).await;
                }
            });
            let worker = spawn(async move {
                yield_now().await;
                work.await;
            });
            ticker.await;
            worker.await;
        });
        held()
    }

    #[test]
    fn a_long_computation_in_a_task_is_seen() {
        let held = tick_and(async {
            spin_cpu(Duration::from_millis(20));
        });
        assert_eq!(held.len(), 1, "{held:?}");
        assert_eq!(held[0].task, "T2");
        assert!(held[0].computing);
        assert!(held[0].after.starts_with("yield_now() (rt.rs:"), "{held:?}");
    }

    #[test]
    fn a_real_sleep_in_a_task_is_seen() {
        let held = tick_and(async {
            std::thread::sleep(Duration::from_millis(5));
        });
        if probe::measured() {
            assert_eq!(held.len(), 1, "{held:?}");
            assert_eq!(held[0].task, "T2");
            assert!(!held[0].computing);
            assert_eq!(held[0].limit, probe::WAIT_LIMIT);
        }
    }

    #[test]
    fn a_task_knows_it_is_one() {
        assert!(!in_task());
        let (inside, off_loop) = run(async {
            let inside = spawn(async { in_task() }).await;
            let off_loop = spawn_blocking(in_task).await;
            (inside, off_loop)
        });
        assert!(inside);
        assert!(!off_loop);
    }

    #[test]
    fn spawn_blocking_and_async_sleep_hold_nothing() {
        let held = tick_and(async {
            sleep(Duration::from_millis(100)).await;
            spawn_blocking(|| std::thread::sleep(Duration::from_millis(20))).await;
            spawn_blocking(|| spin_cpu(Duration::from_millis(20))).await;
        });
        assert_eq!(held, Vec::new());
    }
}
