//! Every schedule of a task model, depth-first with replay: run the scenario,
//! note the choices it met, then replay with the last choice that has an
//! untried alternative moved on by one.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use super::executor::{self, PollRecord, TaskAction, TaskRecord, MAIN};
use super::probe::Hold;
use crate::model::explore::{Counterexample, Exploration, Limits, OutcomeCount};
use crate::model::names::name_in;
use crate::model::outcome::Outcome;
use crate::model::panics::QuietPanics;
use crate::model::schedule::Step;
use crate::model::{ModelParams, Observation, Scenario};
use crate::scan::BlockingSite;
use crate::text::Text;

/// Once a schedule has held the loop, exploring on past this long only
/// repeats the real sleep or computation: the verdict is already made.
const AFTER_HELD: Duration = Duration::from_secs(2);

/// Explores every schedule of `scenario`.
pub fn explore(scenario: Scenario, params: ModelParams, limits: Limits) -> Exploration {
    explore_with(scenario, params, limits, &[])
}

/// [`explore`], naming `sites` (the file's blocking calls, from the scan)
/// when a poll held the loop.
pub fn explore_with(
    scenario: Scenario,
    params: ModelParams,
    limits: Limits,
    sites: &[BlockingSite],
) -> Exploration {
    let _quiet = QuietPanics::install();
    let start = Instant::now();
    let mut outcomes: Vec<OutcomeCount> = Vec::new();
    let mut best: Option<((usize, usize), u64, TaskRecord, Outcome)> = None;
    let mut executions = 0;
    let mut replay: Vec<usize> = Vec::new();
    let mut complete = true;
    let mut active_workers = 0;
    let mut held = false;
    loop {
        if start.elapsed() > limits.time || (held && start.elapsed() > AFTER_HELD) {
            complete = false;
            break;
        }
        executor::set_replay(replay.clone());
        let observation = catch_unwind(AssertUnwindSafe(|| scenario(&params))).ok();
        let record = executor::take_last().unwrap_or_default();
        executions += 1;
        let mut workers: Vec<usize> = record
            .events
            .iter()
            .filter(|e| {
                e.task != MAIN && !matches!(e.action, TaskAction::Done | TaskAction::Note(_))
            })
            .map(|e| e.task)
            .collect();
        workers.sort_unstable();
        workers.dedup();
        active_workers = active_workers.max(workers.len());
        held |= record.polls.iter().any(|p| p.held.is_some());
        let outcome = classify(&record, observation.as_ref(), sites);
        match outcomes
            .iter_mut()
            .find(|o| o.outcome == outcome.text && o.expected == outcome.expected)
        {
            Some(row) => row.count += 1,
            None => outcomes.push(OutcomeCount {
                outcome: outcome.text.clone(),
                count: 1,
                expected: outcome.expected,
            }),
        }
        if !outcome.expected {
            let key = (switches(&record), visible(&record).count());
            if best.as_ref().is_none_or(|(k, ..)| key < *k) {
                best = Some((key, executions, record.clone(), outcome));
            }
        }
        // The next schedule: the deepest choice with an alternative left.
        let mut choices = record.choices;
        loop {
            match choices.pop() {
                Some((chosen, count)) if chosen + 1 < count => {
                    replay = choices.iter().map(|&(c, _)| c).collect();
                    replay.push(chosen + 1);
                    break;
                }
                Some(_) => continue,
                None => {
                    replay.clear();
                    break;
                }
            }
        }
        if replay.is_empty() {
            break;
        }
    }
    outcomes.sort_by(|a, b| {
        b.expected
            .cmp(&a.expected)
            .then(b.count.cmp(&a.count))
            .then(a.outcome.en.cmp(&b.outcome.en))
    });
    let counterexample = best.map(|((switches, _), found_after, record, outcome)| {
        let steps = steps(&record, sites);
        let mut threads: Vec<String> = Vec::new();
        for step in &steps {
            if !threads.contains(&step.thread) {
                threads.push(step.thread.clone());
            }
        }
        threads.sort();
        Counterexample {
            preemptions: 0,
            switches: Some(switches),
            bound: None,
            found_after,
            threads,
            steps,
            outcome: outcome.text,
        }
    });
    Exploration {
        bound: None,
        executions,
        complete,
        outcomes,
        counterexample,
        elapsed: start.elapsed(),
        active_workers,
        limit: None,
        // Every schedule is explored as it is: the fewest switches found is
        // the fewest there are.
        minimum_unproven: false,
    }
}

/// The polls a student sees: every task's but the scenario's own.
fn visible(record: &TaskRecord) -> impl Iterator<Item = &PollRecord> {
    record.polls.iter().filter(|p| p.task != MAIN)
}

fn switches(record: &TaskRecord) -> usize {
    let tasks: Vec<usize> = visible(record).map(|p| p.task).collect();
    tasks.windows(2).filter(|w| w[0] != w[1]).count()
}

fn site(site: &std::panic::Location<'_>) -> (String, String) {
    let at = executor::short_site(site);
    (at.clone(), at)
}

/// How a poll held the thread — "≥ 3 мс (сон или блокирующий ввод-вывод:
/// std::thread::sleep, стр. 35 в compress)" — with the file's blocking calls
/// where they explain it. The limit is shown, not the measured time: that
/// depends on the machine, and reports must not.
fn held_text(hold: Hold, sites: &[BlockingSite]) -> Text {
    let ms = hold.limit().as_millis();
    match hold {
        Hold::Cpu => Text::new(
            format!("≥ {ms} мс (расчёт без .await)"),
            format!("≥ {ms} ms (computing with no .await)"),
        ),
        Hold::Wait => {
            let (ru, en): (Vec<String>, Vec<String>) = sites
                .iter()
                .map(|s| match &s.function {
                    Some(f) => (
                        format!("{}, стр. {} в {f}", s.call, s.line),
                        format!("{}, line {} in {f}", s.call, s.line),
                    ),
                    None => (
                        format!("{}, стр. {}", s.call, s.line),
                        format!("{}, line {}", s.call, s.line),
                    ),
                })
                .unzip();
            let (ru, en) = if ru.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!(": {}", ru.join("; ")),
                    format!(": {}", en.join("; ")),
                )
            };
            Text::new(
                format!("≥ {ms} мс (сон или блокирующий ввод-вывод{ru})"),
                format!("≥ {ms} ms (a sleep or blocking I/O{en})"),
            )
        }
    }
}

fn steps(record: &TaskRecord, sites: &[BlockingSite]) -> Vec<Step> {
    visible(record)
        .enumerate()
        .map(|(i, poll)| {
            let mut ru = Vec::new();
            let mut en = Vec::new();
            for event in &record.events[poll.events.clone()] {
                let name = |obj| name_in(&record.objects, obj);
                let task = |t: usize| record.names.get(t).cloned().unwrap_or_default();
                let (r, e) = match &event.action {
                    TaskAction::Read { obj, value } => {
                        let n = name(*obj);
                        (
                            format!("чтение {n} → {value}"),
                            format!("read {n} → {value}"),
                        )
                    }
                    TaskAction::Write { obj, value } => {
                        let n = name(*obj);
                        (
                            format!("запись {n} ← {value}"),
                            format!("write {n} ← {value}"),
                        )
                    }
                    TaskAction::Lock { obj } => {
                        let n = name(*obj);
                        (format!("захват {n}"), format!("lock {n}"))
                    }
                    TaskAction::Unlock { obj } => {
                        let n = name(*obj);
                        (format!("освобождение {n}"), format!("unlock {n}"))
                    }
                    TaskAction::Spawn { child } => {
                        let t = task(*child);
                        (format!("запуск {t}"), format!("spawn {t}"))
                    }
                    TaskAction::Await { what, site: at } => {
                        let (lr, le) = site(at);
                        (
                            format!("await {} ({lr})", what.ru),
                            format!("await {} ({le})", what.en),
                        )
                    }
                    TaskAction::Held(hold) => {
                        let how = held_text(*hold, sites);
                        (
                            format!("ДЕРЖИТ ПОТОК {}", how.ru),
                            format!("HOLDS THE THREAD {}", how.en),
                        )
                    }
                    TaskAction::Note(text) => (text.ru.clone(), text.en.clone()),
                    TaskAction::Panicked(message) => (
                        format!("ПАНИКА: «{message}»"),
                        format!("PANIC: \"{message}\""),
                    ),
                    TaskAction::Done => ("завершена".to_string(), "done".to_string()),
                };
                ru.push(r);
                en.push(e);
            }
            Step {
                n: i + 1,
                thread: record.names.get(poll.task).cloned().unwrap_or_default(),
                action: Text::new(ru.join("; "), en.join("; ")),
                preempted: None,
                time_ms: Some(poll.start.as_millis() as u64),
            }
        })
        .collect()
}

fn classify(
    record: &TaskRecord,
    observation: Option<&Observation>,
    sites: &[BlockingSite],
) -> Outcome {
    let name = |t: usize| record.names.get(t).cloned().unwrap_or_default();
    if record.endless {
        return Outcome {
            text: Text::new(
                "задачи не завершаются (бесконечный цикл с await?)",
                "the tasks never finish (an endless loop with an await?)",
            ),
            expected: false,
        };
    }
    if let Some(waits) = &record.deadlock {
        let ru: Vec<String> = waits
            .iter()
            .map(|(t, w)| format!("{} ждёт {}", name(*t), w.ru))
            .collect();
        let en: Vec<String> = waits
            .iter()
            .map(|(t, w)| format!("{} waits for {}", name(*t), w.en))
            .collect();
        return Outcome {
            text: Text::new(
                format!("все задачи ждут, и никто их не разбудит: {}", ru.join("; ")),
                format!(
                    "every task waits and nothing will wake them: {}",
                    en.join("; ")
                ),
            ),
            expected: false,
        };
    }
    if !record.panics.is_empty() {
        let (t, message) = &record.panics[0];
        return Outcome {
            text: Text::new(
                format!("паника в {}: «{message}»", name(*t)),
                format!("panic in {}: \"{message}\"", name(*t)),
            ),
            expected: false,
        };
    }
    let held = record
        .polls
        .iter()
        .find_map(|p| p.held.map(|hold| (p, hold)));
    if let Some((poll, hold)) = held {
        let how = held_text(hold, sites);
        // Where the task was: after its last await before this poll.
        let after = record.events[..poll.events.start]
            .iter()
            .rev()
            .find_map(|e| match &e.action {
                TaskAction::Await { what, site: at } if e.task == poll.task => {
                    Some((what.clone(), executor::short_site(at)))
                }
                _ => None,
            });
        let (ru_at, en_at) = match after {
            Some((what, at)) => (
                format!("после await {} ({at})", what.ru),
                format!("after await {} ({at})", what.en),
            ),
            None => ("в первом шаге".to_string(), "in its first step".to_string()),
        };
        return Outcome {
            text: Text::new(
                format!(
                    "{} {ru_at} держал поток {}; остальные задачи стояли",
                    name(poll.task),
                    how.ru
                ),
                format!(
                    "{}, {en_at}, held the thread {}; every other task stood still",
                    name(poll.task),
                    how.en
                ),
            ),
            expected: false,
        };
    }
    match observation {
        Some(o) => Outcome {
            text: o.state.clone(),
            expected: o.expected,
        },
        None => Outcome {
            text: Text::new("сценарий не завершился", "the scenario did not finish"),
            expected: false,
        },
    }
}
