//! Every exercise, both ways: the starter in labs/ is rejected with a
//! counterexample of the fewest preemptions, and every reference solution is
//! accepted. Reports are snapshot-tested (snapshots/).
//!
//! The kit's own: the student repository that `cargo lab export` writes
//! does not carry it; its tests are one per exercise (checker/src/lab_test.rs).

use crate::snapshot;

use racelab_checker::check::check;
use racelab_checker::model::explore::Limits;
use racelab_checker::registry::{Engine, Registry};
use racelab_checker::report::text::{render, Style};
use racelab_checker::report::Verdict;
use racelab_checker::text::Lang;
use racelab_checker::trees::{self, Tree};

fn kit_mode() -> bool {
    trees::entries(Tree::Solutions).next().is_some()
}

#[test]
fn labs_are_checked() {
    let registry = Registry::load();
    let mut failures = Vec::new();
    // Real exercises (no model) are run by labwitness: witness/tests/.
    for exercise in registry
        .exercise
        .iter()
        .filter(|e| e.engine != Engine::Real)
    {
        let entry = trees::entry(Tree::Labs, &exercise.id)
            .unwrap_or_else(|| panic!("labs/src/{} is compiled in", exercise.file));
        let (report, _) = check(entry, exercise, Limits::default());
        let text = render(&report, Style::plain(Lang::Ru));
        if kit_mode() {
            assert_eq!(
                report.verdict,
                Verdict::Fail,
                "the starter of {} must be rejected:\n{text}",
                exercise.id
            );
            let counterexample = report
                .counterexample
                .as_ref()
                .expect("a rejected starter has a counterexample");
            // The registry states each starter's fewest preemptions (threads)
            // or task switches (tasks); `cargo lab dev check` computes it.
            let minimum = exercise
                .model
                .minimum
                .unwrap_or_else(|| panic!("labs/lab.toml: {} states its minimum", exercise.id));
            match exercise.engine {
                Engine::Tasks => {
                    assert_eq!(counterexample.preemptions, 0, "{}", exercise.id);
                    assert_eq!(counterexample.switches, Some(minimum), "{}", exercise.id);
                }
                _ => {
                    assert_eq!(counterexample.preemptions, minimum, "{}", exercise.id);
                    assert_eq!(counterexample.switches, None, "{}", exercise.id);
                }
            }
            snapshot(&format!("starter_{}", exercise.id), &text);
        } else if report.verdict != Verdict::Pass {
            failures.push(text);
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn starters_in_english() {
    if !kit_mode() {
        return;
    }
    let registry = Registry::load();
    let exercise = registry.get("bank").unwrap();
    let (report, _) = check(
        trees::entry(Tree::Labs, "bank").unwrap(),
        exercise,
        Limits::default(),
    );
    snapshot("starter_bank_en", &render(&report, Style::plain(Lang::En)));
}

#[test]
fn solutions_are_accepted() {
    if !kit_mode() {
        return;
    }
    let registry = Registry::load();
    let mut seen = 0;
    for tree in [Tree::Solutions, Tree::Alternatives] {
        for entry in trees::entries(tree) {
            let exercise = registry.get(entry.id).unwrap();
            let (report, _) = check(entry, exercise, Limits::default());
            let text = render(&report, Style::plain(Lang::Ru));
            assert_eq!(report.verdict, Verdict::Pass, "{}:\n{text}", entry.path);
            assert!(report.counterexample.is_none());
            let table = report.outcomes.as_ref().unwrap();
            let whole = exercise.engine == Engine::Tasks || exercise.model.exhaustive;
            assert_eq!(
                table.bound,
                (!whole).then_some(exercise.model.max_preemptions),
                "{}: a fix is accepted on the whole model",
                entry.id
            );
            assert!(table.rows.iter().all(|r| r.expected));
            snapshot(&format!("solution_{}_{}", entry.id, entry.module), &text);
            seen += 1;
        }
    }
    let modelled = registry
        .exercise
        .iter()
        .filter(|e| e.engine != Engine::Real);
    assert_eq!(
        seen,
        modelled.map(|e| 1 + e.alternatives.len()).sum::<usize>()
    );
}

#[test]
fn reports_are_deterministic() {
    let registry = Registry::load();
    // Real exercises (no model) are run by labwitness: witness/tests/.
    for exercise in registry
        .exercise
        .iter()
        .filter(|e| e.engine != Engine::Real)
    {
        let entry = trees::entry(Tree::Labs, &exercise.id).unwrap();
        let first = serde_json::to_string(&check(entry, exercise, Limits::default()).0).unwrap();
        let second = serde_json::to_string(&check(entry, exercise, Limits::default()).0).unwrap();
        assert_eq!(first, second, "{}", exercise.id);
    }
}
