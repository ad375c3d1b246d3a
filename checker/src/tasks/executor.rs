//! One execution of a task model: the executor, its virtual clock, and the
//! record of what every task did, poll by poll.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe, Location};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use super::probe::{Hold, Sample, Spent};
use crate::model::recorder::{ObjId, ObjKind, Object};
use crate::text::Text;

pub type TaskId = usize;

/// The scenario's own task.
pub const MAIN: TaskId = 0;

/// Polls in one execution before the model is declared endless.
pub const MAX_POLLS: usize = 5_000;

#[derive(Clone, Debug)]
pub enum TaskAction {
    Read {
        obj: ObjId,
        value: String,
    },
    Write {
        obj: ObjId,
        value: String,
    },
    Lock {
        obj: ObjId,
    },
    Unlock {
        obj: ObjId,
    },
    Spawn {
        child: TaskId,
    },
    /// The task returned `Pending` here.
    Await {
        what: Text,
        site: &'static Location<'static>,
    },
    /// The poll held the whole thread (measured, see `probe`): every other
    /// task stood still meanwhile.
    Held(Hold),
    Note(Text),
    Panicked(String),
    Done,
}

#[derive(Clone, Debug)]
pub struct TaskEvent {
    pub task: TaskId,
    pub action: TaskAction,
}

/// One poll of one task: the actions it took between two switches.
#[derive(Clone, Debug)]
pub struct PollRecord {
    pub task: TaskId,
    pub start: Duration,
    pub events: std::ops::Range<usize>,
    /// Whether this poll held the thread, and how.
    pub held: Option<Hold>,
}

#[derive(Clone, Debug, Default)]
pub struct TaskRecord {
    pub events: Vec<TaskEvent>,
    pub polls: Vec<PollRecord>,
    pub objects: Vec<Object>,
    pub names: Vec<String>,
    pub panics: Vec<(TaskId, String)>,
    /// Every task waits and no timer is due: what each waits for.
    pub deadlock: Option<Vec<(TaskId, Text)>>,
    pub endless: bool,
    /// The choices made: (chosen index, number of ready tasks).
    pub choices: Vec<(usize, usize)>,
}

type TaskFuture = Pin<Box<dyn Future<Output = ()>>>;

#[derive(Default)]
struct Exec {
    record: TaskRecord,
    ready: BTreeSet<TaskId>,
    done: Vec<bool>,
    /// (deadline, sequence, task): the sequence keeps registration order.
    timers: Vec<(Duration, u64, TaskId)>,
    timer_seq: u64,
    now: Duration,
    current: Option<TaskId>,
    /// What each task waits for now (for the deadlock report).
    waiting: HashMap<TaskId, Text>,
    /// Choices to replay, then 0 at every new choice point.
    replay: Vec<usize>,
    /// What `spawn_blocking`'s work spent inside the current poll: that work
    /// is off the loop (in the real facade, on its own thread), so it does
    /// not count against the poll.
    excluded: Spent,
    on_panic: HashMap<TaskId, Box<dyn Fn(String)>>,
}

thread_local! {
    static EXEC: RefCell<Option<Exec>> = const { RefCell::new(None) };
    static FUTURES: RefCell<Vec<Option<TaskFuture>>> = const { RefCell::new(Vec::new()) };
    static WOKEN: RefCell<Vec<TaskId>> = const { RefCell::new(Vec::new()) };
    static REPLAY: RefCell<Option<Vec<usize>>> = const { RefCell::new(None) };
    static LAST: RefCell<Option<TaskRecord>> = const { RefCell::new(None) };
}

fn with<R>(f: impl FnOnce(&mut Exec) -> R) -> R {
    EXEC.with(|e| f(e.borrow_mut().as_mut().expect("inside crate::rt::run")))
}

/// Whether the current code runs inside a task model.
pub fn active() -> bool {
    EXEC.with(|e| e.try_borrow().map(|e| e.is_some()).unwrap_or(true))
}

/// The file name and line of `site`, as steps show it.
pub fn short_site(site: &Location<'_>) -> String {
    let file = std::path::Path::new(site.file())
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{file}:{}", site.line())
}

struct TaskWaker(TaskId);

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        WOKEN.with(|w| w.borrow_mut().push(self.0));
    }
}

pub fn current() -> TaskId {
    with(|e| e.current.unwrap_or(MAIN))
}

pub fn now() -> Duration {
    with(|e| e.now)
}

pub fn record(action: TaskAction) {
    with(|e| {
        let task = e.current.unwrap_or(MAIN);
        e.record.events.push(TaskEvent { task, action });
    });
}

/// The current task yields at `site`, waiting for `what`.
pub fn awaiting(what: Text, site: &'static Location<'static>) {
    with(|e| {
        let task = e.current.unwrap_or(MAIN);
        e.waiting.insert(task, what.clone());
        e.record.events.push(TaskEvent {
            task,
            action: TaskAction::Await { what, site },
        });
    });
}

pub fn wake(task: TaskId) {
    WOKEN.with(|w| w.borrow_mut().push(task));
}

/// Wakes the current task at `deadline` (virtual time).
pub fn timer(deadline: Duration) {
    with(|e| {
        let task = e.current.unwrap_or(MAIN);
        e.timer_seq += 1;
        let seq = e.timer_seq;
        e.timers.push((deadline, seq, task));
    });
}

pub fn new_object(kind: ObjKind, site: &'static Location<'static>) -> ObjId {
    with(|e| Object::add(&mut e.record.objects, kind, site))
}

/// Runs `work` as `spawn_blocking` does: off the loop, so neither its CPU
/// time nor its sleeps count against the poll that started it.
pub fn off_loop<T>(work: impl FnOnce() -> T) -> std::thread::Result<T> {
    let start = Sample::now();
    let result = catch_unwind(AssertUnwindSafe(work));
    let spent = start.spent();
    with(|e| e.excluded.add(spent));
    result
}

/// Adds a task; `on_panic` tells its join handle when the task panics.
pub fn spawn(future: TaskFuture, name: String, on_panic: Box<dyn Fn(String)>) -> TaskId {
    let id = FUTURES.with(|f| {
        let mut futures = f.borrow_mut();
        futures.push(Some(future));
        futures.len() - 1
    });
    with(|e| {
        e.done.push(false);
        e.record.names.push(name);
        e.ready.insert(id);
        e.on_panic.insert(id, on_panic);
        if let Some(parent) = e.current {
            e.record.events.push(TaskEvent {
                task: parent,
                action: TaskAction::Spawn { child: id },
            });
        }
    });
    id
}

pub fn task_name(id: TaskId) -> String {
    with(|e| e.record.names.get(id).cloned().unwrap_or_default())
}

pub fn next_task_id() -> TaskId {
    FUTURES.with(|f| f.borrow().len())
}

/// The explorer sets the choices to replay before running a scenario.
pub fn set_replay(choices: Vec<usize>) {
    REPLAY.with(|r| *r.borrow_mut() = Some(choices));
}

/// The record of the last `run`.
pub fn take_last() -> Option<TaskRecord> {
    LAST.with(|l| l.borrow_mut().take())
}

/// Runs `main` and every task it spawns to the end, on virtual time, in the
/// order the replayed choices say (the first ready task after them).
pub fn run<F: Future + 'static>(main: F) -> Option<F::Output> {
    let replay = REPLAY.with(|r| r.borrow_mut().take()).unwrap_or_default();
    EXEC.with(|e| {
        *e.borrow_mut() = Some(Exec {
            replay,
            ..Exec::default()
        })
    });
    FUTURES.with(|f| f.borrow_mut().clear());
    WOKEN.with(|w| w.borrow_mut().clear());

    let output: std::rc::Rc<RefCell<Option<F::Output>>> = Default::default();
    let slot = output.clone();
    spawn(
        Box::pin(async move {
            let value = main.await;
            *slot.borrow_mut() = Some(value);
        }),
        "main".to_string(),
        Box::new(|_| {}),
    );

    let mut polls = 0;
    loop {
        let woken: Vec<TaskId> = WOKEN.with(|w| std::mem::take(&mut *w.borrow_mut()));
        let next = with(|e| {
            for task in woken {
                if !e.done[task] {
                    e.ready.insert(task);
                    e.waiting.remove(&task);
                }
            }
            if e.ready.is_empty() {
                if e.done[MAIN] {
                    return Err(true);
                }
                // Nothing can run: let virtual time pass to the next timer;
                // every timer due then wakes its task.
                let Some(&(deadline, _, _)) = e.timers.iter().min() else {
                    let mut waits: Vec<(TaskId, Text)> =
                        e.waiting.iter().map(|(&t, w)| (t, w.clone())).collect();
                    waits.sort_by_key(|(t, _)| *t);
                    e.record.deadlock = Some(waits);
                    return Err(false);
                };
                e.now = e.now.max(deadline);
                let (due, later): (Vec<_>, Vec<_>) =
                    e.timers.drain(..).partition(|&(d, _, _)| d <= deadline);
                e.timers = later;
                for (_, _, task) in due {
                    if !e.done[task] {
                        e.ready.insert(task);
                        e.waiting.remove(&task);
                    }
                }
                return Ok(None);
            }
            let ready: Vec<TaskId> = e.ready.iter().copied().collect();
            let index = if ready.len() == 1 {
                0
            } else {
                let at = e.record.choices.len();
                let index = e.replay.get(at).copied().unwrap_or(0).min(ready.len() - 1);
                e.record.choices.push((index, ready.len()));
                index
            };
            let task = ready[index];
            e.ready.remove(&task);
            e.current = Some(task);
            let start = e.record.events.len();
            e.record.polls.push(PollRecord {
                task,
                start: e.now,
                events: start..start,
                held: None,
            });
            e.excluded = Spent::default();
            Ok(Some(task))
        });
        let task = match next {
            Ok(Some(task)) => task,
            Ok(None) => continue,
            Err(_) => break,
        };
        polls += 1;
        if polls > MAX_POLLS {
            with(|e| e.record.endless = true);
            break;
        }

        let mut future = FUTURES.with(|f| f.borrow_mut()[task].take());
        let waker = Waker::from(Arc::new(TaskWaker(task)));
        let mut cx = Context::from_waker(&waker);
        let sample = Sample::now();
        let result = match future.as_mut() {
            Some(fut) => catch_unwind(AssertUnwindSafe(|| fut.as_mut().poll(&mut cx))),
            None => Ok(Poll::Ready(())),
        };
        let spent = sample.spent();
        let held = with(|e| spent.without(e.excluded)).hold();
        let panic_message = match &result {
            Err(payload) => Some(
                crate::model::panics::payload_message(payload.as_ref())
                    .unwrap_or_else(|| "Box<dyn Any>".to_string()),
            ),
            _ => None,
        };
        let finished = !matches!(result, Ok(Poll::Pending));
        if !finished {
            FUTURES.with(|f| f.borrow_mut()[task] = future);
        }
        let on_panic = with(|e| {
            if let Some(hold) = held {
                e.record.events.push(TaskEvent {
                    task,
                    action: TaskAction::Held(hold),
                });
            }
            if finished {
                e.done[task] = true;
                e.waiting.remove(&task);
                let action = match &panic_message {
                    Some(message) => {
                        e.record.panics.push((task, message.clone()));
                        TaskAction::Panicked(message.clone())
                    }
                    None => TaskAction::Done,
                };
                e.record.events.push(TaskEvent { task, action });
            }
            let end = e.record.events.len();
            let poll = e.record.polls.last_mut().expect("a poll was started");
            poll.events.end = end;
            poll.held = held;
            e.current = None;
            if panic_message.is_some() {
                e.on_panic.remove(&task)
            } else {
                None
            }
        });
        if let (Some(notify), Some(message)) = (on_panic, panic_message) {
            notify(message);
        }
        if held.is_some() {
            // The verdict is made: running on would only repeat the real
            // sleep or computation that held the loop.
            break;
        }
    }

    FUTURES.with(|f| f.borrow_mut().clear());
    let exec = EXEC.with(|e| e.borrow_mut().take()).expect("the executor");
    LAST.with(|l| *l.borrow_mut() = Some(exec.record));
    let value = output.borrow_mut().take();
    value
}
