//! The parent's side: runs the child (`labcheck __explore`) that explores
//! the student's code, confined like every check, and reads its answer from
//! the private channel.

use std::path::Path;
use std::time::Duration;

use super::{Explored, Request};
use crate::isolate::{self, Channel, Received};
use crate::registry::Engine;
use crate::registry::Exercise;
use crate::report::execution::Chosen;
use crate::report::ExerciseReport;
use crate::text::Text;
use crate::text::{plural_en, plural_ru, Lang};
use crate::trees::{self, Tree};

/// Explores `exercise` of `tree` in a child process of this executable.
pub fn explore(tree: Tree, exercise: &Exercise, request: &Request) -> Result<Explored, Text> {
    let exe = std::env::current_exe().map_err(|e| Text::same(e.to_string()))?;
    explore_with(&exe, tree, exercise, request, crate::settings::limits().1)
}

pub fn explore_with(
    exe: &Path,
    tree: Tree,
    exercise: &Exercise,
    request: &Request,
    timeout: Duration,
) -> Result<Explored, Text> {
    let module = trees::entry(tree, &exercise.id).map_or(exercise.id.as_str(), |e| e.module);
    let channel = Channel::new().map_err(|e| isolate::no_channel(&e))?;
    let mut command = std::process::Command::new(exe);
    command.args(["__explore", tree.name(), module, &request.to_arg()]);
    channel.attach(&mut command);
    let finished = isolate::run_limited(command, timeout).map_err(|e| Text::same(e.to_string()))?;
    if finished.flooded {
        return Err(isolate::flooded());
    }
    let Some(status) = finished.status else {
        return Err(crate::tr!(
            "исследование не закончилось за {s} с и остановлено",
            "the exploration did not finish within {s} s and was stopped";
            s = timeout.as_secs()
        ));
    };
    match channel.receive() {
        Received::Record { json, .. } => serde_json::from_str(&json).map_err(|e| {
            crate::tr!(
                "ответ исследования не разобран: {e}",
                "the exploration's answer does not parse: {e}";
                e = e.to_string()
            )
        }),
        Received::Forged => Err(isolate::forged()),
        Received::Nothing => Err(isolate::no_record(status, &finished)),
    }
}

/// Runs the exploration again (in a child, like every check) for the
/// execution `request` names; the message says why there is none.
pub fn find(
    tree: Tree,
    exercise: &Exercise,
    request: &Request,
    lang: Lang,
) -> Result<Chosen, String> {
    if exercise.engine == Engine::Real {
        return Err(match lang {
            Lang::Ru => "у этого упражнения нет модели: исполнений не перечислить".to_string(),
            Lang::En => "this exercise has no model: there are no executions to name".to_string(),
        });
    }
    let explored = explore(tree, exercise, request).map_err(|t| t.get(lang).to_string())?;
    let total = explored.total;
    match explored.chosen {
        Some((execution, expected)) => Ok(Chosen {
            execution,
            expected,
            total,
        }),
        None => Err(match (request, lang) {
            (Request::Execution(n), Lang::Ru) => format!(
                "исполнения № {n} нет: модель упражнения {} — {total} {} (№ 1–{total})",
                exercise.id,
                plural_ru(total as usize, "исполнение", "исполнения", "исполнений")
            ),
            (Request::Execution(n), Lang::En) => format!(
                "there is no execution #{n}: the model of {} has {} (#1–{total})",
                exercise.id,
                plural_en(total as usize, "execution", "executions")
            ),
            (Request::Outcome(text), Lang::Ru) => {
                let known = outcomes(&explored.report, lang);
                format!("ни один исход не содержит «{text}». Исходы: {known}")
            }
            (Request::Outcome(text), Lang::En) => {
                let known = outcomes(&explored.report, lang);
                format!("no outcome contains \"{text}\". Outcomes: {known}")
            }
            (Request::Play, _) => String::new(),
        }),
    }
}

fn outcomes(report: &ExerciseReport, lang: Lang) -> String {
    report
        .outcomes
        .iter()
        .flat_map(|t| &t.rows)
        .map(|r| format!("«{}»", r.outcome.get(lang)))
        .collect::<Vec<_>>()
        .join(", ")
}
