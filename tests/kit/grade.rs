//! `cargo lab grade` end to end, on submissions built here from the
//! reference solutions, the starters and tests/fixtures/grade/. Each case's
//! Markdown report is a snapshot.
//!
//! The cases share one staged build (the grader's work directory, outside
//! the kit: `grade::default_work_dir`), so they run in one test, one after
//! another.

use crate::base64;
use base64::base64_decode;
use std::path::{Path, PathBuf};
use std::time::Duration;

use racelab_checker::grade::{self, formats, Limits, Status};
use racelab_checker::text::Lang;

const KIT: &str = env!("CARGO_MANIFEST_DIR");

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A submission directory: the reference solutions as labs/src, then
/// `overlay` copied over the repository root.
fn submission(name: &str, base: Option<&str>, overlay: &[(&str, &str)]) -> PathBuf {
    let dir = grade::default_work_dir(Path::new(KIT))
        .join("submissions")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("labs/src")).unwrap();
    if let Some(base) = base {
        for entry in std::fs::read_dir(Path::new(KIT).join(base)).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), dir.join("labs/src").join(entry.file_name())).unwrap();
            }
        }
    }
    for (from, to) in overlay {
        let from = Path::new(KIT).join(from);
        if from.is_dir() {
            copy_dir(&from, &dir.join(to));
        } else {
            std::fs::copy(&from, dir.join(to)).unwrap();
        }
    }
    dir
}

/// The standard library's line numbers in compiler notes move with every
/// toolchain (its commit hash is already cut by the grader: `<rust>/`).
fn without_std_lines(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("<rust>/") {
            Some(at) => {
                let (head, path) = line.split_at(at);
                let end = path.find(".rs:").map_or(path.len(), |i| i + 3);
                format!("{head}{}:LL:CC", &path[..end])
            }
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

fn snapshot(name: &str, text: &str) {
    crate::snapshot(name, &without_std_lines(text));
}

#[test]
fn grading_end_to_end() {
    let work = grade::default_work_dir(Path::new(KIT));
    // Outside the kit: no relative path from the staged copy reaches the
    // kit's own files, and the staged copy holds no solutions.
    let kit_real = Path::new(KIT).canonicalize().unwrap();
    std::fs::create_dir_all(&work).unwrap();
    assert!(!work.canonicalize().unwrap().starts_with(&kit_real));
    let limits = Limits {
        check: Duration::from_secs(5),
        witness: Duration::from_secs(30),
        ..Limits::default()
    };
    let kit = Path::new(KIT);

    // Every solution, plus edits to the kit's own files that must change
    // nothing: tests, snapshots, the registry, the checker.
    let correct = submission(
        "correct_and_tampered",
        Some("solutions"),
        &[("tests/fixtures/grade/tampered", "")],
    );
    let report = grade::grade(kit, &correct, &work, limits).expect("graded");
    assert!(!work.join("kit/solutions").exists());
    assert_eq!(report.status, grade::RunStatus::Graded);
    // Every check dropped its write access as far as this kernel allows.
    let expected = match racelab_sandbox::limits::probe() {
        racelab_sandbox::limits::Confinement::Full => grade::Sandbox::Full,
        racelab_sandbox::limits::Confinement::Partial => grade::Sandbox::Partial,
        racelab_sandbox::limits::Confinement::None => grade::Sandbox::None,
    };
    assert_eq!(report.sandbox, expected);
    assert_eq!(
        report.score,
        report.max_score,
        "{}",
        formats::markdown(&report, Lang::En)
    );
    snapshot(
        "grade_correct_and_tampered",
        &formats::markdown(&report, Lang::Ru),
    );

    let starters = submission("starters", Some("labs/src"), &[]);
    let report = grade::grade(kit, &starters, &work, limits).expect("graded");
    assert_eq!(report.score, 0);
    assert!(report.exercises.iter().all(|e| e.status == Status::Failed));
    snapshot("grade_starters", &formats::markdown(&report, Lang::Ru));
    // `--html`: a page per exercise that lost points, a model's with its lanes.
    let pages = work.join("pages");
    let _ = std::fs::remove_dir_all(&pages);
    grade::cli::pages(&report, &pages, Lang::Ru).unwrap();
    let mut with_lanes = 0;
    for graded in report.exercises.iter().filter(|e| e.check.is_some()) {
        let page = std::fs::read_to_string(pages.join(format!("{}.html", graded.id)))
            .unwrap_or_else(|e| panic!("{}: {e}", graded.id));
        assert!(page.contains("✗ отклонено"), "{}", graded.id);
        with_lanes += usize::from(page.contains("<table class=\"lanes\">"));
    }
    let models = racelab_checker::registry::Registry::load()
        .exercise
        .iter()
        .filter(|e| e.engine != racelab_checker::registry::Engine::Real)
        .count();
    assert_eq!(with_lanes, models);

    let empty = submission("empty", None, &[]);
    let report = grade::grade(kit, &empty, &work, limits).expect("graded");
    assert!(report.exercises.iter().all(|e| e.status == Status::Missing));
    snapshot("grade_empty", &formats::markdown(&report, Lang::Ru));

    // One hostile file per exercise: each fails alone, with its reason.
    let overlay: Vec<(String, String)> =
        std::fs::read_dir(kit.join("tests/fixtures/grade/hostile"))
            .unwrap()
            .map(|e| {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                (
                    format!("tests/fixtures/grade/hostile/{name}"),
                    format!("labs/src/{name}"),
                )
            })
            .collect();
    let overlay: Vec<(&str, &str)> = overlay
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let hostile = submission("hostile", Some("solutions"), &overlay);
    let report = grade::grade(kit, &hostile, &work, limits).expect("graded");
    let status = |id: &str| report.exercises.iter().find(|e| e.id == id).unwrap().status;
    assert_eq!(status("counter"), Status::NotCompiling);
    assert_eq!(status("list"), Status::Failed);
    assert_eq!(status("bank"), Status::Error);
    assert_eq!(status("data_race"), Status::Refused);
    assert_eq!(status("async_counter"), Status::Error);
    assert_eq!(status("async_cache"), Status::Unreadable);
    // Its model detection (`std::any::type_name`) is off the allow-list.
    assert_eq!(status("blocking"), Status::Refused);
    // The three real exercises are the reference solutions here.
    assert_eq!(status("io_bound"), Status::Passed);
    // The exercises with no hostile file are the reference solutions: only
    // they score, the base ones in the total and the optional ones apart.
    let registry = racelab_checker::registry::Registry::load();
    let untouched = |extra: bool| -> u32 {
        registry
            .exercise
            .iter()
            .filter(|e| registry.is_extra(e) == extra)
            .filter(|e| {
                !overlay
                    .iter()
                    .any(|(_, to)| *to == format!("labs/src/{}", e.file))
            })
            .map(|e| e.points)
            .sum()
    };
    assert_eq!(report.score, untouched(false));
    assert_eq!(report.extra_score, untouched(true));
    assert_eq!(report.max_score, registry.max_points());
    snapshot("grade_hostile", &formats::markdown(&report, Lang::Ru));

    // A worker process left behind, holding the grader's stderr, neither
    // delays the grade nor outlives it.
    let orphan = submission(
        "orphan",
        Some("solutions"),
        &[(
            "tests/fixtures/grade/orphan/cpu_bound.rs",
            "labs/src/cpu_bound.rs",
        )],
    );
    let start = std::time::Instant::now();
    let orphaned = grade::grade(kit, &orphan, &work, limits).expect("graded");
    let took = start.elapsed();
    let cpu_bound = orphaned
        .exercises
        .iter()
        .find(|e| e.id == "cpu_bound")
        .unwrap();
    assert_eq!(cpu_bound.status, Status::Passed, "{:?}", cpu_bound.reason);
    eprintln!("the grade with a process left behind took {took:?}");
    #[cfg(target_os = "linux")]
    let stragglers: Vec<String> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
        .filter(|c| c.contains("__worker") && c.contains("987654321987"))
        .collect();
    #[cfg(target_os = "linux")]
    assert!(stragglers.is_empty(), "left running: {stragglers:?}");

    // Every format is written, atomically, and parses.
    let out = work.join("reports");
    let _ = std::fs::remove_dir_all(&out);
    formats::write_atomically(&out.join("grade.json"), &formats::json(&report)).unwrap();
    formats::write_atomically(&out.join("junit.xml"), &formats::junit(&report, Lang::Ru)).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("grade.json")).unwrap()).unwrap();
    assert_eq!(json["schema"], "racelab.grade/1");
    assert_eq!(
        json["exercises"].as_array().unwrap().len(),
        registry.exercise.len()
    );
    let junit = quick_junit::Report::deserialize_from_str(
        &std::fs::read_to_string(out.join("junit.xml")).unwrap(),
    )
    .expect("the JUnit report parses");
    assert_eq!(junit.tests, report.exercises.len());
    // A wrong program is a failure; a check with no verdict, an error.
    let count = |statuses: &[Status]| {
        report
            .exercises
            .iter()
            .filter(|e| statuses.contains(&e.status))
            .count()
    };
    assert_eq!(
        junit.failures,
        count(&[Status::Failed, Status::Flagged, Status::Refused])
    );
    assert_eq!(
        junit.errors,
        count(&[
            Status::NotCompiling,
            Status::Missing,
            Status::Unreadable,
            Status::Error
        ])
    );
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .collect();
    assert!(leftovers.is_empty());
    let classroom = formats::classroom(&report, Lang::En);
    // One runner per exercise of the base lab: Classroom's total is its
    // points, the optional parts stay out.
    let base: Vec<_> = registry
        .exercise
        .iter()
        .filter(|e| !registry.is_extra(e))
        .collect();
    assert_eq!(classroom.len(), base.len());
    let mut summed = 0;
    for ((id, result), exercise) in classroom.iter().zip(&base) {
        assert_eq!(id, &exercise.id);
        assert!(result
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c)));
        let result: serde_json::Value = serde_json::from_slice(&base64_decode(result)).unwrap();
        summed += result["max_score"].as_u64().unwrap();
    }
    assert_eq!(summed, u64::from(registry.max_points()));

    // A build past its limit stops the grade with that reason. The comment
    // makes the staged copy one never built before, so no kept build
    // stands in for cargo.
    let slow = submission("slow_build", Some("labs/src"), &[]);
    let counter = slow.join("labs/src/counter.rs");
    let unique = format!(
        "// {} {:?}\n",
        std::process::id(),
        std::time::SystemTime::now()
    );
    std::fs::write(
        &counter,
        std::fs::read_to_string(&counter).unwrap() + &unique,
    )
    .unwrap();
    let short = Limits {
        build: Duration::from_millis(1),
        ..limits
    };
    let why = grade::grade(kit, &slow, &work, short).expect_err("no grade past the build's limit");
    assert!(why.contains("took longer than"), "{why}");
}

/// A grade that cannot run still gives Classroom a `result`: status
/// `error`, the maximum, and the reason in every test's message; the JSON
/// and Markdown reports are written too.
#[test]
fn a_grade_that_cannot_run_still_reports() {
    let out = std::env::temp_dir().join(format!("racelab-grade-error-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let github_output = out.join("github_output");
    // This test alone in its process reads GITHUB_OUTPUT.
    std::env::set_var("GITHUB_OUTPUT", &github_output);
    let code = grade::cli::run(
        &out.join("no-such-submission"),
        grade::cli::Outputs {
            json: Some(out.join("grade.json")),
            junit: None,
            markdown: Some(out.join("grade.md")),
            classroom: true,
            html: None,
        },
        false,
        racelab_checker::report::text::Style::plain(Lang::En),
    );
    std::env::remove_var("GITHUB_OUTPUT");
    assert_eq!(code, std::process::ExitCode::from(2));

    // One `<exercise id>=<result>` line per exercise: a runner each.
    let lines = std::fs::read_to_string(&github_output).unwrap();
    let registry = racelab_checker::registry::Registry::load();
    let base: Vec<_> = registry
        .exercise
        .iter()
        .filter(|e| !registry.is_extra(e))
        .collect();
    assert_eq!(lines.lines().count(), base.len());
    for (line, exercise) in lines.lines().zip(&base) {
        let encoded = line
            .strip_prefix(&format!("{}=", exercise.id))
            .expect("a result line");
        let result: serde_json::Value = serde_json::from_slice(&base64_decode(encoded)).unwrap();
        assert_eq!(result["status"], "error");
        assert_eq!(result["max_score"], exercise.points);
        let test = &result["tests"][0];
        assert_eq!(test["status"], "error");
        assert_eq!(test["score"], 0);
        let message = test["message"].as_str().unwrap();
        assert!(message.contains("could not run"), "{message}");
        assert!(message.contains("not a directory"), "{message}");
    }

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("grade.json")).unwrap()).unwrap();
    assert_eq!(json["status"], "error");
    assert_eq!(json["score"], 0);
    assert!(json["error"]["en"]
        .as_str()
        .unwrap()
        .contains("not a directory"));
    let markdown = std::fs::read_to_string(out.join("grade.md")).unwrap();
    assert!(markdown.contains("could not run"), "{markdown}");
    let _ = std::fs::remove_dir_all(&out);
}
