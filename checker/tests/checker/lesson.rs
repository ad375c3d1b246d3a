//! The counterexample shows what a thread read and wrote behind a lock, and
//! marks the lesson on its steps, from the real checker's reports.

use racelab_checker::check::check;
use racelab_checker::model::explore::{Counterexample, Limits};
use racelab_checker::model::lesson::MarkKind;
use racelab_checker::model::schedule::Step;
use racelab_checker::registry::Registry;
use racelab_checker::report::Verdict;
use racelab_checker::trees::{self, Tree};

fn counterexample(tree: Tree, module: &str) -> Counterexample {
    let entry = trees::module(tree, module).unwrap();
    let exercise = Registry::load().get(entry.id).unwrap().clone();
    let (report, _) = check(entry, &exercise, Limits::default());
    assert_eq!(report.verdict, Verdict::Fail, "{module}");
    report
        .counterexample
        .expect("a failing check has a counterexample")
}

/// The steps carrying a mark of `kind`.
fn marked(c: &Counterexample, kind: MarkKind) -> Vec<&Step> {
    c.steps
        .iter()
        .filter(|s| s.marks.iter().any(|m| m.kind == kind))
        .collect()
}

/// The lost update of the starter and of a wrong Mutex fix read the same:
/// a stale read, another thread's change, a write over it.
fn lost_update(c: &Counterexample) {
    let reads = marked(c, MarkKind::StaleRead);
    let changes = marked(c, MarkKind::Invalidates);
    let acts = marked(c, MarkKind::StaleAct);
    assert_eq!(
        (reads.len(), changes.len(), acts.len()),
        (1, 1, 1),
        "{c:#?}"
    );
    let (read, change, act) = (reads[0], changes[0], acts[0]);
    assert!(
        read.action.en.contains("read value → "),
        "{:?}",
        read.action
    );
    assert!(
        change.action.en.contains("write value ← "),
        "{:?}",
        change.action
    );
    assert!(act.action.en.contains("write value ← "), "{:?}", act.action);
    // The reader acts on what it read after the other thread changed it.
    assert_eq!(read.thread, act.thread);
    assert_ne!(read.thread, change.thread);
    assert!(read.n < change.n && change.n < act.n);
    // The act's mark names the read it relied on.
    let mark = &act.marks[0].text.en;
    assert!(
        mark.contains(&format!("stale read (step {})", read.n)),
        "{mark}"
    );
}

#[test]
fn a_wrong_mutex_fix_shows_the_values_behind_the_lock() {
    let c = counterexample(Tree::Fixtures, "counter_two_locks");
    let shown: Vec<&str> = c.steps.iter().map(|s| s.action.en.as_str()).collect();
    // The read and the write each under their own lock, with their values.
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("under the lock: read value → 0 —")),
        "{shown:#?}"
    );
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("under the lock: write value ← 1 over 0 —")),
        "{shown:#?}"
    );
    lost_update(&c);
}

#[test]
fn the_atomic_starter_marks_the_same_lost_update() {
    lost_update(&counterexample(Tree::Labs, "counter"));
}

#[test]
fn a_deadlock_names_the_lock_each_thread_waits_for() {
    let c = counterexample(Tree::Labs, "bank");
    let waits = marked(&c, MarkKind::WaitsForever);
    assert_eq!(waits.len(), 2, "{c:#?}");
    for step in waits {
        assert!(step.action.en.contains("… waits (held by "), "{step:?}");
        assert!(step.marks[0].text.en.starts_with("waits forever: "));
    }
}

#[test]
fn a_self_deadlock_says_the_thread_holds_the_lock_itself() {
    let c = counterexample(Tree::Fixtures, "list_relock");
    let waits = marked(&c, MarkKind::WaitsForever);
    assert_eq!(waits.len(), 1, "{c:#?}");
    let mark = &waits[0].marks[0].text.en;
    assert!(mark.contains("T1 itself holds items"), "{mark}");
}
