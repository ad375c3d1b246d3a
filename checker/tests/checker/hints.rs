//! Hints from the real checker's reports of wrong fixes (checker/fixtures/):
//! each class of mistake leads to its own hint first.

use racelab_checker::check::check;
use racelab_checker::hints::{choose, findings, Class};
use racelab_checker::model::explore::Limits;
use racelab_checker::registry::Registry;
use racelab_checker::report::Verdict;
use racelab_checker::text::Text;
use racelab_checker::trees::{self, Tree};

fn first_hint(module: &str) -> (Vec<Class>, Text) {
    let entry = trees::module(Tree::Fixtures, module).unwrap();
    let exercise = Registry::load().get(entry.id).unwrap().clone();
    let (report, _) = check(entry, &exercise, Limits::default());
    assert_eq!(report.verdict, Verdict::Fail, "{module}");
    let found = findings(exercise.engine, Some(&report), Some(entry.source))
        .iter()
        .map(|f| f.class)
        .collect();
    let hints = choose(&exercise, Some(&report), Some(entry.source));
    (found, hints[0].clone())
}

#[test]
fn a_mutex_taken_for_the_read_and_again_for_the_write() {
    let (found, hint) = first_hint("counter_two_locks");
    assert_eq!(found, [Class::SplitSection]);
    assert!(
        hint.en
            .starts_with("The lock value is taken twice (lines 19 and 20)"),
        "{}",
        hint.en
    );
}

#[test]
fn a_guard_dropped_by_let_underscore() {
    let (found, hint) = first_hint("counter_guard_dropped");
    assert_eq!(found, [Class::GuardDropped]);
    assert!(hint.en.contains("on line 22"), "{}", hint.en);
}

#[test]
fn a_list_that_relocks_its_own_mutex() {
    let (found, hint) = first_hint("list_relock");
    assert_eq!(found, [Class::SelfDeadlock]);
    assert!(hint.ru.starts_with("Самоблокировка"), "{}", hint.ru);
}

#[test]
fn a_transfer_that_locks_one_account_twice() {
    let (found, hint) = first_hint("self_deadlock");
    assert!(found.contains(&Class::SelfDeadlock), "{found:?}");
    assert!(hint.en.contains("from == to"), "{}", hint.en);
}
