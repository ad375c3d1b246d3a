//! The lesson of a counterexample, marked on its steps: the read that went
//! out of date, the change of another thread that made it so (the moment a
//! check stopped being true), the act that still relied on it (the write
//! over newer data: a lost update), and in a deadlock the lock each thread
//! waits for forever.
//!
//! Nothing here is guessed from the labels: the recorder numbers the
//! versions of every object's data as the execution runs (see
//! `recorder::DataAccess`), so "T1 read version 1, T2 made version 2, T1
//! wrote over version 3" is what happened, in this order.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::names::object_name;
use super::recorder::{Action, ExecRecord, ObjId, ThreadIdx, Wait};
use super::thread_name;
use crate::text::Text;

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// A read another thread's change made out of date before this thread
    /// acted on it.
    StaleRead,
    /// The change that made another thread's read out of date.
    Invalidates,
    /// A write (or an act on the data) that relies on an out-of-date read.
    StaleAct,
    /// A thread of a deadlock: the lock it waits for, and who holds it.
    WaitsForever,
}

/// A note on one step: what it means for the lesson.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Mark {
    pub kind: MarkKind,
    pub text: Text,
}

/// The marks of an execution, by event index. `step_of[i]` is the step
/// number showing event `i` (`None`: not shown); a mark is made only when
/// every step it names is shown.
pub fn marks(record: &ExecRecord, step_of: &[Option<usize>]) -> Vec<(usize, Mark)> {
    let mut out = stale(record, step_of);
    out.extend(deadlock(record, step_of));
    out
}

fn stale(record: &ExecRecord, step_of: &[Option<usize>]) -> Vec<(usize, Mark)> {
    let mut out = Vec::new();
    // Each thread's last read of each object: (event, version read).
    let mut last_read: HashMap<(ThreadIdx, ObjId), (usize, u32)> = HashMap::new();
    // Who made each version: (thread, event).
    let mut made_by: HashMap<(ObjId, u32), (ThreadIdx, usize)> = HashMap::new();
    let mut current: HashMap<ObjId, u32> = HashMap::new();
    for (i, event) in record.events.iter().enumerate() {
        let Some(data) = event.data else {
            continue;
        };
        let me = event.thread;
        let now = current.get(&data.obj).copied().unwrap_or(0);
        // An act that reads the data in the same indivisible step sees the
        // latest version; one that does not relies on what it read before.
        if data.acts && data.read.is_none() {
            if let Some(&(read_at, seen)) = last_read.get(&(me, data.obj)) {
                let first_other = (seen + 1..=now)
                    .filter_map(|v| made_by.get(&(data.obj, v)))
                    .find(|&&(t, _)| t != me)
                    .copied();
                if let Some((other, changed_at)) = first_other {
                    let overwritten = data.made.and_then(|_| made_by.get(&(data.obj, now)));
                    let named = [Some(read_at), Some(changed_at), Some(i)]
                        .into_iter()
                        .chain(overwritten.map(|&(_, e)| Some(e)))
                        .map(|e| e.and_then(|e| step_of.get(e).copied().flatten()))
                        .collect::<Option<Vec<usize>>>();
                    if let Some(steps) = named {
                        let n = object_name(record, data.obj);
                        let (read, change, act) = (steps[0], steps[1], steps[2]);
                        let them = thread_name(other);
                        let mine = thread_name(me);
                        let (acts_ru, acts_en) = if data.made.is_some() {
                            ("пишет", "writes")
                        } else {
                            ("действует по нему", "acts on it")
                        };
                        out.push((
                            read_at,
                            Mark {
                                kind: MarkKind::StaleRead,
                                text: Text::new(
                                    format!(
                                        "устаревшее чтение: {them} меняет {n} на шаге {change}, \
                                         раньше чем {mine} {acts_ru} (шаг {act})"
                                    ),
                                    format!(
                                        "stale read: {them} changes {n} at step {change}, \
                                         before {mine} {acts_en} (step {act})"
                                    ),
                                ),
                            },
                        ));
                        out.push((
                            changed_at,
                            Mark {
                                kind: MarkKind::Invalidates,
                                text: Text::new(
                                    format!(
                                        "отсюда прочитанное {mine} на шаге {read} неверно"
                                    ),
                                    format!(
                                        "from here, what {mine} read at step {read} is no longer true"
                                    ),
                                ),
                            },
                        ));
                        let text = match overwritten {
                            Some(&(by, _)) if by != me => Text::new(
                                format!(
                                    "пишет поверх записи {} (шаг {}), опираясь на устаревшее \
                                     чтение (шаг {read})",
                                    thread_name(by),
                                    steps[3]
                                ),
                                format!(
                                    "writes over {}'s write (step {}), relying on a stale read \
                                     (step {read})",
                                    thread_name(by),
                                    steps[3]
                                ),
                            ),
                            _ => Text::new(
                                format!("действует, опираясь на устаревшее чтение (шаг {read})"),
                                format!("acts relying on a stale read (step {read})"),
                            ),
                        };
                        out.push((
                            i,
                            Mark {
                                kind: MarkKind::StaleAct,
                                text,
                            },
                        ));
                    }
                    // One story per read.
                    last_read.remove(&(me, data.obj));
                }
            }
        }
        if let Some(version) = data.read {
            last_read.insert((me, data.obj), (i, version));
        }
        if let Some(version) = data.made {
            made_by.insert((data.obj, version), (me, i));
            current.insert(data.obj, version);
        }
    }
    out
}

/// On each deadlocked thread's last wait: the lock, who holds it (and
/// since which step), and what that holder waits for.
fn deadlock(record: &ExecRecord, step_of: &[Option<usize>]) -> Vec<(usize, Mark)> {
    let Some(links) = &record.deadlock else {
        return Vec::new();
    };
    let step = |e: usize| step_of.get(e).copied().flatten();
    let last_wait = |thread: ThreadIdx, obj: ObjId| {
        record.events.iter().rposition(|e| {
            e.thread == thread && matches!(e.action, Action::Blocked { obj: o, .. } if o == obj)
        })
    };
    let taken = |thread: ThreadIdx, obj: ObjId, before: usize| {
        record.events[..before].iter().rposition(|e| {
            e.thread == thread && matches!(e.action, Action::Lock { obj: o, .. } if o == obj)
        })
    };
    let mut out = Vec::new();
    for link in links {
        let Wait::Lock(obj, _) = link.waits else {
            continue;
        };
        let Some(waits_at) = last_wait(link.thread, obj) else {
            continue;
        };
        let Some(holder) = links.iter().find(|l| l.holds.contains(&obj)) else {
            continue;
        };
        let Some(taken_at) = taken(holder.thread, obj, waits_at).and_then(step) else {
            continue;
        };
        if step(waits_at).is_none() {
            continue;
        }
        let n = object_name(record, obj);
        let h = thread_name(holder.thread);
        let text = if holder.thread == link.thread {
            Text::new(
                format!("ждёт вечно: {n} держит сам {h} (взял на шаге {taken_at})"),
                format!("waits forever: {h} itself holds {n} (taken at step {taken_at})"),
            )
        } else {
            let (then_ru, then_en) = match &holder.waits {
                Wait::Lock(other, _) => {
                    let o = object_name(record, *other);
                    match last_wait(holder.thread, *other).and_then(step) {
                        Some(at) => (
                            format!("а {h} ждёт {o} (шаг {at})"),
                            format!("and {h} waits for {o} (step {at})"),
                        ),
                        None => (format!("а {h} ждёт {o}"), format!("and {h} waits for {o}")),
                    }
                }
                Wait::Join(t) => (
                    format!("а {h} ждёт завершения {}", thread_name(*t)),
                    format!("and {h} waits for {} to finish", thread_name(*t)),
                ),
            };
            Text::new(
                format!("ждёт вечно: {n} у {h} (взял на шаге {taken_at}), {then_ru}"),
                format!("waits forever: {h} has {n} (taken at step {taken_at}), {then_en}"),
            )
        };
        out.push((
            waits_at,
            Mark {
                kind: MarkKind::WaitsForever,
                text,
            },
        ));
    }
    out
}
