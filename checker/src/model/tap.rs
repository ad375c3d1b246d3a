//! A listener on every execution an exploration runs, for the front ends
//! that need more than the outcome table and the best counterexample:
//! `cargo lab play` walks all of them, `explain --execution N` replays one.
//! Nothing listens during a check: the hooks then cost one thread-local
//! read per execution.

use std::cell::RefCell;

use super::outcome::Outcome;
use super::recorder::ExecRecord;
use super::schedule::Step;

/// One execution as a listener sees it.
pub enum Seen<'a> {
    /// A new exploration starts (thread models: its preemption bound).
    Begin { bound: Option<usize> },
    /// A thread model's execution, as recorded.
    Threads {
        record: &'a ExecRecord,
        outcome: &'a Outcome,
    },
    /// A task model's schedule: its steps (one poll each) and outcome.
    Tasks {
        steps: Vec<Step>,
        switches: usize,
        outcome: &'a Outcome,
    },
}

type Listener = Box<dyn FnMut(Seen<'_>)>;

thread_local! {
    static LISTENER: RefCell<Option<Listener>> = const { RefCell::new(None) };
}

/// Runs `body` with `listener` told of every exploration and execution.
pub fn listen<R>(listener: impl FnMut(Seen<'_>) + 'static, body: impl FnOnce() -> R) -> R {
    LISTENER.with(|l| *l.borrow_mut() = Some(Box::new(listener)));
    let result = body();
    LISTENER.with(|l| *l.borrow_mut() = None);
    result
}

pub fn listening() -> bool {
    LISTENER.with(|l| l.try_borrow().map(|l| l.is_some()).unwrap_or(false))
}

fn tell(seen: Seen<'_>) {
    LISTENER.with(|l| {
        if let Ok(mut l) = l.try_borrow_mut() {
            if let Some(listener) = l.as_mut() {
                listener(seen);
            }
        }
    });
}

pub fn begin(bound: Option<usize>) {
    tell(Seen::Begin { bound });
}

pub fn threads(record: &ExecRecord, outcome: &Outcome) {
    tell(Seen::Threads { record, outcome });
}

pub fn tasks(steps: impl FnOnce() -> (Vec<Step>, usize), outcome: &Outcome) {
    if listening() {
        let (steps, switches) = steps();
        tell(Seen::Tasks {
            steps,
            switches,
            outcome,
        });
    }
}
