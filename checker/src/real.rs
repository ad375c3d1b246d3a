//! Exercises with no model (engine "real": I/O, computation, processes):
//! the real build runs them and `labwitness` checks the results. Its verdict
//! is only its record on the private channel (see [`isolate::Channel`]).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::grade::WITNESS_SEED;
use crate::isolate::{self, Channel, Confinement, Received};
use crate::registry::Exercise;
use crate::report::{ExerciseReport, Verdict};
use crate::text::Text;
use crate::trees::Tree;

/// What `labwitness` sends.
#[derive(serde::Deserialize)]
struct WitnessRecord {
    passed: bool,
    ru: String,
    en: String,
}

/// Runs an already built `labwitness` (the grader's).
pub fn check_with(exe: &Path, exercise: &Exercise, timeout: Duration) -> ExerciseReport {
    check_confined(exe, exercise, timeout).0
}

/// The same, with what the run could restrict (`None`: no record came).
pub fn check_confined(
    exe: &Path,
    exercise: &Exercise,
    timeout: Duration,
) -> (ExerciseReport, Option<Confinement>) {
    let mut command = Command::new(exe);
    command.args([&exercise.id, &WITNESS_SEED.to_string()]);
    run(command, exercise, timeout)
}

fn run(
    mut command: Command,
    exercise: &Exercise,
    timeout: Duration,
) -> (ExerciseReport, Option<Confinement>) {
    let mut report = ExerciseReport::new(exercise, Tree::Labs);
    report.verdict = Verdict::Error;
    let channel = match Channel::new() {
        Ok(channel) => channel,
        Err(e) => {
            report.summary = isolate::no_channel(&e);
            return (report, None);
        }
    };
    channel.attach(&mut command);
    let finished = match isolate::run_limited(command, timeout) {
        Ok(finished) => finished,
        Err(e) => {
            report.summary = Text::same(e.to_string());
            return (report, None);
        }
    };
    if finished.flooded {
        report.summary = isolate::flooded();
        return (report, None);
    }
    let Some(status) = finished.status else {
        report.summary = crate::tr!(
            "не закончилось за {s} с (взаимная блокировка? бесконечный цикл?)",
            "did not finish within {s} s (a deadlock? an endless loop?)";
            s = timeout.as_secs()
        );
        return (report, None);
    };
    let (json, confinement) = match channel.receive() {
        Received::Record { json, confinement } => (json, confinement),
        Received::Forged => {
            report.summary = isolate::forged();
            return (report, None);
        }
        Received::Nothing => {
            report.summary = isolate::no_record(status, &finished);
            return (report, None);
        }
    };
    match serde_json::from_str::<WitnessRecord>(&json) {
        Ok(record) => {
            report.summary = Text::new(record.ru, record.en);
            if record.passed {
                report.verdict = Verdict::Pass;
                report.score = exercise.points;
            } else {
                report.verdict = Verdict::Fail;
            }
        }
        Err(e) => {
            report.summary = crate::tr!(
                "отчёт нагрузочного прогона не разобран: {e}",
                "the stress run's report does not parse: {e}";
                e = e.to_string()
            );
        }
    }
    (report, confinement)
}
