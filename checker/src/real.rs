//! Exercises with no model (engine "real": I/O, computation, processes):
//! the real build runs them and `labwitness` checks the results.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::grade::WITNESS_SEED;
use crate::isolate;
use crate::registry::Exercise;
use crate::report::{ExerciseReport, Verdict};
use crate::text::Text;
use crate::trees::Tree;

/// Builds `labwitness` from the kit's current labs/ (cargo) and runs it.
pub fn check_with_cargo(kit: &Path, exercise: &Exercise, timeout: Duration) -> ExerciseReport {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()));
    command.current_dir(kit).args([
        "run",
        "--quiet",
        "--package",
        "witness",
        "--bin",
        "labwitness",
        "--",
        &exercise.id,
        &WITNESS_SEED.to_string(),
    ]);
    run(command, exercise, timeout)
}

/// Runs an already built `labwitness` (the grader's).
pub fn check_with(exe: &Path, exercise: &Exercise, timeout: Duration) -> ExerciseReport {
    let mut command = Command::new(exe);
    command.args([&exercise.id, &WITNESS_SEED.to_string()]);
    run(command, exercise, timeout)
}

fn run(command: Command, exercise: &Exercise, timeout: Duration) -> ExerciseReport {
    let mut report = ExerciseReport::new(exercise, Tree::Labs);
    let finished = match isolate::run_limited(command, timeout) {
        Ok(finished) => finished,
        Err(e) => {
            report.summary = Text::same(e.to_string());
            return report;
        }
    };
    let stdout = String::from_utf8_lossy(&finished.stdout);
    let said = |word: &str| {
        let ru = stdout
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{word}: ")));
        let en = stdout
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{word}-en: ")));
        Text::new(ru.unwrap_or_default(), en.or(ru).unwrap_or_default())
    };
    match finished.status {
        Some(status) if status.success() => {
            report.verdict = Verdict::Pass;
            report.score = exercise.points;
            report.summary = said("ok");
        }
        Some(status) if status.code() == Some(1) => {
            report.verdict = Verdict::Fail;
            report.summary = said("broken");
        }
        Some(status) => {
            let stderr = String::from_utf8_lossy(&finished.stderr);
            report.summary = Text::same(format!(
                "{status}: {}",
                stderr
                    .lines()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or_default()
            ));
        }
        None => {
            report.summary = crate::tr!(
                "не закончилось за {s} с (взаимная блокировка? бесконечный цикл?)",
                "did not finish within {s} s (a deadlock? an endless loop?)";
                s = timeout.as_secs()
            );
        }
    }
    report
}
