//! The model twin of `labs/src/rt.rs`: the same async API (tasks on one
//! thread, virtual time, an async Mutex, `Shared` values), run by the task
//! explorer (`crate::tasks`). Exercise files compiled into the checker
//! resolve `crate::rt` to this module.

use std::cell::RefCell;
use std::fmt::Debug;
use std::future::Future;
use std::panic::Location;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::model::recorder::{ObjId, ObjKind};
use crate::tasks::executor::{self as exec, TaskAction, TaskId};
use crate::text::Text;

/// Runs `future` as the task `main` with every task it spawns, in the
/// schedule the explorer chose for this execution.
pub fn run<F: Future + 'static>(future: F) -> F::Output {
    FETCHES.with(|f| f.borrow_mut().clear());
    exec::run(future).unwrap_or_else(|| {
        // The model ended without `main` finishing (a deadlock, or too many
        // steps); the explorer reports why.
        std::panic::panic_any(crate::model::recorder::AbortThread)
    })
}

/// Virtual time since `run` started.
pub fn now() -> Duration {
    exec::now()
}

struct JoinSlot<T> {
    value: Option<T>,
    panicked: Option<String>,
    waiter: Option<TaskId>,
}

pub struct JoinHandle<T> {
    slot: Rc<RefCell<JoinSlot<T>>>,
    task: TaskId,
    site: &'static Location<'static>,
    waiting: bool,
}

/// Spawns a task on this thread (T1, T2, …). The future need not be `Send`.
#[track_caller]
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    let site = Location::caller();
    let slot = Rc::new(RefCell::new(JoinSlot {
        value: None,
        panicked: None,
        waiter: None,
    }));
    let done = slot.clone();
    let on_panic = slot.clone();
    let name = format!("T{}", exec::next_task_id());
    let task = exec::spawn(
        Box::pin(async move {
            let value = future.await;
            let mut slot = done.borrow_mut();
            slot.value = Some(value);
            if let Some(waiter) = slot.waiter.take() {
                exec::wake(waiter);
            }
        }),
        name,
        Box::new(move |message| {
            let mut slot = on_panic.borrow_mut();
            slot.panicked = Some(message);
            if let Some(waiter) = slot.waiter.take() {
                exec::wake(waiter);
            }
        }),
    );
    JoinHandle {
        slot,
        task,
        site,
        waiting: false,
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = T;
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<T> {
        let mut slot = self.slot.borrow_mut();
        if let Some(value) = slot.value.take() {
            return Poll::Ready(value);
        }
        if let Some(message) = slot.panicked.clone() {
            drop(slot);
            panic!(
                "{} паниковала / panicked: {message}",
                exec::task_name(self.task)
            );
        }
        slot.waiter = Some(exec::current());
        drop(slot);
        if !self.waiting {
            self.waiting = true;
            let name = exec::task_name(self.task);
            exec::awaiting(
                Text::new(format!("завершения {name}"), format!("{name} to finish")),
                self.site,
            );
        }
        Poll::Pending
    }
}

pub struct Sleep {
    duration: Duration,
    deadline: Option<Duration>,
    site: &'static Location<'static>,
}

/// Waits `duration` of virtual time without blocking the thread.
#[track_caller]
pub fn sleep(duration: Duration) -> Sleep {
    Sleep {
        duration,
        deadline: None,
        site: Location::caller(),
    }
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        let now = exec::now();
        let duration = self.duration;
        let deadline = *self.deadline.get_or_insert(now + duration);
        if now >= deadline {
            return Poll::Ready(());
        }
        exec::timer(deadline);
        let ms = self.duration.as_millis();
        exec::awaiting(
            Text::new(format!("sleep({ms} мс)"), format!("sleep({ms} ms)")),
            self.site,
        );
        Poll::Pending
    }
}

pub struct YieldNow {
    yielded: bool,
    site: &'static Location<'static>,
}

/// Lets the other ready tasks run, then goes on.
#[track_caller]
pub fn yield_now() -> YieldNow {
    YieldNow {
        yielded: false,
        site: Location::caller(),
    }
}

impl Future for YieldNow {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        exec::awaiting(Text::same("yield_now()"), self.site);
        exec::wake(exec::current());
        Poll::Pending
    }
}

/// Runs blocking work off the loop: the tasks on this thread keep running
/// while it takes its time (its sleeps and CPU time do not count against
/// the poll that started it).
#[track_caller]
pub fn spawn_blocking<F, T>(work: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let result = exec::off_loop(work);
    spawn(async move {
        // The work took no time of this loop: it is done by the time the
        // task that awaits it runs.
        match result {
            Ok(value) => value,
            Err(payload) => std::panic::resume_unwind(payload),
        }
    })
}

struct MutexState {
    locked: bool,
    /// Tasks waiting, first come first served (as tokio's Mutex).
    waiters: std::collections::VecDeque<TaskId>,
    /// The lock handed to a waiter that has not run yet.
    handed_to: Option<TaskId>,
}

/// An async mutex: `lock().await` waits without blocking the thread, and the
/// guard may be held across an `.await`.
pub struct Mutex<T> {
    state: RefCell<MutexState>,
    value: RefCell<T>,
    obj: ObjId,
}

pub struct MutexGuard<'a, T> {
    mutex: &'a Mutex<T>,
    value: std::cell::RefMut<'a, T>,
}

impl<T> Mutex<T> {
    #[track_caller]
    pub fn new(value: T) -> Self {
        Mutex {
            state: RefCell::new(MutexState {
                locked: false,
                waiters: Default::default(),
                handed_to: None,
            }),
            value: RefCell::new(value),
            obj: exec::new_object(ObjKind::Mutex, Location::caller()),
        }
    }

    #[track_caller]
    pub fn lock(&self) -> Lock<'_, T> {
        Lock {
            mutex: self,
            site: Location::caller(),
            queued: false,
        }
    }
}

pub struct Lock<'a, T> {
    mutex: &'a Mutex<T>,
    site: &'static Location<'static>,
    queued: bool,
}

impl<'a, T> Future for Lock<'a, T> {
    type Output = MutexGuard<'a, T>;
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<MutexGuard<'a, T>> {
        let me = exec::current();
        let mutex = self.mutex;
        let mut state = mutex.state.borrow_mut();
        let mine = state.handed_to == Some(me) || (!state.locked && state.waiters.is_empty());
        if mine {
            state.handed_to = None;
            state.locked = true;
            drop(state);
            exec::record(TaskAction::Lock { obj: mutex.obj });
            return Poll::Ready(MutexGuard {
                mutex,
                value: mutex.value.borrow_mut(),
            });
        }
        if !self.queued {
            state.waiters.push_back(me);
            drop(state);
            self.queued = true;
            exec::awaiting(
                Text::new("lock() — замок занят", "lock() — the lock is taken"),
                self.site,
            );
        }
        Poll::Pending
    }
}

impl<T> std::ops::Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> std::ops::DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        let mut state = self.mutex.state.borrow_mut();
        state.locked = false;
        if exec::active() {
            exec::record(TaskAction::Unlock {
                obj: self.mutex.obj,
            });
        }
        if let Some(next) = state.waiters.pop_front() {
            state.handed_to = Some(next);
            state.locked = true;
            exec::wake(next);
        }
    }
}

/// A value shared by the tasks of one thread (an `Rc<RefCell<T>>`) whose
/// reads and writes the explorer records under the name of the field or
/// variable it was created for. Clones share the value.
pub struct Shared<T> {
    value: Rc<RefCell<T>>,
    obj: ObjId,
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared {
            value: Rc::clone(&self.value),
            obj: self.obj,
        }
    }
}

impl<T: Clone + Debug> Shared<T> {
    #[track_caller]
    pub fn new(value: T) -> Self {
        Shared {
            value: Rc::new(RefCell::new(value)),
            obj: exec::new_object(ObjKind::Shared, Location::caller()),
        }
    }

    pub fn get(&self) -> T {
        let value = self.value.borrow().clone();
        exec::record(TaskAction::Read {
            obj: self.obj,
            value: format!("{value:?}"),
        });
        value
    }

    pub fn set(&self, value: T) {
        exec::record(TaskAction::Write {
            obj: self.obj,
            value: format!("{value:?}"),
        });
        *self.value.borrow_mut() = value;
    }

    pub fn with<R: Debug>(&self, read: impl FnOnce(&T) -> R) -> R {
        let result = read(&self.value.borrow());
        exec::record(TaskAction::Read {
            obj: self.obj,
            value: format!("{result:?}"),
        });
        result
    }

    pub fn with_mut<R>(&self, change: impl FnOnce(&mut T) -> R) -> R {
        let result = change(&mut self.value.borrow_mut());
        exec::record(TaskAction::Write {
            obj: self.obj,
            value: format!("{:?}", self.value.borrow()),
        });
        result
    }
}

/// Records a scenario's annotation on the current task's timeline.
pub fn note(text: Text) {
    exec::record(TaskAction::Note(text));
}

thread_local! {
    /// How many times `fetch` was called for each key in the current `run`.
    static FETCHES: RefCell<Vec<(String, u32)>> = const { RefCell::new(Vec::new()) };
}

/// A simulated network request (10 ms of virtual time) that returns the
/// key in upper case. The kit counts every call per key, so a verdict on
/// "one fetch per key" rests on the kit's count, not on the exercise's.
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
    note(Text::same(format!("fetch({key:?})")));
    let value = key.to_uppercase();
    async move {
        Sleep {
            duration: Duration::from_millis(10),
            deadline: None,
            site,
        }
        .await;
        value
    }
}

/// How many times `fetch(key)` was called in the current (or last) `run`
/// (kit-internal: scenarios read it; exercise code cannot, the scan refuses
/// the path).
#[doc(hidden)]
pub fn fetches(key: &str) -> u32 {
    FETCHES.with(|f| {
        f.borrow()
            .iter()
            .find(|(k, _)| k == key)
            .map_or(0, |(_, n)| *n)
    })
}
