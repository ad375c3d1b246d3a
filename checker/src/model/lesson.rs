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

/// One access to shared data, as the lesson reads it.
#[derive(Clone, Debug)]
pub struct Access {
    /// The thread or task (T1, T2, …).
    pub who: String,
    pub obj: ObjId,
    /// The object as the steps name it.
    pub name: String,
    /// The version of the data read, and the one made (see
    /// `recorder::DataAccess`).
    pub read: Option<u32>,
    pub made: Option<u32>,
    /// The access acts on the data (a write, or a section that reached it
    /// for changing).
    pub acts: bool,
    /// The step showing it (`None`: not shown).
    pub step: Option<usize>,
}

/// The marks of a thread model's execution, by step number. `step_of[i]`
/// is the step showing event `i` (`None`: not shown); a mark is made only
/// when every step it names is shown.
pub fn marks(record: &ExecRecord, step_of: &[Option<usize>]) -> Vec<(usize, Mark)> {
    let accesses: Vec<Access> = record
        .events
        .iter()
        .enumerate()
        .filter_map(|(i, event)| {
            let data = event.data?;
            Some(Access {
                who: thread_name(event.thread),
                obj: data.obj,
                name: object_name(record, data.obj),
                read: data.read,
                made: data.made,
                acts: data.acts,
                step: step_of.get(i).copied().flatten(),
            })
        })
        .collect();
    let mut out = stale(&accesses);
    out.extend(deadlock(record, step_of));
    out
}

/// The first stale read of the accesses (in their order): a read that
/// another's change made out of date before its reader acted on the data
/// without reading it again — with that change and that act.
pub fn stale(accesses: &[Access]) -> Vec<(usize, Mark)> {
    let mut out = Vec::new();
    // Each reader's last read of each object: (access, version read).
    let mut last_read: HashMap<(&str, ObjId), (usize, u32)> = HashMap::new();
    // Who made each version: the access.
    let mut made_by: HashMap<(ObjId, u32), usize> = HashMap::new();
    let mut current: HashMap<ObjId, u32> = HashMap::new();
    for (i, access) in accesses.iter().enumerate() {
        let me = access.who.as_str();
        let obj = access.obj;
        let now = current.get(&obj).copied().unwrap_or(0);
        // An act that reads the data in the same indivisible step sees the
        // latest version; one that does not relies on what it read before.
        if access.acts && access.read.is_none() {
            if let Some(&(read_at, seen)) = last_read.get(&(me, obj)) {
                let first_other = (seen + 1..=now)
                    .filter_map(|v| made_by.get(&(obj, v)).copied())
                    .find(|&a| accesses[a].who != me);
                if let Some(changed_at) = first_other {
                    let overwritten = access.made.and_then(|_| made_by.get(&(obj, now)).copied());
                    if let Some(marks) = story(accesses, read_at, changed_at, i, overwritten) {
                        // The first story is the lesson; the later ones of
                        // the same execution only repeat it.
                        out.extend(marks);
                        return out;
                    }
                    // One story per read.
                    last_read.remove(&(me, obj));
                }
            }
        }
        if let Some(version) = access.read {
            last_read.insert((me, obj), (i, version));
        }
        if let Some(version) = access.made {
            made_by.insert((obj, version), i);
            current.insert(obj, version);
        }
    }
    out
}

/// The three marks of one stale read, if every step they name is shown.
fn story(
    accesses: &[Access],
    read_at: usize,
    changed_at: usize,
    act_at: usize,
    overwritten: Option<usize>,
) -> Option<[(usize, Mark); 3]> {
    let (reader, changer, actor) = (&accesses[read_at], &accesses[changed_at], &accesses[act_at]);
    let (read, change, act) = (reader.step?, changer.step?, actor.step?);
    let over = match overwritten {
        Some(o) => Some((&accesses[o], accesses[o].step?)),
        None => None,
    };
    let n = &actor.name;
    let them = &changer.who;
    let mine = &actor.who;
    let (acts_ru, acts_en) = if actor.made.is_some() {
        ("пишет", "writes")
    } else {
        ("действует по нему", "acts on it")
    };
    let act_text = match over {
        Some((by, step)) if by.who != *mine => Text::new(
            format!(
                "пишет поверх записи {} (шаг {step}), опираясь на устаревшее чтение (шаг {read})",
                by.who
            ),
            format!(
                "writes over {}'s write (step {step}), relying on a stale read (step {read})",
                by.who
            ),
        ),
        _ => Text::new(
            format!("действует, опираясь на устаревшее чтение (шаг {read})"),
            format!("acts relying on a stale read (step {read})"),
        ),
    };
    Some([
        (
            read,
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
        ),
        (
            change,
            Mark {
                kind: MarkKind::Invalidates,
                text: Text::new(
                    format!("отсюда прочитанное {mine} на шаге {read} неверно"),
                    format!("from here, what {mine} read at step {read} is no longer true"),
                ),
            },
        ),
        (
            act,
            Mark {
                kind: MarkKind::StaleAct,
                text: act_text,
            },
        ),
    ])
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
            step(waits_at).expect("shown"),
            Mark {
                kind: MarkKind::WaitsForever,
                text,
            },
        ));
    }
    out
}
