//! Drives loom over a scenario at one preemption bound and collects the
//! outcome table and the best counterexample (fewest preemptions, then fewest
//! steps) of that exploration.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::outcome::{classify, Outcome};
use super::panics::QuietPanics;
use super::recorder::{self, Action, ExecRecord};
use super::schedule::{self, Step};
use super::{ModelParams, Observation, Scenario};
use crate::text::Text;

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// loom's limit on scheduling points in one execution: a thread that
    /// spins forever hits it instead of hanging the check.
    pub max_branches: usize,
    /// Wall-clock budget of one exploration.
    pub time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_branches: 2_000,
            time: Duration::from_secs(20),
        }
    }
}

#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct OutcomeCount {
    pub outcome: Text,
    pub count: u64,
    pub expected: bool,
}

#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Counterexample {
    /// Thread models: preemptions. Task models have none (they switch only
    /// where a task awaits); see `switches`.
    pub preemptions: usize,
    /// Task models: how many times the running task changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switches: Option<usize>,
    /// The preemption bound of the run that found it (`None`: the run with
    /// no bound, which explores the whole model).
    pub bound: Option<usize>,
    /// Executions explored at that bound when it was found.
    pub found_after: u64,
    pub threads: Vec<String>,
    pub steps: Vec<Step>,
    pub outcome: Text,
}

#[derive(Clone, Debug)]
pub struct Exploration {
    pub bound: Option<usize>,
    pub executions: u64,
    /// False when the time budget ran out before every execution was seen.
    pub complete: bool,
    pub outcomes: Vec<OutcomeCount>,
    pub counterexample: Option<Counterexample>,
    pub elapsed: Duration,
    /// Some failing execution was too long to reorder for its fewest
    /// preemptions (`model::minimize`): the counterexample's count is then
    /// the fewest found, not a proven minimum.
    pub minimum_unproven: bool,
    /// The most worker threads (or tasks) that touched shared data in one
    /// execution: fewer than two means the exercise did no concurrent work
    /// and there was nothing to check.
    pub active_workers: usize,
    /// A limit of the model itself was hit (more threads than loom runs):
    /// the instructor's model is too big, not the student's code wrong.
    pub limit: Option<String>,
}

impl Exploration {
    pub fn forbidden(&self) -> u64 {
        self.outcomes
            .iter()
            .filter(|o| !o.expected)
            .map(|o| o.count)
            .sum()
    }
}

#[derive(Default)]
struct Collector {
    executions: u64,
    active_workers: usize,
    outcomes: Vec<OutcomeCount>,
    best: Option<(usize, usize, u64, ExecRecord, Outcome)>,
    limit: Option<String>,
    /// Classes of equivalent failing executions already minimized.
    minimized: std::collections::HashSet<u64>,
    /// A failing execution too long to reorder was kept as loom ran it.
    unproven: bool,
}

impl Collector {
    fn add(&mut self, record: ExecRecord, outcome: Outcome) {
        self.executions += 1;
        if let Some(limit) = &record.limit {
            self.limit.get_or_insert_with(|| limit.clone());
            return;
        }
        let mut workers: Vec<usize> = record
            .events
            .iter()
            .filter(|e| {
                e.thread != recorder::MAIN
                    && (e.action.is_shared_access() || matches!(e.action, Action::Work(_)))
            })
            .map(|e| e.thread)
            .collect();
        workers.sort_unstable();
        workers.dedup();
        self.active_workers = self.active_workers.max(workers.len());
        match self
            .outcomes
            .iter_mut()
            .find(|o| o.outcome == outcome.text && o.expected == outcome.expected)
        {
            Some(row) => row.count += 1,
            None => self.outcomes.push(OutcomeCount {
                outcome: outcome.text.clone(),
                count: 1,
                expected: outcome.expected,
            }),
        }
        if outcome.expected {
            return;
        }
        // Reorder the execution's independent steps for the fewest
        // preemptions, unless nothing can beat the best one already.
        let record = match &self.best {
            Some((0, ..)) => record,
            _ if !self.minimized.insert(super::minimize::class_of(&record)) => return,
            _ => match super::minimize::minimize(&record) {
                Some(fewest) => fewest,
                None => {
                    self.unproven = true;
                    record
                }
            },
        };
        let key = (
            schedule::preemptions(&record),
            schedule::visible_steps(&record),
        );
        let better = match &self.best {
            None => true,
            Some((p, s, ..)) => key < (*p, *s),
        };
        if better {
            self.best = Some((key.0, key.1, self.executions, record, outcome));
        }
    }
}

thread_local! {
    static COLLECTOR: RefCell<Collector> = RefCell::new(Collector::default());
}

/// Explores every execution of `scenario` with at most `bound` preemptions
/// (`None`: no bound).
pub fn explore(
    scenario: Scenario,
    params: ModelParams,
    bound: Option<usize>,
    limits: Limits,
) -> Exploration {
    COLLECTOR.with(|c| *c.borrow_mut() = Collector::default());
    let _quiet = QuietPanics::install();
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = bound;
    builder.max_branches = limits.max_branches;
    builder.checkpoint_interval = 1;
    builder.max_duration = Some(limits.time);
    builder.location = false;
    builder.log = false;

    let start = Instant::now();
    builder.check(move || {
        super::unwind::clear();
        recorder::begin();
        // A panic on the scenario's own thread is the exercise's too (code
        // it calls there, such as cpu_bound's `count_threads`): shown with
        // its message, not as a scenario that did not finish.
        let observation: Option<Observation> =
            match catch_unwind(AssertUnwindSafe(|| scenario(&params))) {
                Ok(observation) => Some(observation),
                Err(payload) => {
                    if let Some(message) = super::panics::student_panic_message(&payload) {
                        recorder::main_panicked(message);
                    }
                    None
                }
            };
        super::unwind::release(recorder::MAIN);
        let record = recorder::finish();
        let outcome = classify(&record, observation.as_ref());
        COLLECTOR.with(|c| c.borrow_mut().add(record, outcome));
    });
    let elapsed = start.elapsed();

    let collector = COLLECTOR.with(|c| std::mem::take(&mut *c.borrow_mut()));
    let mut outcomes = collector.outcomes;
    // Expected outcomes first, then the most frequent; ties by text, so the
    // table is the same on every run.
    outcomes.sort_by(|a, b| {
        b.expected
            .cmp(&a.expected)
            .then(b.count.cmp(&a.count))
            .then(a.outcome.en.cmp(&b.outcome.en))
    });
    let counterexample =
        collector.best.map(
            |(preemptions, _, found_after, record, outcome)| Counterexample {
                preemptions,
                switches: None,
                bound,
                found_after,
                threads: schedule::columns(&record),
                steps: schedule::steps(&record),
                outcome: outcome.text,
            },
        );
    Exploration {
        bound,
        executions: collector.executions,
        complete: elapsed < limits.time,
        outcomes,
        counterexample,
        elapsed,
        active_workers: collector.active_workers,
        limit: collector.limit,
        minimum_unproven: collector.unproven,
    }
}

/// Sent when loom aborts the model (its own deadlock detection, the branch
/// limit): the child's one record, on the parent's private channel (stderr,
/// which exercise code also writes, only when there is none).
pub fn print_fatal_record(message: &str) {
    let steps = recorder::snapshot()
        .map(|record| schedule::steps(&record))
        .unwrap_or_default();
    let record = serde_json::json!({ "fatal": { "message": message, "steps": steps } });
    if !racelab_sandbox::send_provisional(&record.to_string()) {
        eprintln!("RACELAB-FATAL {record}");
    }
}
