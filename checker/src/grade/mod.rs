//! `cargo lab grade --submission DIR`: grades a student's submission against
//! the kit's own pristine copies of everything but the exercise files.
//!
//! 1. `staging`: the kit is copied to a build directory outside the kit's
//!    tree (no solutions there) and only the exercise files listed in the
//!    registry are taken from the submission; each is scanned first, and a
//!    refused file is replaced by its starter, so it never runs.
//! 2. `compile`: the copy is built; an exercise file that does not compile
//!    is replaced by its starter (and reported) until the build succeeds.
//! 3. `binaries`: the build's labcheck and labwitness are pinned in a
//!    private directory and verified before every child run.
//! 4. Each exercise is checked in its own child process (`isolate`: its own
//!    process group, a time limit, the verdict only from the private
//!    channel), and every one the model accepts is run again for real under
//!    stress (`labwitness`): code that passes the model but breaks for real
//!    is flagged, not credited.
//! 5. `formats`: the report is written as JSON, JUnit, Markdown and GitHub
//!    Classroom's results (a runner per exercise), each file atomically; a
//!    grade that cannot run at all still writes them, with status `error`
//!    ([`GradeReport::error`]).

pub mod binaries;
pub mod build_cache;
pub mod class;
pub mod cli;
pub mod compile;
pub mod formats;
pub mod staging;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use crate::isolate::{self, Confinement};
use crate::registry::{Exercise, Registry};
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
    /// In an optional part: its points count apart from the base total.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub extra: bool,
    pub status: Status,
    /// One line: why.
    pub reason: Text,
    /// The first compiler error, when the file did not compile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compile_error: Option<String>,
    /// What the stress run saw.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witness: Option<Text>,
    /// Where the scan refused the file (status refused): it was replaced by
    /// its starter and never ran.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refusals: Vec<crate::scan::Refusal>,
    /// The checker's full report (absent when the file was not checked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<ExerciseReport>,
    /// How long grading this exercise took (its checks and stress run).
    pub seconds: f64,
}

/// Whether the grade could run at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Graded,
    /// Nothing was checked (see `error`): the kit does not build, staging
    /// failed, the submission is not there.
    Error,
}

/// How far the check processes could drop their write access (the weakest
/// seen in this grade).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sandbox {
    /// Landlock enforced every restriction asked for.
    Full,
    /// An older Landlock: some of them.
    Partial,
    /// No Landlock on this system: writes were not restricted.
    None,
    /// No check process ran.
    NotRun,
}

#[derive(Clone, Debug, Serialize)]
pub struct GradeReport {
    pub schema: &'static str,
    pub status: RunStatus,
    /// Why the grade could not run (status `error`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Text>,
    pub sandbox: Sandbox,
    pub submission: String,
    /// The base lab's points: the optional parts' are not in these two.
    pub score: u32,
    pub max_score: u32,
    /// The optional parts' points, apart from the base total.
    #[serde(skip_serializing_if = "is_zero")]
    pub extra_score: u32,
    #[serde(skip_serializing_if = "is_zero")]
    pub extra_max_score: u32,
    pub summary: Text,
    pub witness_seed: u64,
    pub exercises: Vec<Graded>,
}

/// The limits of one exercise's check and stress run.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub check: Duration,
    pub witness: Duration,
    /// The staged build's (`settings::build_timeout`).
    pub build: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            check: crate::settings::limits().1,
            witness: crate::settings::WITNESS_TIMEOUT,
            build: crate::settings::build_timeout(),
        }
    }
}

impl Graded {
    fn new(exercise: &Exercise) -> Graded {
        Graded {
            id: exercise.id.clone(),
            title: exercise.title.clone(),
            points: exercise.points,
            score: 0,
            extra: Registry::load().is_extra(exercise),
            status: Status::Error,
            reason: Text::default(),
            compile_error: None,
            witness: None,
            refusals: Vec::new(),
            check: None,
            seconds: 0.0,
        }
    }
}

impl GradeReport {
    /// The report of a grade that could not run: every exercise an error
    /// with the reason, no points, the full maximum.
    pub fn error(submission: &Path, reason: &str) -> GradeReport {
        let registry = Registry::load();
        let full = tr!(
            "оценка не выполнена: {reason}",
            "grading could not run: {reason}";
            reason = reason.trim().to_string()
        );
        // One line in tables and Classroom's messages; the whole in `error`.
        let first = reason.trim().lines().next().unwrap_or_default().to_string();
        let reason = tr!(
            "оценка не выполнена: {first}",
            "grading could not run: {first}"
        );
        let exercises = registry
            .exercise
            .iter()
            .map(|exercise| Graded {
                reason: reason.clone(),
                ..Graded::new(exercise)
            })
            .collect();
        GradeReport {
            schema: SCHEMA,
            status: RunStatus::Error,
            error: Some(full),
            sandbox: Sandbox::NotRun,
            submission: submission.display().to_string(),
            score: 0,
            max_score: registry.max_points(),
            extra_score: 0,
            extra_max_score: registry.extra_points(),
            summary: reason,
            witness_seed: WITNESS_SEED,
            exercises,
        }
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// "21 of 27 points", and the optional parts' apart.
fn total_summary(score: u32, max: u32, extra: u32, extra_max: u32) -> Text {
    let base = tr!("{score} из {max} баллов", "{score} of {max} points");
    if extra_max == 0 {
        return base;
    }
    tr!(
        "{base_ru}; дополнительно {extra} из {extra_max}",
        "{base_en}; extra {extra} of {extra_max}";
        base_ru = base.ru.clone(), base_en = base.en.clone()
    )
}

/// The weakest confinement seen so far.
fn weakest(seen: Sandbox, child: Option<Confinement>) -> Sandbox {
    let child = match child {
        Some(Confinement::Full) => Sandbox::Full,
        Some(Confinement::Partial) => Sandbox::Partial,
        Some(Confinement::None) => Sandbox::None,
        // No record: the child's reason is in its exercise.
        None => return seen,
    };
    let rank = |s: Sandbox| match s {
        Sandbox::NotRun => 3,
        Sandbox::Full => 2,
        Sandbox::Partial => 1,
        Sandbox::None => 0,
    };
    if rank(child) < rank(seen) {
        child
    } else {
        seen
    }
}

/// Where a grade is, for progress lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    /// The submission's files are being taken and scanned.
    Staging,
    /// The staged copy is being built (the first time: every dependency).
    Building { first: bool },
    /// An exercise's check is starting.
    Checking { id: &'a str },
}

/// The staged copy's build: one kept from the same inputs
/// ([`build_cache`]), else cargo's.
fn build(
    kit: &Path,
    work: &Path,
    cache: &Path,
    staged: &staging::Staged,
    registry: &Registry,
    limit: Duration,
    progress: &dyn Fn(Step),
) -> Result<compile::Built, String> {
    let staged_dir = work.join("kit");
    let inputs = match build_cache::enabled() {
        true => build_cache::inputs(&staged_dir).ok(),
        false => None,
    };
    if let Some(found) = inputs.as_ref().and_then(|i| build_cache::find(cache, i)) {
        // As the build did: a file that did not compile is the starter.
        for id in found.not_compiling.keys() {
            if let (Some(exercise), Some(file)) =
                (registry.get(id), staged.files.iter().find(|f| &f.id == id))
            {
                staging::write_if_changed(&file.path, &staging::starter(kit, &exercise.file)?)?;
            }
        }
        return Ok(found);
    }
    progress(Step::Building {
        first: !work.join("target").exists(),
    });
    let built = compile::build(
        kit,
        &staged_dir,
        &work.join("target"),
        staged,
        registry,
        limit,
    )?;
    for binary in [&built.labcheck, &built.labwitness] {
        if !built_from(binary, &staged_dir) {
            return Err(format!(
                "{} was not built from the staged copy {}: another build wrote the grader's target directory meanwhile; grade again",
                binary.display(),
                staged_dir.display()
            ));
        }
    }
    if let Some(inputs) = &inputs {
        build_cache::keep(cache, inputs, &built);
    }
    Ok(built)
}

/// Whether `binary` was compiled from the staged copy in `staged_dir`: it
/// names that copy's exercise files (the checker's entries, the line
/// tables). cargo reports the binary at its uplifted path, which the next
/// build in the same target directory overwrites; a grade must never pin
/// and run another copy's build, whatever wrote it.
fn built_from(binary: &Path, staged_dir: &Path) -> bool {
    let Ok(bytes) = std::fs::read(binary) else {
        return false;
    };
    let mut dirs = vec![staged_dir.to_path_buf()];
    dirs.extend(staged_dir.canonicalize());
    dirs.iter().any(|dir| {
        let needle = dir.join("labs").join("src");
        let needle = needle.to_string_lossy();
        let needle = needle.as_bytes();
        bytes
            .windows(needle.len())
            .any(|w| w[0] == needle[0] && w == needle)
    })
}

/// Grades the submission in `dir` with the kit rooted at `kit`; `work` is
/// where the staged copy and its build live (outside the kit's tree).
pub fn grade(kit: &Path, dir: &Path, work: &Path, limits: Limits) -> Result<GradeReport, String> {
    grade_with(kit, dir, work, limits, &|_| {})
}

/// The same, telling `progress` each step as it starts.
pub fn grade_with(
    kit: &Path,
    dir: &Path,
    work: &Path,
    limits: Limits,
    progress: &dyn Fn(Step),
) -> Result<GradeReport, String> {
    grade_in(kit, dir, work, &work.join("builds"), limits, progress)
}

/// The same, keeping builds in `builds` ([`build_cache`]), which several
/// work directories may share (a class's workers).
pub fn grade_in(
    kit: &Path,
    dir: &Path,
    work: &Path,
    builds: &Path,
    limits: Limits,
    progress: &dyn Fn(Step),
) -> Result<GradeReport, String> {
    let registry = Registry::load();
    if !dir.is_dir() {
        return Err(format!("{}: not a directory", dir.display()));
    }
    std::fs::create_dir_all(work).map_err(|e| format!("{}: {e}", work.display()))?;
    if let (Ok(kit_real), Ok(work_real)) = (kit.canonicalize(), work.canonicalize()) {
        if work_real.starts_with(&kit_real) {
            return Err(format!(
                "the work directory {} is inside the kit: exercise code could reach the kit's files from it",
                work.display()
            ));
        }
    }
    // One grading at a time uses the staged copy.
    let lock = std::fs::File::create(work.join("grade.lock")).map_err(|e| e.to_string())?;
    lock.lock().map_err(|e| e.to_string())?;

    progress(Step::Staging);
    let staged = staging::stage(kit, dir, &work.join("kit"), &registry)?;
    let built = build(
        kit,
        work,
        builds,
        &staged,
        &registry,
        limits.build,
        progress,
    )?;
    // Under the lock, whatever is in runs/ was left by a grader that was
    // killed before it could clean up.
    let runs = work.join("runs");
    let _ = std::fs::remove_dir_all(&runs);
    let binaries = binaries::Binaries::pin(&runs, &built.labcheck, &built.labwitness)
        .map_err(|e| format!("cannot pin the grader's binaries: {e}"))?;

    let mut exercises: Vec<Graded> = Vec::new();
    let mut sandbox = Sandbox::NotRun;
    // The exercise whose check ran last: the one to blame for a binary that
    // changed before the next run.
    let mut last_run: Option<usize> = None;
    // Checks the pinned binaries before a run; `Some(names)` when the run
    // before changed them (they are restored by then).
    let verify = || -> Result<Option<String>, String> {
        let changed = binaries
            .verify()
            .map_err(|e| format!("the grader's binaries: {e}"))?;
        Ok((!changed.is_empty()).then(|| changed.join(", ")))
    };
    let blame = |graded: &mut Graded, which: String| {
        graded.score = 0;
        graded.status = Status::Error;
        graded.reason = tr!(
            "проверка этого упражнения (последняя перед обнаружением) изменила двоичный файл проверки ({which}); файл восстановлен, результат не засчитан",
            "this exercise's check (the last before it was found) changed the grader's binary ({which}); it was restored and the result not credited"
        );
    };
    let verify_blaming_last = |exercises: &mut Vec<Graded>, last_run: Option<usize>| {
        if let Some(which) = verify()? {
            if let Some(graded) = last_run.and_then(|i| exercises.get_mut(i)) {
                blame(graded, which);
            }
        }
        Ok::<(), String>(())
    };
    // When each exercise's turn began: the loop runs them one after another,
    // so each one's time is the gap to the next start.
    let mut started = Vec::new();
    for exercise in &registry.exercise {
        started.push(std::time::Instant::now());
        let file = staged
            .files
            .iter()
            .find(|f| f.id == exercise.id)
            .expect("staged");
        let mut graded = Graded::new(exercise);
        let runs = file.problem.is_none()
            && file.refused.is_none()
            && !built.not_compiling.contains_key(&exercise.id);
        if runs {
            progress(Step::Checking { id: &exercise.id });
        }
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
        if let Some(refused) = &file.refused {
            graded.status = Status::Refused;
            graded.reason = refused.summary.clone();
            graded.refusals = refused.refusals.clone();
            graded.check = Some(refused.clone());
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
        let index = exercises.len();
        if exercise.engine == crate::registry::Engine::Real {
            // No model: the real run is the whole check.
            verify_blaming_last(&mut exercises, last_run)?;
            let (report, confinement) =
                crate::real::check_confined(&binaries.labwitness.path, exercise, limits.witness);
            last_run = Some(index);
            sandbox = weakest(sandbox, confinement);
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
        verify_blaming_last(&mut exercises, last_run)?;
        let run = isolate::run_child(
            &binaries.labcheck.path,
            Tree::Labs,
            exercise,
            &exercise.id,
            limits.check,
        );
        last_run = Some(index);
        sandbox = weakest(sandbox, run.confinement);
        let report = run.report;
        graded.reason = report.summary.clone();
        graded.status = match report.verdict {
            Verdict::Pass => Status::Passed,
            Verdict::Fail => Status::Failed,
            Verdict::Refused => Status::Refused,
            Verdict::Error => Status::Error,
        };
        if graded.status == Status::Passed {
            // The second witness: the same code for real, under stress. A
            // binary changed by the model run is this exercise's doing.
            if let Some(which) = verify()? {
                blame(&mut graded, which);
                graded.check = Some(report);
                exercises.push(graded);
                continue;
            }
            let (seen, confinement) =
                crate::real::check_confined(&binaries.labwitness.path, exercise, limits.witness);
            sandbox = weakest(sandbox, confinement);
            if seen.verdict == Verdict::Pass {
                graded.score = exercise.points;
            } else {
                graded.status = Status::Flagged;
                graded.reason = crate::selfcheck::stress_broke(&seen.summary);
            }
            graded.witness = Some(seen.summary);
        }
        graded.check = Some(report);
        exercises.push(graded);
    }
    // After the last run too.
    verify_blaming_last(&mut exercises, last_run)?;
    started.push(std::time::Instant::now());
    for (graded, turn) in exercises.iter_mut().zip(started.windows(2)) {
        graded.seconds = (turn[1] - turn[0]).as_secs_f64();
    }
    let score = exercises.iter().filter(|e| !e.extra).map(|e| e.score).sum();
    let max_score = registry.max_points();
    let extra_score = exercises.iter().filter(|e| e.extra).map(|e| e.score).sum();
    let extra_max_score = registry.extra_points();
    Ok(GradeReport {
        schema: SCHEMA,
        status: RunStatus::Graded,
        error: None,
        sandbox,
        submission: dir.display().to_string(),
        score,
        max_score,
        extra_score,
        extra_max_score,
        summary: total_summary(score, max_score, extra_score, extra_max_score),
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

/// Where the grader keeps its staged copy and build: `RACELAB_WORK_DIR`,
/// else `$XDG_CACHE_HOME/racelab/<kit>` (`~/.cache`), else the temporary
/// directory — never inside the kit, where exercise code could reach the
/// kit's files (the solutions) by a relative path. `<kit>` is a hash of the
/// kit's path, so each kit keeps its own warm build.
pub fn default_work_dir(kit: &Path) -> PathBuf {
    if let Some(dir) = std::env::var_os("RACELAB_WORK_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    use std::hash::{Hash, Hasher};
    let kit = kit.canonicalize().unwrap_or_else(|_| kit.to_path_buf());
    let mut hasher = std::hash::DefaultHasher::new();
    kit.hash(&mut hasher);
    let name = format!("kit-{:016x}", hasher.finish());
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .filter(|d| d.is_absolute() && !d.starts_with(&kit));
    match cache {
        Some(cache) => cache.join("racelab").join(name),
        None => std::env::temp_dir().join(format!("racelab-{name}")),
    }
}
