//! The CLI as a student and a script use it: exit codes, unknown ids, JSON.

use crate::{lab, snapshot};

use std::process::Command;

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

#[test]
fn reset_without_a_terminal_needs_yes_and_leaves_the_file() {
    // The test's stdin is no terminal (`lab` gives the child none).
    let kit = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let file = kit.join("labs/src/counter.rs");
    let before = std::fs::read(&file).unwrap();
    let listing = |dir: &std::path::Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let files = listing(&kit.join("labs/src"));
    for (lang, words) in [("ru", "подтвердить некому"), ("en", "nobody to confirm")]
    {
        let (code, stdout, stderr) = lab(&["--lang", lang, "reset", "counter"]);
        assert_eq!(code, 2, "{stdout}{stderr}");
        assert!(stderr.contains(words), "{stderr}");
        assert!(stderr.contains("cargo lab reset counter --yes"), "{stderr}");
        assert!(stdout.is_empty(), "no prompt: {stdout}");
    }
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // No backup was made either.
    assert_eq!(listing(&kit.join("labs/src")), files);
}

#[test]
fn version_and_completions() {
    let (code, stdout, _) = lab(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout.trim(),
        format!("cargo lab {}", env!("CARGO_PKG_VERSION"))
    );
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, script, stderr) = lab(&["completions", shell]);
        assert_eq!(code, 0, "{stderr}");
        // Every subcommand a student types is completed.
        for command in ["check", "explain", "grade", "reset", "completions"] {
            assert!(script.contains(command), "{shell}: no {command}");
        }
        assert!(!script.contains("__model"), "{shell}: a hidden command");
    }
    // The bash script is valid bash.
    let (_, bash, _) = lab(&["completions", "bash"]);
    let check = Command::new("bash")
        .args(["-n", "-c", &bash])
        .status()
        .expect("bash runs");
    assert!(check.success());
}

#[test]
fn color_always_paints_and_never_does_not() {
    // The JSON report has no colour; the text one does when asked.
    let (_, painted, _) = lab(&["--color", "always", "--lang", "en", "check", "counter"]);
    assert!(painted.contains("\x1b["), "{painted}");
    let (_, plain, _) = lab(&["--color=never", "--lang", "en", "check", "counter"]);
    assert!(!plain.contains('\x1b'), "{plain}");
    // `lab` sets NO_COLOR=1: auto on a pipe is plain too.
    let (_, auto, _) = lab(&["--lang", "en", "check", "counter"]);
    assert_eq!(auto, plain);
}
