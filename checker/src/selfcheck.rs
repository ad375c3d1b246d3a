//! One verdict: what `cargo lab check`, `list` and `explain` run for an
//! exercise is what `cargo lab grade` runs for it — the scan, the model in a
//! child process, and for a model that passes (or an exercise with no
//! model) the stress run of the real build, `labwitness`, built once per
//! command from the kit's own labs/.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::check::Timing;
use crate::isolate;
use crate::real;
use crate::registry::{Engine, Exercise};
use crate::report::{ExerciseReport, Verdict};
use crate::settings::{limits, WITNESS_TIMEOUT};
use crate::text::Text;
use crate::tr;
use crate::trees::{self, Tree};

/// The real build's stress runner, built on first use — once, whichever of
/// the checks running side by side needs it first.
#[derive(Default)]
pub struct Witness {
    built: std::sync::Mutex<Option<Result<PathBuf, Text>>>,
    /// Say so on stderr (a terminal) when the build takes a while.
    announce: Option<crate::text::Lang>,
}

impl Witness {
    /// One that tells a person at a terminal why the first check waits: the
    /// first build of the real build takes minutes, silently otherwise.
    pub fn announcing(lang: crate::text::Lang) -> Witness {
        use std::io::IsTerminal;
        Witness {
            built: Default::default(),
            announce: std::io::stderr().is_terminal().then_some(lang),
        }
    }

    fn exe(&self, kit: &Path) -> Result<PathBuf, Text> {
        let announce = self.announce;
        self.built
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_or_insert_with(|| match announce {
                Some(lang) => announced(lang, || build(kit)),
                None => build(kit),
            })
            .clone()
    }
}

/// Runs `work`, printing a line on stderr if it is still running after a
/// second (a build with nothing to do says nothing).
fn announced<T>(lang: crate::text::Lang, work: impl FnOnce() -> T) -> T {
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let line = Text::new(
        "сборка настоящей сборки (labwitness) для прогона под нагрузкой — первая занимает несколько минут…",
        "building the real build (labwitness) for the stress run — the first build takes minutes…",
    );
    let waiter = std::thread::spawn(move || {
        if finished
            .recv_timeout(std::time::Duration::from_secs(1))
            .is_err()
        {
            eprintln!("{}", line.get(lang));
        }
    });
    let result = work();
    drop(done);
    let _ = waiter.join();
    result
}

/// Builds `labwitness` from the kit with cargo and returns its path.
fn build(kit: &Path) -> Result<PathBuf, Text> {
    build_bin(kit, "witness", "labwitness").map_err(|errors| {
        tr!(
            "настоящая сборка (labwitness) не собралась:\n{e}",
            "the real build (labwitness) did not build:\n{e}";
            e = errors
        )
    })
}

/// Builds binary `bin` of `package` in the kit with cargo and returns its
/// path, or cargo's errors.
pub fn build_bin(kit: &Path, package: &str, bin: &str) -> Result<PathBuf, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
        .current_dir(kit)
        .args([
            "build",
            "--quiet",
            "--message-format=json-render-diagnostics",
            "--package",
            package,
            "--bin",
            bin,
        ])
        .output()
        .map_err(|e| format!("cargo: {e}"))?;
    let exe = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == bin)
        .find_map(|m| m["executable"].as_str().map(PathBuf::from));
    match exe {
        Some(exe) if output.status.success() => Ok(exe),
        _ => Err(String::from_utf8_lossy(&output.stderr).trim().to_string()),
    }
}

/// Whether `exercise` can be checked in `tree`: exercises with no model
/// run only in the real build, which is compiled from labs/.
pub fn checkable(exercise: &Exercise, tree: Tree) -> bool {
    match exercise.engine {
        Engine::Real => tree == Tree::Labs,
        _ => tree == Tree::Labs || trees::entry(tree, &exercise.id).is_some(),
    }
}

/// Checks one exercise of `tree` as grading would.
pub fn check(
    kit: &Path,
    tree: Tree,
    exercise: &Exercise,
    witness: &Witness,
) -> (ExerciseReport, Option<Timing>) {
    match std::env::current_exe() {
        Ok(checker) => check_with(kit, &checker, tree, exercise, witness),
        Err(e) => (failed(exercise, tree, Text::same(e.to_string())), None),
    }
}

/// The same, with the models run by `checker` (a `labcheck` build), for a
/// caller that is not one (the student repository's `cargo test`).
pub fn check_with(
    kit: &Path,
    checker: &Path,
    tree: Tree,
    exercise: &Exercise,
    witness: &Witness,
) -> (ExerciseReport, Option<Timing>) {
    if exercise.engine == Engine::Real {
        if let Some(refused) = crate::scan::refused_in(kit, exercise, tree) {
            return (refused, None);
        }
        return match witness.exe(kit) {
            Ok(exe) => (real::check_with(&exe, exercise, WITNESS_TIMEOUT), None),
            Err(reason) => (failed(exercise, tree, reason), None),
        };
    }
    let module = trees::entry(tree, &exercise.id).map_or(exercise.id.as_str(), |e| e.module);
    let (mut report, timing) = isolate::run_exe(checker, tree, exercise, module, limits().1);
    // The stress run is of the real build, which holds labs/ only.
    if report.verdict == Verdict::Pass && tree == Tree::Labs {
        let seen = match witness.exe(kit) {
            Ok(exe) => real::check_with(&exe, exercise, WITNESS_TIMEOUT),
            Err(reason) => failed(exercise, tree, reason),
        };
        under_stress(&mut report, &seen);
    }
    (report, timing)
}

/// Takes the stress run's word into a report the model passed: a pass
/// stands only if the real build passed too.
pub fn under_stress(report: &mut ExerciseReport, seen: &ExerciseReport) {
    report.witness = Some(seen.summary.clone());
    if seen.verdict != Verdict::Pass {
        report.verdict = Verdict::Fail;
        report.score = 0;
        report.summary = stress_broke(&seen.summary);
    }
}

/// Why a model-passed exercise gets nothing.
pub fn stress_broke(summary: &Text) -> Text {
    Text::new(
        format!(
            "модель пройдена, но в настоящих потоках под нагрузкой: {}",
            summary.ru
        ),
        format!(
            "the model passed, but for real under stress: {}",
            summary.en
        ),
    )
}

fn failed(exercise: &Exercise, tree: Tree, reason: Text) -> ExerciseReport {
    let mut report = ExerciseReport::new(exercise, tree);
    report.verdict = Verdict::Error;
    report.summary = reason;
    report
}
