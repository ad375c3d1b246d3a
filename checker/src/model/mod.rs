//! The engine: runs an exercise's scenario under loom, records every
//! execution in the student's terms and keeps what a report needs (the
//! outcome table and the counterexample with the fewest preemptions).

pub mod explore;
pub mod increments;
pub mod minimize;
pub mod names;
pub mod outcome;
pub mod panics;
pub mod recorder;
pub mod schedule;
pub mod unwind;

use crate::text::Text;

/// The size of a scenario's model, from the registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModelParams {
    pub threads: usize,
    pub ops: usize,
    /// `None`: the scenario as the task text tells it. `Some(salt)`: the
    /// same scenario with data the student cannot foresee (a scenario that
    /// uses it picks its items from the salt), so that code right only for
    /// the task's own values is still judged on others. Only scenarios whose
    /// registry entry says `salted = true` are run a second time with it.
    pub salt: Option<u32>,
}

impl ModelParams {
    /// The task's own values (no salt).
    pub const fn new(threads: usize, ops: usize) -> ModelParams {
        ModelParams {
            threads,
            ops,
            salt: None,
        }
    }
}

/// What a scenario saw at the end of one execution.
#[derive(Clone, Debug)]
pub struct Observation {
    /// The final state, e.g. "counter = 3".
    pub state: Text,
    pub expected: bool,
}

/// A scenario: builds the shared data, spawns the threads, joins them and
/// judges the final state. Runs once per explored execution.
pub type Scenario = fn(&ModelParams) -> Observation;

/// Records a scenario's annotation on the current thread's timeline, e.g. the
/// value an operation returned ("take() → Some(7)").
pub fn note(text: Text) {
    recorder::record(recorder::Action::Note(text));
}

/// Thread `idx` of a model as a report names it: the scenario's own thread is
/// `main`, the threads it spawns are T1, T2, …
pub fn thread_name(idx: recorder::ThreadIdx) -> String {
    if idx == recorder::MAIN {
        "main".to_string()
    } else {
        format!("T{idx}")
    }
}
