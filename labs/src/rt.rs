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
    static START: Cell<Option<tokio::time::Instant>> = const { Cell::new(None) };
    static NEXT_TASK: Cell<usize> = const { Cell::new(1) };
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
    NEXT_TASK.with(|n| n.set(1));
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, async {
        START.with(|s| s.set(Some(tokio::time::Instant::now())));
        TASK.scope("main".to_string(), future).await
    })
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
    let inner = tokio::task::spawn_local(TASK.scope(name, async move {
        log("start");
        let output = future.await;
        log("done");
        output
    }));
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
        log(format!(
            "await sleep({} ms) {}",
            duration.as_millis(),
            short(site)
        ));
        tokio::time::sleep(duration).await;
    }
}

/// Lets the other ready tasks run, then goes on.
#[track_caller]
pub fn yield_now() -> impl Future<Output = ()> {
    let site = Location::caller();
    async move {
        log(format!("await yield_now() {}", short(site)));
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
            log(format!("await lock() {}", short(site)));
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
            name: site_name(Location::caller()).into(),
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
