//! What the CI tools that read a grade make of it.
//!
//! - GitHub Classroom: its reporter's scoring, ported line by line below from
//!   classroom-resources/autograding-grading-reporter v1 (src/main.js,
//!   console-results.js, aggregate-results.js, helpers/test-helpers.js,
//!   notify-classroom.js), is fed racelab's step outputs through the exported
//!   workflow's own wiring: the log and the notice must show the report's
//!   points for any set of failed exercises, and each failure its reason.
//! - JUnit: the XML parses (quick-junit's reader) and validates against the
//!   Jenkins junit schema (tests/fixtures/junit/junit-10.xsd, from
//!   jenkinsci/xunit-plugin) with `xmllint`, even with hostile student text.
//!
//! The reports are built from the registry, with no grade run: fast, and the
//! same on every machine.

use crate::base64;
use base64::base64_decode;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use racelab_checker::grade::{formats, GradeReport, RunStatus, Status};
use racelab_checker::registry::Registry;
use racelab_checker::text::{Lang, Text};
use serde_json::Value;

/// A graded report: the exercises in `failed` failed with a reason naming
/// them, every other one passed.
fn report(failed: &[&str]) -> GradeReport {
    // Parsing the registry is the slow part in a debug build: once.
    static BASE: std::sync::OnceLock<GradeReport> = std::sync::OnceLock::new();
    let mut report = BASE
        .get_or_init(|| GradeReport::error(Path::new("submission"), "unused"))
        .clone();
    report.status = RunStatus::Graded;
    report.error = None;
    for graded in &mut report.exercises {
        if failed.contains(&graded.id.as_str()) {
            graded.status = Status::Failed;
            graded.score = 0;
            graded.reason = Text::new(
                format!("запрещённый исход в {}", graded.id),
                format!("a forbidden outcome in {}", graded.id),
            );
        } else {
            graded.status = Status::Passed;
            graded.score = graded.points;
            graded.reason = Text::new("принято", "passed");
        }
        graded.seconds = 1.5;
    }
    // The base lab's points: the optional parts are counted apart.
    report.score = report
        .exercises
        .iter()
        .filter(|e| !e.extra)
        .map(|e| e.score)
        .sum();
    report
}

// ---------------------------------------------------------------------------
// GitHub Classroom's reporter, ported. JavaScript's numbers are f64 and
// print as the shortest form that reads back (as Rust's `{}` does).

struct RunnerResult {
    runner: String,
    results: Value,
}

/// main.js: `runners` split on commas, each runner's result read from the
/// environment as `<RUNNER upper-cased>_RESULTS`, base64, then JSON.
fn parse_runners(input: &str, env: &BTreeMap<String, String>) -> Result<Vec<RunnerResult>, String> {
    input
        .split(',')
        .map(|runner| {
            let name = format!("{}_RESULTS", runner.trim().to_uppercase());
            let encoded = env.get(&name).ok_or(format!("{name} is not set"))?;
            let json = base64_decode(encoded);
            let results = serde_json::from_slice(&json).map_err(|e| format!("{name}: {e}"))?;
            Ok(RunnerResult {
                runner: runner.to_string(),
                results,
            })
        })
        .collect()
}

/// helpers/test-helpers.js: getMaxScoreForTest.
fn max_score_for_test(results: &Value) -> f64 {
    results["max_score"].as_f64().unwrap_or(0.0)
}

/// helpers/test-helpers.js: getTestScore — passed tests ÷ tests × max_score.
fn test_score(results: &Value) -> f64 {
    let tests = results["tests"].as_array().unwrap();
    let passed = tests.iter().filter(|t| t["status"] == "pass").count();
    (passed as f64 / tests.len() as f64) * max_score_for_test(results)
}

/// cli-table3 with colWidths [20, 13, 13]: a cell holds width − 2
/// characters; a longer one is cut to width − 3 and "…".
fn table(rows: &[[String; 3]]) -> String {
    const WIDTHS: [usize; 3] = [20, 13, 13];
    let cell = |text: &str, width: usize| {
        let room = width - 2;
        let text: String = if text.chars().count() > room {
            text.chars().take(room - 1).chain(['…']).collect()
        } else {
            text.to_string()
        };
        format!(" {text:<room$} ")
    };
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row.iter().zip(WIDTHS).map(|(t, w)| cell(t, w)).collect();
        out.push_str(&format!("│{}│\n", cells.join("│")));
    }
    out
}

/// aggregate-results.js: the table, one row per runner, then the totals.
fn aggregate_results(runners: &[RunnerResult]) -> String {
    let mut rows = vec![[
        "Test Runner Name".to_string(),
        "Test Score".to_string(),
        "Max Score".to_string(),
    ]];
    let (mut total, mut max) = (0.0, 0.0);
    for RunnerResult { runner, results } in runners {
        let max_score = max_score_for_test(results);
        let score = test_score(results);
        rows.push([
            runner.trim().to_string(),
            score.to_string(),
            max_score.to_string(),
        ]);
        total += score;
        max += max_score;
    }
    rows.push(["Total: ".to_string(), total.to_string(), max.to_string()]);
    table(&rows)
}

/// console-results.js: the log (colours left out).
fn console_results(runners: &[RunnerResult]) -> String {
    let mut log = String::new();
    let (mut passed_all, mut tests_all) = (0, 0);
    for (index, RunnerResult { runner, results }) in runners.iter().enumerate() {
        let max_score = max_score_for_test(results);
        let score = test_score(results);
        if index > 0 {
            log.push_str("🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀\n\n");
        }
        log.push_str(&format!("🔄 Processing: {runner}\n"));
        let tests = results["tests"].as_array().unwrap();
        let mut passed = 0;
        for test in tests {
            let name = test["name"].as_str().unwrap_or_default();
            let line = test["line_no"].as_i64().unwrap_or(0);
            let at = if line != 0 {
                format!(" - line {line}")
            } else {
                String::new()
            };
            match test["status"].as_str() {
                Some("pass") => {
                    passed += 1;
                    log.push_str(&format!("✅ {name}{at}\n"));
                }
                Some("error") => {
                    let message = match test["message"].as_str() {
                        Some(m) if !m.is_empty() => m.to_string(),
                        _ => format!("Failed to run test '{name}'"),
                    };
                    log.push_str(&format!("Error: {message}\n\n"));
                }
                _ => log.push_str(&format!("❌ {name}{at}\n")),
            }
            if let Some(code) = test["test_code"].as_str().filter(|c| !c.is_empty()) {
                log.push_str(&format!("Test code:\n{code}\n\n"));
            }
        }
        passed_all += passed;
        tests_all += tests.len();
        if max_score != 0.0 {
            log.push_str(&format!(
                "Total points for {runner}: {score:.2}/{max_score}\n\n"
            ));
        }
    }
    log.push_str("Test runner summary\n");
    log.push_str(&aggregate_results(runners));
    log.push_str(&format!(
        "🏆 Grand total tests passed: {passed_all}/{tests_all}\n\n"
    ));
    log
}

/// notify-classroom.js: the notice — the tests' `score` summed over the
/// runners that have a max_score; none when the maximum is 0.
fn notify_classroom(runners: &[RunnerResult]) -> Option<String> {
    let (mut total, mut max) = (0.0, 0.0);
    for RunnerResult { results, .. } in runners {
        let max_score = max_score_for_test(results);
        if max_score == 0.0 {
            continue;
        }
        max += max_score;
        for test in results["tests"].as_array().unwrap() {
            total += test["score"].as_f64().unwrap_or(0.0);
        }
    }
    (max != 0.0).then(|| format!("::notice title=Autograding complete::Points {total}/{max}"))
}

/// main.js: how the reporter's step ends.
fn step_failure(runners: &[RunnerResult]) -> Option<&'static str> {
    if runners.iter().any(|r| r.results["status"] == "fail") {
        Some("Some tests failed.")
    } else if runners.iter().any(|r| r.results["status"] == "error") {
        Some("Some tests errored.")
    } else {
        None
    }
}

// ---------------------------------------------------------------------------
// The exported workflow, read as GitHub Actions would for the reporter step.

struct Wiring {
    runners: String,
    /// Environment variable → the grade step's output it holds.
    env: BTreeMap<String, String>,
}

fn wiring(workflow: &str) -> Wiring {
    let step = workflow
        .split("\n      - ")
        .find(|s| s.contains("uses: classroom-resources/autograding-grading-reporter@v1"))
        .expect("the workflow has the reporter step");
    let mut env = BTreeMap::new();
    let mut runners = None;
    for line in step.lines().map(str::trim) {
        if let Some(list) = line.strip_prefix("runners: ") {
            runners = Some(list.to_string());
        } else if let Some((name, value)) = line.split_once(": ${{ steps.grade.outputs.") {
            let output = value.strip_suffix(" }}").expect("an expression");
            env.insert(name.to_string(), output.to_string());
        }
    }
    Wiring {
        runners: runners.expect("the reporter's runners"),
        env,
    }
}

/// What the reporter sees: racelab's GITHUB_OUTPUT lines through the
/// workflow's env (an output never written reads as empty, as in Actions).
fn reporter_input(report: &GradeReport) -> (String, BTreeMap<String, String>) {
    static WIRING: std::sync::OnceLock<Wiring> = std::sync::OnceLock::new();
    let wiring =
        WIRING.get_or_init(|| wiring(&racelab_checker::export::workflow(&Registry::load())));
    let outputs: BTreeMap<String, String> = formats::classroom_outputs(report, Lang::Ru)
        .lines()
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect();
    let env = wiring
        .env
        .iter()
        .map(|(var, output)| {
            (
                var.clone(),
                outputs.get(output).cloned().unwrap_or_default(),
            )
        })
        .collect();
    (wiring.runners.clone(), env)
}

fn table_total(log: &str) -> String {
    let row = log
        .lines()
        .find(|l| l.starts_with("│ Total: "))
        .expect("a total row");
    let cells: Vec<&str> = row.split('│').map(str::trim).collect();
    format!("{}/{}", cells[2], cells[3])
}

#[test]
fn classroom_log_and_notice_agree_for_any_failures() {
    let registry = Registry::load();
    // Classroom holds the base lab only (the optional parts are counted
    // apart, in the reports).
    let ids: Vec<&str> = registry
        .exercise
        .iter()
        .filter(|e| !registry.is_extra(e))
        .map(|e| e.id.as_str())
        .collect();
    // Points add up runner by runner, so sets of one or two failures and
    // their complements (none and all included) reach every pairing of
    // unequal points.
    let mut subsets: Vec<Vec<&str>> = vec![vec![]];
    for (i, a) in ids.iter().enumerate() {
        subsets.push(vec![*a]);
        for b in &ids[i + 1..] {
            subsets.push(vec![*a, *b]);
        }
    }
    let complements: Vec<Vec<&str>> = subsets
        .iter()
        .map(|s| ids.iter().copied().filter(|id| !s.contains(id)).collect())
        .collect();
    subsets.extend(complements);
    for failed in subsets {
        let report = report(&failed);
        let (runners, env) = reporter_input(&report);
        let parsed = parse_runners(&runners, &env).expect("the reporter reads every runner");
        let log = console_results(&parsed);
        let points = format!("{}/{}", report.score, report.max_score);
        assert_eq!(table_total(&log), points, "{failed:?}\n{log}");
        assert_eq!(
            notify_classroom(&parsed).unwrap(),
            format!("::notice title=Autograding complete::Points {points}")
        );
        for graded in report.exercises.iter().filter(|e| !e.extra) {
            let line = if failed.contains(&graded.id.as_str()) {
                format!("❌ {} — {}", graded.id, graded.reason.get(Lang::Ru))
            } else {
                format!("✅ {}", graded.id)
            };
            assert!(log.contains(&line), "{line}\n{log}");
            assert!(log.contains(&format!(
                "Total points for {}: {:.2}/{}",
                graded.id, graded.score as f64, graded.points
            )));
        }
        let expected = (!failed.is_empty()).then_some("Some tests failed.");
        assert_eq!(step_failure(&parsed), expected);
    }
}

/// The case: the exercise worth the most points fails. Printed for
/// the record (`--nocapture`).
#[test]
fn classroom_shows_the_real_grade_where_one_runner_did_not() {
    let registry = Registry::load();
    let heaviest = registry.exercise.iter().max_by_key(|e| e.points).unwrap();
    let report = report(&[heaviest.id.as_str()]);
    let points = format!("{}/{}", report.score, report.max_score);

    let (runners, env) = reporter_input(&report);
    let parsed = parse_runners(&runners, &env).unwrap();
    let log = console_results(&parsed);
    let notice = notify_classroom(&parsed).unwrap();
    eprintln!("{log}{notice}");
    assert_eq!(table_total(&log), points);
    assert!(notice.ends_with(&format!("Points {points}")), "{notice}");

    // The port reproduces what one runner with a test per exercise (the
    // earlier export) showed: the log scales by passed tests, the notice sums.
    let base: Vec<_> = report.exercises.iter().filter(|e| !e.extra).collect();
    let tests: Vec<Value> = base
        .iter()
        .map(|e| {
            serde_json::json!({
                "name": e.id,
                "status": if e.status == Status::Passed { "pass" } else { "fail" },
                "score": e.score,
            })
        })
        .collect();
    let one = [RunnerResult {
        runner: "racelab".to_string(),
        results: serde_json::json!({
            "version": 1, "status": "fail", "max_score": report.max_score, "tests": tests,
        }),
    }];
    let passed = base.len() - 1;
    let scaled = passed as f64 / base.len() as f64 * f64::from(report.max_score);
    assert_eq!(
        table_total(&console_results(&one)),
        format!("{scaled}/{}", report.max_score)
    );
    assert_ne!(scaled, f64::from(report.score));
    assert!(notify_classroom(&one)
        .unwrap()
        .ends_with(&format!("Points {points}")));
}

/// A grade that could not run: every runner errors with the reason, the
/// notice reads 0 of the maximum, the step fails.
#[test]
fn classroom_shows_why_a_grade_could_not_run() {
    let report = GradeReport::error(Path::new("submission"), "the kit does not build");
    let (runners, env) = reporter_input(&report);
    let parsed = parse_runners(&runners, &env).unwrap();
    let log = console_results(&parsed);
    for graded in report.exercises.iter().filter(|e| !e.extra) {
        assert!(
            log.contains(&format!(
                "Error: {} — оценка не выполнена: the kit does not build",
                graded.id
            )),
            "{log}"
        );
    }
    assert_eq!(
        notify_classroom(&parsed).unwrap(),
        format!(
            "::notice title=Autograding complete::Points 0/{}",
            report.max_score
        )
    );
    assert_eq!(step_failure(&parsed), Some("Some tests errored."));
}

/// The reporter's own unit test (aggregate-results.test.js, "weird"
/// max_score): the port scores as it does.
#[test]
fn the_port_scores_as_the_reporters_own_test() {
    let runner = |max: f64| RunnerResult {
        runner: "Runner".to_string(),
        results: serde_json::json!({
            "tests": [{"name": "Test 1", "status": "pass"}, {"name": "Test 2", "status": "fail"}],
            "max_score": max,
        }),
    };
    assert_eq!(test_score(&runner(2.5).results), 1.25);
    assert_eq!(test_score(&runner(3.3).results), 1.65);
    assert_eq!(test_score(&runner(2.0).results), 1.0);
}

// ---------------------------------------------------------------------------
// JUnit.

const SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/junit/junit-10.xsd"
);

/// `xmllint --schema` on `xml`: Ok, or what it said. No xmllint is a
/// failure, never a skip (CI installs it: Debian's libxml2-utils).
fn validate(xml: &str, name: &str) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("racelab-junit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, xml).unwrap();
    let output = Command::new("xmllint")
        .args(["--noout", "--schema", SCHEMA])
        .arg(&file)
        .output()
        .expect("xmllint runs (Debian: apt-get install libxml2-utils; macOS has it)");
    let _ = std::fs::remove_file(&file);
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// A report with every way an exercise can end, and student text holding
/// what XML cannot carry.
fn hostile_report() -> GradeReport {
    let mut report = report(&[]);
    let hostile = "печать \u{FFFE}\u{FFFF}\u{0}\u{7}\u{1b}[31mred\u{1b}[0m ]]> <&> \"'";
    let statuses = [
        Status::Passed,
        Status::Failed,
        Status::Flagged,
        Status::Refused,
        Status::NotCompiling,
        Status::Missing,
        Status::Unreadable,
        Status::Error,
    ];
    for (graded, status) in report.exercises.iter_mut().zip(statuses.iter().cycle()) {
        graded.status = *status;
        if *status != Status::Passed {
            graded.score = 0;
            graded.reason = Text::new(format!("причина: {hostile}"), format!("why: {hostile}"));
            graded.compile_error = Some(format!("error[E0308]: {hostile}"));
            graded.witness = Some(Text::new(hostile, hostile));
        }
    }
    // The base lab's points: the optional parts are counted apart.
    report.score = report
        .exercises
        .iter()
        .filter(|e| !e.extra)
        .map(|e| e.score)
        .sum();
    report
}

#[test]
fn junit_parses_and_meets_the_jenkins_schema() {
    use quick_junit::{NonSuccessKind, TestCaseStatus};

    let report = hostile_report();
    let xml = formats::junit(&report, Lang::Ru);
    for c in ['\u{FFFE}', '\u{FFFF}', '\u{0}', '\u{7}', '\u{1b}'] {
        assert!(!xml.contains(c), "{c:?} in the XML");
    }
    validate(&xml, "junit.xml").unwrap_or_else(|e| panic!("{e}\n{xml}"));

    let parsed = quick_junit::Report::deserialize_from_str(&xml).expect("parses");
    let registry = Registry::load();
    assert_eq!(parsed.test_suites.len(), report.exercises.len());
    let (mut failures, mut errors) = (0, 0);
    for (suite, graded) in parsed.test_suites.iter().zip(&report.exercises) {
        let exercise = registry.get(&graded.id).unwrap();
        let file = format!("labs/src/{}", exercise.file);
        assert_eq!(
            suite.extra.get("file").map(|f| f.as_str()),
            Some(file.as_str())
        );
        assert_eq!(suite.test_cases.len(), 1);
        let case = &suite.test_cases[0];
        assert_eq!(case.name.as_str(), graded.id);
        assert_eq!(case.time, Some(std::time::Duration::from_millis(1500)));
        let kind = match &case.status {
            TestCaseStatus::Success { .. } => None,
            TestCaseStatus::NonSuccess {
                kind,
                message,
                description,
                ..
            } => {
                assert!(message.as_ref().unwrap().contains("причина: печать"));
                assert!(description.as_ref().unwrap().contains("]]> <&>"));
                Some(*kind)
            }
            TestCaseStatus::Skipped { .. } => panic!("nothing is skipped"),
        };
        let expected = match graded.status {
            Status::Passed => None,
            Status::Failed | Status::Flagged | Status::Refused => Some(NonSuccessKind::Failure),
            _ => Some(NonSuccessKind::Error),
        };
        assert_eq!(kind, expected, "{}: {:?}", graded.id, graded.status);
        failures += usize::from(kind == Some(NonSuccessKind::Failure));
        errors += usize::from(kind == Some(NonSuccessKind::Error));
    }
    assert_eq!((parsed.failures, parsed.errors), (failures, errors));
    assert_eq!(parsed.tests, report.exercises.len());

    // The check can fail: what quick-junit writes on its own root, and one
    // character XML forbids, are both rejected.
    let with_skipped = xml.replacen("<testsuites ", "<testsuites skipped=\"0\" ", 1);
    assert!(validate(&with_skipped, "skipped.xml").is_err());
    let with_ffff = xml.replacen("причина: печать", "причина: \u{FFFF}", 1);
    assert!(validate(&with_ffff, "ffff.xml").is_err());
}

#[test]
fn a_grade_that_could_not_run_is_a_junit_error() {
    let report = GradeReport::error(Path::new("submission"), "the kit does not build");
    let xml = formats::junit(&report, Lang::En);
    validate(&xml, "error.xml").unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let parsed = quick_junit::Report::deserialize_from_str(&xml).unwrap();
    assert_eq!(parsed.errors, report.exercises.len());
    assert_eq!(parsed.failures, 0);
}

/// The exported workflow in Classroom's template: its permissions, triggers,
/// job name (the reporter of education/… v1 looks its check run up by it)
/// and bot guard; current action majors; both builds cached; a private kit
/// checked out with the documented secret.
#[test]
fn the_workflow_follows_classrooms_template() {
    let workflow = racelab_checker::export::workflow(&Registry::load());
    for expected in [
        "name: Autograding Tests\n",
        "'on':\n  - push\n  - workflow_dispatch\n  - repository_dispatch\n",
        "permissions:\n  checks: write\n  actions: read\n  contents: read\n",
        "jobs:\n  run-autograding-tests:\n",
        "    if: github.actor != 'github-classroom[bot]'\n",
        "uses: actions/checkout@v7",
        "uses: actions/cache@v6",
        "uses: actions/upload-artifact@v7",
        "uses: classroom-resources/autograding-grading-reporter@v1",
        "RACELAB_WORK_DIR: ${{ github.workspace }}/racelab-work",
        "            kit/target/\n",
        "            ${{ env.RACELAB_WORK_DIR }}/target/\n",
        "token: ${{ secrets.RACELAB_KIT_TOKEN || github.token }}",
        "run: rustup toolchain install",
        "cargo lab grade --submissions",
    ] {
        assert!(
            workflow.contains(expected),
            "{expected:?} missing:\n{workflow}"
        );
    }
}
