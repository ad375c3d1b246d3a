//! Reading one execution as a schedule: where the switches between threads
//! are, which of them are preemptions, and the numbered steps a student
//! reads.
//!
//! A preemption is a switch away from a thread that could still run. A switch
//! after a thread blocked on a lock, waits in `join` or on a condvar,
//! yielded, or finished is not one — loom counts the same way, so its
//! preemption bound and these counts agree.

use serde::Serialize;

use super::names::object_name;
use super::recorder::{Action, Event, ExecRecord, LockKind, MAIN};
use super::thread_name;
use crate::text::Text;

/// What a student sees of an execution: everything the worker threads did.
/// The scenario's own thread only sets up and joins — unless exercise code
/// it called panicked there.
fn visible(event: &Event) -> bool {
    (event.thread != MAIN || matches!(event.action, Action::Panicked(_)))
        && !event.action.is_bookkeeping()
}

pub fn preemptions(record: &ExecRecord) -> usize {
    record
        .events
        .windows(2)
        .filter(|w| w[0].thread != w[1].thread && !w[0].action.disables_thread())
        .count()
}

/// A lock taken and released at once, with nothing between, is one step:
/// the critical section of a single call.
fn merges_with_next(record: &ExecRecord, i: usize) -> bool {
    let (Some(event), Some(next)) = (record.events.get(i), record.events.get(i + 1)) else {
        return false;
    };
    match (&event.action, &next.action) {
        (Action::Lock { obj, .. }, Action::Unlock { obj: released, .. }) => {
            event.thread == next.thread && obj == released
        }
        _ => false,
    }
}

/// Indices of the events a student sees, each one a step (a merged lock
/// step stands for its lock and its unlock).
fn step_events(record: &ExecRecord) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < record.events.len() {
        if visible(&record.events[i]) {
            out.push(i);
        }
        i += if merges_with_next(record, i) { 2 } else { 1 };
    }
    out
}

pub fn visible_steps(record: &ExecRecord) -> usize {
    step_events(record).len()
}

#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Step {
    /// 1-based step number.
    pub n: usize,
    pub thread: String,
    pub action: Text,
    /// Set when a preemption happened just before this step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preempted: Option<Preemption>,
    /// Task models: the virtual time the step started at, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_ms: Option<u64>,
}

#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Preemption {
    pub from: String,
    pub to: String,
}

/// The numbered steps of an execution, with its preemptions marked.
pub fn steps(record: &ExecRecord) -> Vec<Step> {
    let shown = step_events(record);
    let mut steps = Vec::new();
    let mut pending: Option<Preemption> = None;
    for (i, event) in record.events.iter().enumerate() {
        if i > 0 {
            let prev = &record.events[i - 1];
            if prev.thread != event.thread && !prev.action.disables_thread() {
                pending = Some(Preemption {
                    from: thread_name(prev.thread),
                    to: thread_name(event.thread),
                });
            }
        }
        if shown.binary_search(&i).is_err() {
            continue;
        }
        let action = if merges_with_next(record, i) {
            critical_section(record, &event.action)
        } else {
            label(record, &event.action)
        };
        steps.push(Step {
            n: steps.len() + 1,
            thread: thread_name(event.thread),
            action,
            preempted: pending.take(),
            time_ms: None,
        });
    }
    steps
}

/// Where in the exercise code a lock was taken: " — стр. 38: <code>".
fn at(site: &Option<&'static std::panic::Location<'static>>) -> (String, String) {
    match site.and_then(|s| super::names::code_at(s).map(|code| (s.line(), code))) {
        Some((line, code)) => (
            format!(" — стр. {line}: {code}"),
            format!(" — line {line}: {code}"),
        ),
        None => (String::new(), String::new()),
    }
}

fn critical_section(record: &ExecRecord, action: &Action) -> Text {
    let Action::Lock { obj, site, .. } = action else {
        return label(record, action);
    };
    let n = object_name(record, *obj);
    let (ru, en) = at(site);
    Text::new(
        format!("захват и освобождение {n}{ru}"),
        format!("lock and unlock {n}{en}"),
    )
}

/// The threads that appear in the steps, in order (the report's columns).
pub fn columns(record: &ExecRecord) -> Vec<String> {
    let mut threads: Vec<usize> = record
        .events
        .iter()
        .filter(|e| visible(e))
        .map(|e| e.thread)
        .collect();
    threads.sort_unstable();
    threads.dedup();
    threads.into_iter().map(thread_name).collect()
}

fn label(record: &ExecRecord, action: &Action) -> Text {
    let name = |obj| object_name(record, obj);
    match action {
        Action::Read { obj, value } | Action::CellRead { obj, value } => {
            let n = name(*obj);
            Text::new(
                format!("чтение {n} → {value}"),
                format!("read {n} → {value}"),
            )
        }
        Action::Write { obj, value } | Action::CellWrite { obj, value } => {
            let n = name(*obj);
            Text::new(
                format!("запись {n} ← {value}"),
                format!("write {n} ← {value}"),
            )
        }
        Action::Update { obj, op, old, new } => {
            Text::same(format!("{op} {}: {old} → {new}", name(*obj)))
        }
        Action::CasFailed {
            obj,
            expected,
            actual,
        } => {
            let n = name(*obj);
            Text::new(
                format!("compare_exchange {n}: ждал {expected}, там {actual} — неудача"),
                format!("compare_exchange {n}: expected {expected}, found {actual} — failed"),
            )
        }
        Action::Lock {
            obj, kind, site, ..
        } => {
            let n = name(*obj);
            let (ru, en) = at(site);
            match kind {
                LockKind::Mutex => Text::new(format!("захват {n}{ru}"), format!("lock {n}{en}")),
                LockKind::Read => Text::new(
                    format!("захват {n} на чтение{ru}"),
                    format!("read-lock {n}{en}"),
                ),
                LockKind::Write => Text::new(
                    format!("захват {n} на запись{ru}"),
                    format!("write-lock {n}{en}"),
                ),
            }
        }
        Action::Blocked {
            obj,
            kind,
            holders,
            site,
        } => {
            let n = name(*obj);
            let (at_ru, at_en) = at(site);
            let by: Vec<String> = holders.iter().map(|&t| thread_name(t)).collect();
            let by = by.join(", ");
            let (verb_ru, verb_en) = match kind {
                LockKind::Mutex => ("захват", "lock"),
                LockKind::Read => ("захват на чтение", "read-lock"),
                LockKind::Write => ("захват на запись", "write-lock"),
            };
            Text::new(
                format!("{verb_ru} {n} … ждёт (занят {by}){at_ru}"),
                format!("{verb_en} {n} … waits (held by {by}){at_en}"),
            )
        }
        Action::TryLockFailed { obj, holders, site } => {
            let n = name(*obj);
            let (at_ru, at_en) = at(site);
            let by: Vec<String> = holders.iter().map(|&t| thread_name(t)).collect();
            let by = by.join(", ");
            Text::new(
                format!("try_lock {n} → занят {by}, без замка{at_ru}"),
                format!("try_lock {n} → held by {by}, goes on without it{at_en}"),
            )
        }
        Action::Unlock { obj, .. } => {
            let n = name(*obj);
            Text::new(format!("освобождение {n}"), format!("unlock {n}"))
        }
        Action::CondWait { obj } => {
            let n = name(*obj);
            Text::new(
                format!("ожидание {n} (замок отпущен)"),
                format!("wait on {n} (lock released)"),
            )
        }
        Action::CondWoken { obj } => {
            let n = name(*obj);
            Text::new(format!("пробуждение по {n}"), format!("woken by {n}"))
        }
        Action::Notify { obj, all } => {
            let call = if *all { "notify_all" } else { "notify_one" };
            Text::same(format!("{call} {}", name(*obj)))
        }
        Action::Race { obj, write } => {
            let n = name(*obj);
            if *write {
                Text::new(
                    format!("запись {n} — ГОНКА ДАННЫХ"),
                    format!("write {n} — DATA RACE"),
                )
            } else {
                Text::new(
                    format!("чтение {n} — ГОНКА ДАННЫХ"),
                    format!("read {n} — DATA RACE"),
                )
            }
        }
        Action::Spawn { child } => {
            let t = thread_name(*child);
            Text::new(format!("запуск {t}"), format!("spawn {t}"))
        }
        Action::JoinWait { target } => {
            let t = thread_name(*target);
            Text::new(
                format!("join {t} … ждёт завершения"),
                format!("join {t} … waits"),
            )
        }
        Action::Joined { target } => Text::same(format!("join {} ✓", thread_name(*target))),
        Action::Yield => Text::new("yield_now: уступает", "yield_now: yields"),
        Action::Note(text) | Action::Work(text) => text.clone(),
        Action::Panicked(message) => Text::new(
            format!("ПАНИКА: «{message}»"),
            format!("PANIC: \"{message}\""),
        ),
        Action::Finished => Text::new("— завершён —", "— done —"),
    }
}
