//! The outcome of one execution: the scenario's verdict on the final state,
//! unless a thread panicked, the threads deadlocked, or a data race happened
//! — those are outcomes too, and always forbidden.

use super::names::object_name;
use super::recorder::{ExecRecord, Wait};
use super::{thread_name, Observation};
use crate::text::Text;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub text: Text,
    pub expected: bool,
}

pub fn classify(record: &ExecRecord, observation: Option<&Observation>) -> Outcome {
    if let Some(links) = &record.deadlock {
        let mut ru = Vec::new();
        let mut en = Vec::new();
        for link in links {
            let holds: Vec<String> = link.holds.iter().map(|&o| object_name(record, o)).collect();
            let holds = if holds.is_empty() {
                ("ничего".to_string(), "nothing".to_string())
            } else {
                (holds.join(", "), holds.join(", "))
            };
            let (waits_ru, waits_en) = match &link.waits {
                Wait::Lock(obj, _) => {
                    let name = object_name(record, *obj);
                    (name.clone(), name)
                }
                Wait::Join(t) => (
                    format!("завершения {}", thread_name(*t)),
                    format!("{} to finish", thread_name(*t)),
                ),
            };
            let name = thread_name(link.thread);
            ru.push(format!("{name} держит {}, ждёт {waits_ru}", holds.0));
            en.push(format!("{name} holds {}, waits for {waits_en}", holds.1));
        }
        return Outcome {
            text: Text::new(
                format!("взаимная блокировка: {}", ru.join("; ")),
                format!("deadlock: {}", en.join("; ")),
            ),
            expected: false,
        };
    }
    if let Some(race) = &record.data_race {
        let name = object_name(record, race.obj);
        let access = |write: bool| {
            if write {
                ("запись", "write")
            } else {
                ("чтение", "read")
            }
        };
        let (mine_ru, mine_en) = access(race.write);
        let me = thread_name(race.thread);
        let text = match race.other {
            Some((other, write)) => {
                let (other_ru, other_en) = access(write);
                let other = thread_name(other);
                Text::new(
                    format!("гонка данных на {name}: {other_ru} в {other} и {mine_ru} в {me} ничем не упорядочены"),
                    format!("data race on {name}: the {other_en} in {other} and the {mine_en} in {me} are not ordered"),
                )
            }
            None => Text::new(
                format!("гонка данных на {name}: {mine_ru} в {me}"),
                format!("data race on {name}: {mine_en} in {me}"),
            ),
        };
        return Outcome {
            text,
            expected: false,
        };
    }
    if !record.stuck.is_empty() {
        let names: Vec<String> = record.stuck.iter().map(|&t| thread_name(t)).collect();
        let (ru, en) = if names.len() == 1 {
            ("ждёт", "waits")
        } else {
            ("ждут", "wait")
        };
        let names = names.join(", ");
        return Outcome {
            text: Text::new(
                format!("потерянное пробуждение: {names} {ru} на Condvar, а разбудить некому"),
                format!("a lost wakeup: {names} {en} on a Condvar with nobody left to notify"),
            ),
            expected: false,
        };
    }
    if !record.panics.is_empty() {
        let ru: Vec<String> = record
            .panics
            .iter()
            .map(|(t, m)| format!("паника в {}: «{m}»", thread_name(*t)))
            .collect();
        let en: Vec<String> = record
            .panics
            .iter()
            .map(|(t, m)| format!("panic in {}: \"{m}\"", thread_name(*t)))
            .collect();
        return Outcome {
            text: Text::new(ru.join("; "), en.join("; ")),
            expected: false,
        };
    }
    match observation {
        Some(observation) => Outcome {
            text: observation.state.clone(),
            expected: observation.expected,
        },
        None => Outcome {
            text: Text::new("сценарий не завершился", "the scenario did not finish"),
            expected: false,
        },
    }
}
