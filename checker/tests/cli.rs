//! The CLI as a student and a script use it: exit codes, unknown ids, JSON.

use std::process::Command;

fn lab(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_labcheck"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("labcheck runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "../../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn solutions_pass_with_exit_0() {
    let (code, stdout, _) = lab(&["--lang", "en", "check", "--labs", "solutions"]);
    assert_eq!(code, 0, "{stdout}");
    snapshot("cli_check_solutions_en", &stdout);
}

#[test]
fn a_failing_exercise_exits_1_and_explains() {
    let (code, stdout, _) = lab(&["--lang", "ru", "explain", "bank"]);
    assert_eq!(code, 1);
    snapshot("cli_explain_bank_ru", &stdout);
}

#[test]
fn unknown_id_exits_2_with_the_nearest_match() {
    let (code, stdout, stderr) = lab(&["--lang", "en", "check", "countr"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    let known = racelab_checker::registry::Registry::load().ids().join(", ");
    assert_eq!(
        stderr.trim(),
        format!("unknown exercise 'countr'. Did you mean 'counter'? Known: {known}")
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(lab(&["check", "--format", "yaml"]).0, 2);
    assert_eq!(lab(&["frobnicate"]).0, 2);
    assert_eq!(lab(&["check", "--labs", "/nonexistent"]).0, 2);
}

#[test]
fn json_follows_the_schema() {
    let (code, stdout, _) = lab(&["check", "--format", "json", "counter", "bank"]);
    assert_eq!(code, 1);
    let run: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(run["schema"], "racelab.check/1");
    assert_eq!(run["tree"], "labs");
    assert_eq!(run["total"], 2);
    assert_eq!(run["passed"], 0);
    let registry = racelab_checker::registry::Registry::load();
    let points = |id| registry.get(id).unwrap().points;
    assert_eq!(run["max_score"], points("counter") + points("bank"));
    assert_eq!(run["exercises"][0]["engine"], "threads");
    let counter = &run["exercises"][0];
    assert_eq!(counter["id"], "counter");
    assert_eq!(counter["verdict"], "fail");
    assert_eq!(counter["counterexample"]["preemptions"], 1);
    assert!(counter["counterexample"]["steps"].as_array().unwrap().len() > 3);
    let rows = counter["outcomes"]["rows"].as_array().unwrap();
    assert!(rows
        .iter()
        .any(|r| r["expected"] == false && r["count"].as_u64().unwrap() > 0));
    assert!(rows
        .iter()
        .all(|r| r["outcome"]["ru"].is_string() && r["outcome"]["en"].is_string()));
    assert!(counter["outcomes"]["executions"].as_u64().unwrap() > 0);
}

#[test]
fn list_shows_points() {
    let (code, stdout, _) = lab(&["--lang", "ru", "list"]);
    assert_eq!(code, 0);
    snapshot("cli_list_ru", &stdout);
}

#[test]
fn threads_and_tasks_side_by_side() {
    let (code, stdout, _) = lab(&[
        "--lang",
        "ru",
        "explain",
        "async_counter",
        "--compare",
        "counter",
    ]);
    assert_eq!(code, 1, "the starter is still racy");
    // The student's own code first (counter's threads beside
    // async_counter's tasks), then the kit's fixed models.
    let own = stdout
        .find("Ваш код рядом: counter на потоках, async_counter на задачах.")
        .expect("the student's code is compared");
    let kit = stdout
        .find("Одно и то же")
        .expect("the kit's models follow");
    assert!(own < kit);
    assert!(stdout[own..kit].contains("labs/src/counter.rs"));
    assert!(stdout[own..kit].contains("labs/src/async_counter.rs"));
    assert!(stdout.lines().all(|l| l.chars().count() <= 80), "{stdout}");
    snapshot("cli_compare_ru", &stdout[own..]);
    let (code, _, stderr) = lab(&["explain", "bank", "--compare", "list"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--compare"));
}
