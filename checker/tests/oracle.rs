//! The engine against an independent oracle: random small programs over the
//! kit's facade (threads, atomics, Mutex, try_lock, RwLock, Condvar, join),
//! each run by a brute-force explorer of every interleaving and by the
//! checker; the verdict, the fewest preemptions of a failing execution and
//! the set of final states must agree on every one.
//!
//! `RACELAB_ORACLE_PROGRAMS` (default 150, enough to meet every kind of
//! operation a few times in seconds; .ci/run sets 1000) and
//! `RACELAB_ORACLE_SEED` set how many programs and from which seed.

#[path = "oracle/brute.rs"]
mod brute;
#[path = "oracle/engine.rs"]
mod engine;
#[path = "oracle/generate.rs"]
mod generate;
#[path = "oracle/program.rs"]
mod program;

use std::collections::BTreeSet;

use program::{Expect, Program};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Compares one program; `Err` says how they differ.
pub fn compare(program: &Program) -> Result<(brute::Verdict, Option<usize>), String> {
    let truth = brute::explore(program);
    let found = engine::check(program);
    let table = &found.table;
    if !table.complete || table.limit.is_some() {
        return Err(format!(
            "{}: the engine did not finish ({} executions in {:?})\n{program:?}",
            program.name, table.executions, table.elapsed
        ));
    }
    let engine_min = found.best.as_ref().map(|c| c.preemptions);
    if engine_min != truth.min_failing {
        return Err(format!(
            "{}: fewest preemptions of a failure: oracle {:?}, engine {:?}\n{program:?}",
            program.name, truth.min_failing, engine_min
        ));
    }
    let oracle_finals: BTreeSet<String> = truth.finals.keys().map(|f| format!("{f:?}")).collect();
    let engine_finals: BTreeSet<String> = table
        .outcomes
        .iter()
        .map(|o| o.outcome.en.clone())
        .filter(|o| o.starts_with('['))
        .collect();
    if oracle_finals != engine_finals {
        return Err(format!(
            "{}: final states: oracle {oracle_finals:?}, engine {engine_finals:?}\n{program:?}",
            program.name
        ));
    }
    Ok((truth, engine_min))
}

/// The random programs, each with its expectation, from `seed`.
fn programs(count: u64, seed: u64) -> Vec<Program> {
    let mut rng = generate::Rng::new(seed);
    (0..count)
        .map(|index| {
            let mut program = generate::program(&mut rng, index as usize);
            // Forbid one reachable final state (or none, a quarter of the
            // time: then only a panic or a deadlock fails).
            let finals: Vec<Vec<i64>> = brute::explore(&program).finals.into_keys().collect();
            if !finals.is_empty() && rng.below(4) != 0 {
                program.expect = Expect::Not(finals[rng.below(finals.len())].clone());
            }
            program
        })
        .collect()
}

/// The oracle's memo is dynamic programming, not a reduction: on the first
/// programs of the default run, walking every path on its own gives the
/// same count, final states and minimum.
#[test]
fn the_oracles_memo_changes_nothing() {
    for program in programs(150, 0x5eed_2026) {
        let (fast, plain) = (brute::explore(&program), brute::explore_plain(&program));
        assert_eq!(
            (fast.interleavings, &fast.finals, fast.min_failing),
            (plain.interleavings, &plain.finals, plain.min_failing),
            "{}",
            program.name
        );
    }
}

#[test]
fn random_programs_agree_with_the_oracle() {
    let count = env("RACELAB_ORACLE_PROGRAMS", 150);
    let seed = env("RACELAB_ORACLE_SEED", 0x5eed_2026);
    let started = std::time::Instant::now();
    let programs = programs(count, seed);
    // One oracle run per program, to pick what is forbidden.
    let oracle_time = started.elapsed();
    // Two OS threads, each with its own models (loom's state is per thread).
    let half = programs.len().div_ceil(2);
    let results: Vec<Result<(brute::Verdict, Option<usize>), String>> =
        std::thread::scope(|scope| {
            let workers: Vec<_> = programs
                .chunks(half.max(1))
                .map(|chunk| scope.spawn(move || chunk.iter().map(compare).collect::<Vec<_>>()))
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("a comparison thread"))
                .collect()
        });
    let mut disagreements = Vec::new();
    let (mut failing, mut interleavings) = (0, 0);
    let mut by_min = std::collections::BTreeMap::new();
    for result in results {
        match result {
            Ok((truth, min)) => {
                interleavings += truth.interleavings;
                if let Some(min) = min {
                    failing += 1;
                    *by_min.entry(min).or_insert(0) += 1;
                }
            }
            Err(why) => disagreements.push(why),
        }
    }
    eprintln!(
        "oracle: {count} programs (seed {seed:#x}), {failing} failing (by fewest preemptions: {by_min:?}), {interleavings} interleavings, {} disagreements; the oracle alone {oracle_time:.1?}, all {:.1?}",
        disagreements.len(),
        started.elapsed()
    );
    assert!(
        disagreements.is_empty(),
        "{} of {count} programs disagree:\n{}",
        disagreements.len(),
        disagreements[..disagreements.len().min(3)].join("\n")
    );
}

/// Five workers and main are more threads than loom runs: the model's
/// limit, reported as such, with no counterexample blamed on the code.
#[test]
fn too_many_threads_is_the_models_limit() {
    let program = Program {
        name: "six threads".into(),
        vars: vec![0],
        mutexes: 0,
        rwlocks: 0,
        condvars: 0,
        main: Vec::new(),
        threads: vec![vec![program::Op::Add { var: 0, k: 1 }]; 5],
        expect: Expect::Not(Vec::new()),
    };
    let found = engine::check(&program);
    assert_eq!(found.table.limit.as_deref(), Some("threads: 5"));
    assert!(found.best.is_none());
}
