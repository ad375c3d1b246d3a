//! `cargo lab grade --submission DIR`: grades a student's submission against
//! the kit's own pristine copies of everything but the exercise files.
//!
//! 1. `staging`: the kit is copied to a build directory and only the
//!    exercise files listed in the registry are taken from the submission.
//! 2. `compile`: the copy is built; an exercise file that does not compile
//!    is replaced by its starter (and reported) until the build succeeds.
//! 3. Each exercise is checked in its own child process with a time limit,
//!    and every one the model accepts is run again for real under stress
//!    (`labwitness`): code that passes the model but breaks for real is
//!    flagged, not credited.
//! 4. `formats`: the report is written as JSON, JUnit, Markdown and GitHub
//!    Classroom's `result`, each file atomically.

pub mod cli;
pub mod compile;
pub mod formats;
pub mod staging;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use crate::isolate;
use crate::registry::Registry;
use crate::report::text::{render, Style};
use crate::report::{ExerciseReport, Verdict};
use crate::text::{Lang, Text};
use crate::tr;
use crate::trees::Tree;

pub const SCHEMA: &str = "racelab.grade/1";

/// The seed of the stress runs: fixed, so a submission always gets the same
/// report, and printed in it.
pub const WITNESS_SEED: u64 = 0x2AB0_1A2B;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Passed,
    Failed,
    /// Passed the model, broke under stress in the real build.
    Flagged,
    Refused,
    NotCompiling,
    Missing,
    /// The file is there but cannot be read as text (not UTF-8).
    Unreadable,
    Error,
}

#[derive(Clone, Debug, Serialize)]
pub struct Graded {
    pub id: String,
    pub title: Text,
    pub points: u32,
    pub score: u32,
    pub status: Status,
    /// One line: why.
    pub reason: Text,
    /// The first compiler error, when the file did not compile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compile_error: Option<String>,
    /// What the stress run saw.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witness: Option<Text>,
    /// The checker's full report (absent when the file was not checked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<ExerciseReport>,
}

#[derive(Clone, Debug, Serialize)]
pub struct GradeReport {
    pub schema: &'static str,
    pub submission: String,
    pub score: u32,
    pub max_score: u32,
    pub summary: Text,
    pub witness_seed: u64,
    pub exercises: Vec<Graded>,
}

/// The limits of one exercise's check and stress run.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub check: Duration,
    pub witness: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            check: crate::cli::limits().1,
            witness: Duration::from_secs(30),
        }
    }
}

/// Grades the submission in `dir` with the kit rooted at `kit`; `work` is
/// where the staged copy and its build live.
pub fn grade(kit: &Path, dir: &Path, work: &Path, limits: Limits) -> Result<GradeReport, String> {
    let registry = Registry::load();
    std::fs::create_dir_all(work).map_err(|e| format!("{}: {e}", work.display()))?;
    // One grading at a time uses the staged copy.
    let lock = std::fs::File::create(work.join("grade.lock")).map_err(|e| e.to_string())?;
    lock.lock().map_err(|e| e.to_string())?;

    let staged = staging::stage(kit, dir, &work.join("kit"), &registry)?;
    let built = compile::build(
        kit,
        &work.join("kit"),
        &work.join("target"),
        &staged,
        &registry,
    )?;

    let mut exercises = Vec::new();
    for exercise in &registry.exercise {
        let file = staged
            .files
            .iter()
            .find(|f| f.id == exercise.id)
            .expect("staged");
        let mut graded = Graded {
            id: exercise.id.clone(),
            title: exercise.title.clone(),
            points: exercise.points,
            score: 0,
            status: Status::Error,
            reason: Text::default(),
            compile_error: None,
            witness: None,
            check: None,
        };
        if let Some(problem) = &file.problem {
            graded.status = if file.absent {
                Status::Missing
            } else {
                Status::Unreadable
            };
            graded.reason = problem.clone();
            exercises.push(graded);
            continue;
        }
        if let Some(error) = built.not_compiling.get(&exercise.id) {
            graded.status = Status::NotCompiling;
            graded.reason = Text::new(
                "файл не компилируется (проверен не был)",
                "the file does not compile (it was not checked)",
            );
            graded.compile_error = Some(error.clone());
            exercises.push(graded);
            continue;
        }
        if exercise.engine == crate::registry::Engine::Real {
            // No model: the real run is the whole check.
            let report = crate::real::check_with(&built.labwitness, exercise, limits.witness);
            graded.reason = report.summary.clone();
            graded.status = if report.verdict == Verdict::Pass {
                graded.score = exercise.points;
                Status::Passed
            } else if report.verdict == Verdict::Fail {
                Status::Failed
            } else {
                Status::Error
            };
            graded.check = Some(report);
            exercises.push(graded);
            continue;
        }
        let (report, _) = isolate::run_exe(
            &built.labcheck,
            Tree::Labs,
            exercise,
            &exercise.id,
            limits.check,
        );
        graded.reason = report.summary.clone();
        graded.status = match report.verdict {
            Verdict::Pass => Status::Passed,
            Verdict::Fail => Status::Failed,
            Verdict::Refused => Status::Refused,
            Verdict::Error => Status::Error,
        };
        if graded.status == Status::Passed {
            // The second witness: the same code for real, under stress.
            let seen = crate::real::check_with(&built.labwitness, exercise, limits.witness);
            if seen.verdict == Verdict::Pass {
                graded.score = exercise.points;
            } else {
                graded.status = Status::Flagged;
                graded.reason = Text::new(
                    format!(
                        "модель пройдена, но в настоящих потоках под нагрузкой: {}",
                        seen.summary.ru
                    ),
                    format!(
                        "the model passed, but for real under stress: {}",
                        seen.summary.en
                    ),
                );
            }
            graded.witness = Some(seen.summary);
        }
        graded.check = Some(report);
        exercises.push(graded);
    }
    let score = exercises.iter().map(|e| e.score).sum();
    let max_score = registry.max_points();
    Ok(GradeReport {
        schema: SCHEMA,
        submission: dir.display().to_string(),
        score,
        max_score,
        summary: tr!(
            "{score} из {max_score} баллов",
            "{score} of {max_score} points"
        ),
        witness_seed: WITNESS_SEED,
        exercises,
    })
}

/// The text report of one graded exercise (for JUnit and Markdown).
pub fn details(graded: &Graded, lang: Lang) -> String {
    let mut text = String::new();
    if let Some(check) = &graded.check {
        text.push_str(&render(check, Style::plain(lang)));
    } else {
        text.push_str(graded.reason.get(lang));
        text.push('\n');
    }
    if let Some(error) = &graded.compile_error {
        text.push('\n');
        text.push_str(error);
        text.push('\n');
    }
    if graded.status == Status::Flagged {
        text.push('\n');
        text.push_str(graded.reason.get(lang));
        text.push('\n');
    }
    text
}

/// Where the grader keeps its staged copy and build.
pub fn default_work_dir(kit: &Path) -> PathBuf {
    kit.join("target").join("racelab-aux")
}
