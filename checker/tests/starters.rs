//! The true minimum of each thread starter, counted by the brute-force
//! oracle (checker/tests/oracle/) on the starter's model written as an
//! oracle program, against the counterexample `cargo lab check` shows. No
//! minimum is typed in by hand.
//!
//! Each program has the starter's steps: an atomic access is a step, a
//! lock taken or released is a step, data inside a mutex is not (the
//! facade records no access to it).

#[path = "oracle/brute.rs"]
mod brute;
#[path = "oracle/program.rs"]
mod program;

use racelab_checker::check::check;
use racelab_checker::model::explore::Limits;
use racelab_checker::registry::Registry;
use racelab_checker::trees::{self, Tree};

use program::{Expect, Op, Program, Val};

/// counter: `threads` threads call `increment()` (`load`, then `store` of
/// the value + 1) `ops` times each; the count must be threads × ops.
fn counter(threads: usize, ops: usize) -> Program {
    let increment = [
        Op::Load { var: 0, reg: 0 },
        Op::Store {
            var: 0,
            val: Val::Reg(0, 1),
        },
    ];
    Program {
        name: "counter".into(),
        vars: vec![0],
        mutexes: 0,
        rwlocks: 0,
        condvars: 0,
        threads: (0..threads).map(|_| increment.repeat(ops)).collect(),
        expect: Expect::OneOf(vec![vec![(threads * ops) as i64]]),
    }
}

/// bank: T1 transfers 0 → 1, T2 1 → 0, each locking "from" then "to" and
/// releasing in the reverse order; nothing may deadlock.
fn bank(ops: usize) -> Program {
    let transfer = |from: usize, to: usize| {
        [
            Op::Lock(from),
            Op::Lock(to),
            Op::Unlock(to),
            Op::Unlock(from),
        ]
        .repeat(ops)
    };
    Program {
        name: "bank".into(),
        vars: Vec::new(),
        mutexes: 2,
        rwlocks: 0,
        condvars: 0,
        threads: vec![transfer(0, 1), transfer(1, 0)],
        expect: Expect::Not(vec![0]),
    }
}

#[test]
fn starters_fail_at_their_true_minimum() {
    let registry = Registry::load();
    for (id, program) in [
        ("counter", {
            let m = registry.get("counter").unwrap().model;
            counter(m.threads, m.ops)
        }),
        ("bank", bank(registry.get("bank").unwrap().model.ops)),
    ] {
        let exercise = registry.get(id).unwrap();
        let truth = brute::explore(&program);
        let entry = trees::entry(Tree::Labs, id).expect("the starter is compiled in");
        let (report, _) = check(entry, exercise, Limits::default());
        let shown = report.counterexample.as_ref().map(|c| c.preemptions);
        eprintln!(
            "{id}: oracle {:?} over {} interleavings, engine {shown:?}",
            truth.min_failing, truth.interleavings
        );
        assert!(
            truth.min_failing.is_some(),
            "{id}: the oracle finds the bug"
        );
        assert_eq!(shown, truth.min_failing, "{id}");
        assert_eq!(
            exercise.model.minimum, truth.min_failing,
            "{id}: the minimum labs/lab.toml states"
        );
    }
}
