//! In the check's child process: explores the exercise as the check does,
//! listening to every execution (`model::tap`), and keeps what a request
//! needs.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use super::{Effect, Exec, Explored, Move, Request};
use crate::model::explore::{Counterexample, Limits};
use crate::model::names::object_name;
use crate::model::outcome::Outcome;
use crate::model::recorder::{Action, ExecRecord};
use crate::model::schedule::{self, Step};
use crate::model::tap::{self, Seen};
use crate::model::{minimize, thread_name};
use crate::registry::Exercise;
use crate::trees::Entry;

/// A forbidden execution kept as a candidate for the best one asked for.
struct Best {
    key: (usize, usize),
    cx: Counterexample,
    expected: bool,
    keys: Vec<String>,
}

#[derive(Default)]
struct State {
    /// Which exploration: only the first (the acceptance run) is kept.
    run: usize,
    n: u64,
    executions: Vec<Exec>,
    chosen: Option<(Counterexample, bool)>,
    best: Option<Best>,
    classes: HashSet<u64>,
}

pub fn explore(entry: &Entry, exercise: &Exercise, limits: Limits, request: &Request) -> Explored {
    let state = Rc::new(RefCell::new(State::default()));
    let listener = {
        let state = Rc::clone(&state);
        let request = request.clone();
        move |seen: Seen<'_>| {
            let mut s = state.borrow_mut();
            if let Seen::Begin { .. } = seen {
                s.run += 1;
                return;
            }
            if s.run != 1 {
                return;
            }
            s.n += 1;
            let n = s.n;
            match seen {
                Seen::Begin { .. } => {}
                Seen::Threads { record, outcome } => threads(&mut s, &request, n, record, outcome),
                Seen::Tasks {
                    steps,
                    switches,
                    outcome,
                } => tasks(&mut s, &request, n, steps, switches, outcome),
            }
        }
    };
    let (report, _) = tap::listen(listener, || crate::check::check(entry, exercise, limits));
    let state = std::mem::take(&mut *state.borrow_mut());
    Explored {
        report,
        total: state.n,
        executions: state.executions,
        solution: state.best.as_ref().map(|b| b.keys.clone()),
        chosen: state
            .chosen
            .or(state.best.map(|b| (b.cx, b.expected)))
            .filter(|_| *request != Request::Play),
    }
}

fn matches(request: &Request, outcome: &Outcome) -> bool {
    match request {
        Request::Outcome(text) => {
            let want = text.to_lowercase();
            outcome.text.ru.to_lowercase().contains(&want)
                || outcome.text.en.to_lowercase().contains(&want)
        }
        Request::Play => !outcome.expected,
        Request::Execution(_) => false,
    }
}

fn threads(s: &mut State, request: &Request, n: u64, record: &ExecRecord, outcome: &Outcome) {
    if record.limit.is_some() {
        return;
    }
    if *request == Request::Play {
        s.executions.push(exec_of(n, record, outcome));
    }
    if *request == Request::Execution(n) {
        s.chosen = Some((
            counterexample(
                n,
                &minimize::minimize(record).unwrap_or_else(|| record.clone()),
                outcome,
            ),
            outcome.expected,
        ));
    }
    if matches(request, outcome) && s.classes.insert(minimize::class_of(record)) {
        let best = minimize::minimize(record).unwrap_or_else(|| record.clone());
        let key = (schedule::preemptions(&best), schedule::visible_steps(&best));
        if s.best.as_ref().is_none_or(|b| key < b.key) {
            let keys = exec_of(n, &best, outcome)
                .moves
                .iter()
                .filter(|m| !m.hidden())
                .map(|m| thread_name(m.thread))
                .collect();
            s.best = Some(Best {
                key,
                cx: counterexample(n, &best, outcome),
                expected: outcome.expected,
                keys,
            });
        }
    }
}

fn counterexample(n: u64, record: &ExecRecord, outcome: &Outcome) -> Counterexample {
    Counterexample {
        preemptions: schedule::preemptions(record),
        switches: None,
        bound: None,
        found_after: n,
        threads: schedule::columns(record),
        steps: schedule::steps(record),
        outcome: outcome.text.clone(),
    }
}

/// A thread model's execution as moves.
fn exec_of(n: u64, record: &ExecRecord, outcome: &Outcome) -> Exec {
    let deps = minimize::dependencies(record);
    let threads = deps.first().map_or(0, |d| d.after.len());
    let moves = deps
        .into_iter()
        .map(|dep| {
            let shown: Vec<usize> = dep
                .events
                .iter()
                .copied()
                .filter(|&i| schedule::event_visible(record, i))
                .collect();
            Move {
                thread: dep.thread,
                labels: shown
                    .iter()
                    .map(|&i| schedule::event_label(record, i))
                    .collect(),
                after: dep.after,
                effects: dep
                    .events
                    .iter()
                    .filter_map(|&i| effect(record, &record.events[i].action))
                    .collect(),
                time_ms: None,
            }
        })
        .collect();
    Exec {
        n,
        threads: (0..threads.max(1)).map(thread_name).collect(),
        moves,
        outcome: outcome.text.clone(),
        expected: outcome.expected,
    }
}

fn effect(record: &ExecRecord, action: &Action) -> Option<Effect> {
    let name = |obj| object_name(record, obj);
    Some(match action {
        Action::Read { obj, value }
        | Action::Write { obj, value }
        | Action::CellRead { obj, value }
        | Action::CellWrite { obj, value } => Effect::Value {
            obj: name(*obj),
            value: value.clone(),
        },
        Action::Update { obj, new, .. } => Effect::Value {
            obj: name(*obj),
            value: new.clone(),
        },
        Action::CasFailed { obj, actual, .. } => Effect::Value {
            obj: name(*obj),
            value: actual.clone(),
        },
        Action::Lock { obj, .. } => Effect::Holds { obj: name(*obj) },
        Action::Unlock { obj, .. } => Effect::Releases { obj: name(*obj) },
        Action::Blocked { obj, .. } => Effect::Waits { obj: name(*obj) },
        _ => return None,
    })
}

/// A task model's schedule: one move a poll, each after every poll before
/// it (a task runs until its next `.await`, so the order is the schedule).
fn tasks(
    s: &mut State,
    request: &Request,
    n: u64,
    steps: Vec<Step>,
    switches: usize,
    outcome: &Outcome,
) {
    let mut names: Vec<String> = Vec::new();
    for step in &steps {
        if !names.contains(&step.thread) {
            names.push(step.thread.clone());
        }
    }
    names.sort();
    let cx = || Counterexample {
        preemptions: 0,
        switches: Some(switches),
        bound: None,
        found_after: n,
        threads: names.clone(),
        steps: steps.clone(),
        outcome: outcome.text.clone(),
    };
    if *request == Request::Play {
        let mut counts = vec![0; names.len()];
        let moves = steps
            .iter()
            .map(|step| {
                let thread = names.iter().position(|t| *t == step.thread).unwrap_or(0);
                let after = counts.clone();
                counts[thread] += 1;
                Move {
                    thread,
                    labels: vec![step.action.clone()],
                    after,
                    effects: Vec::new(),
                    time_ms: step.time_ms,
                }
            })
            .collect();
        s.executions.push(Exec {
            n,
            threads: names.clone(),
            moves,
            outcome: outcome.text.clone(),
            expected: outcome.expected,
        });
    }
    if *request == Request::Execution(n) {
        s.chosen = Some((cx(), outcome.expected));
    }
    if matches(request, outcome) {
        let key = (switches, steps.len());
        if s.best.as_ref().is_none_or(|b| key < b.key) {
            s.best = Some(Best {
                key,
                cx: cx(),
                expected: outcome.expected,
                keys: steps.iter().map(|st| st.thread.clone()).collect(),
            });
        }
    }
}
