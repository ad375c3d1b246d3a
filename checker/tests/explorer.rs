//! The task explorer enumerates every schedule: the outcomes it reports are
//! exactly the orders a brute-force enumeration of the tasks' steps gives.

use std::collections::BTreeSet;
use std::time::Duration;

use racelab_checker::model::explore::Limits;
use racelab_checker::model::{ModelParams, Observation};
use racelab_checker::rt;
use racelab_checker::tasks::explore::explore;
use racelab_checker::text::Text;

/// Each task appends its id at every step, yielding between steps.
fn steps_in_turn(params: &ModelParams) -> Observation {
    let (tasks, ops) = (params.threads, params.ops);
    let order = rt::run(async move {
        let order = rt::Shared::new(String::new());
        let handles: Vec<_> = (0..tasks)
            .map(|t| {
                let order = order.clone();
                rt::spawn(async move {
                    for _ in 0..ops {
                        order.with_mut(|o| o.push(char::from(b'a' + t as u8)));
                        rt::yield_now().await;
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.await;
        }
        order.get()
    });
    Observation {
        state: Text::same(order),
        expected: true,
    }
}

/// Every interleaving of `tasks` sequences of `ops` letters each.
fn interleavings(tasks: usize, ops: usize) -> BTreeSet<String> {
    fn walk(left: &mut Vec<usize>, prefix: &mut String, out: &mut BTreeSet<String>) {
        if left.iter().all(|&l| l == 0) {
            out.insert(prefix.clone());
            return;
        }
        for t in 0..left.len() {
            if left[t] > 0 {
                left[t] -= 1;
                prefix.push(char::from(b'a' + t as u8));
                walk(left, prefix, out);
                prefix.pop();
                left[t] += 1;
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(&mut vec![ops; tasks], &mut String::new(), &mut out);
    out
}

#[test]
fn every_order_of_steps_is_explored() {
    for (tasks, ops) in [(2, 1), (2, 2), (2, 3), (3, 1), (3, 2)] {
        let params = ModelParams::new(tasks, ops);
        let run = explore(steps_in_turn, params, Limits::default());
        assert!(run.complete);
        let seen: BTreeSet<String> = run.outcomes.iter().map(|o| o.outcome.en.clone()).collect();
        assert_eq!(
            seen,
            interleavings(tasks, ops),
            "{tasks} tasks × {ops} steps"
        );
        assert!(run.executions >= seen.len() as u64);
    }
}

/// Two tasks sleep until the same instant: either may wake first.
fn same_instant(_: &ModelParams) -> Observation {
    let order = rt::run(async {
        let order = rt::Shared::new(String::new());
        let a = rt::spawn({
            let order = order.clone();
            async move {
                rt::sleep(Duration::from_millis(10)).await;
                order.with_mut(|o| o.push('a'));
            }
        });
        let b = rt::spawn({
            let order = order.clone();
            async move {
                rt::sleep(Duration::from_millis(5)).await;
                rt::sleep(Duration::from_millis(5)).await;
                order.with_mut(|o| o.push('b'));
            }
        });
        a.await;
        b.await;
        order.get()
    });
    Observation {
        state: Text::same(order),
        expected: true,
    }
}

#[test]
fn timers_due_at_one_instant_wake_in_any_order() {
    let run = explore(same_instant, ModelParams::new(2, 1), Limits::default());
    let seen: BTreeSet<String> = run.outcomes.iter().map(|o| o.outcome.en.clone()).collect();
    assert_eq!(seen, BTreeSet::from(["ab".to_string(), "ba".to_string()]));
}

/// A task waits for a lock that another task keeps while it waits for the
/// first: the explorer reports the deadlock instead of hanging.
fn lock_cycle(_: &ModelParams) -> Observation {
    rt::run(async {
        let first = std::rc::Rc::new(rt::Mutex::new(()));
        let second = std::rc::Rc::new(rt::Mutex::new(()));
        let a = rt::spawn({
            let (first, second) = (first.clone(), second.clone());
            async move {
                let _one = first.lock().await;
                rt::yield_now().await;
                let _two = second.lock().await;
            }
        });
        let b = rt::spawn(async move {
            let _two = second.lock().await;
            rt::yield_now().await;
            let _one = first.lock().await;
        });
        a.await;
        b.await;
    });
    Observation {
        state: Text::same("finished"),
        expected: true,
    }
}

#[test]
fn a_wait_cycle_is_reported() {
    let run = explore(lock_cycle, ModelParams::new(2, 1), Limits::default());
    assert!(run.complete);
    let forbidden: Vec<&str> = run
        .outcomes
        .iter()
        .filter(|o| !o.expected)
        .map(|o| o.outcome.en.as_str())
        .collect();
    assert!(
        forbidden.iter().any(|o| o.starts_with("every task waits")),
        "{forbidden:?}"
    );
    assert!(
        run.outcomes.iter().any(|o| o.expected),
        "some schedules finish"
    );
}

/// Spins until this thread has used `cpu` of CPU time (not wall time: on a
/// loaded machine the two differ, and the explorer measures CPU time).
fn spin_cpu(cpu: Duration) {
    let start = racelab_checker::tasks::probe::Sample::now();
    let mut x = 0u64;
    while start.spent().cpu < cpu {
        for _ in 0..1000 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
        }
    }
}

/// A heartbeat task beside a worker that does `work` after one await.
fn beside_a_heartbeat(work: fn()) -> Observation {
    rt::run(async move {
        let beats = rt::spawn(async {
            for _ in 0..2 {
                rt::sleep(Duration::from_millis(10)).await;
            }
        });
        let worker = rt::spawn(async move {
            rt::yield_now().await;
            work();
        });
        beats.await;
        worker.await;
    });
    Observation {
        state: Text::same("done"),
        expected: true,
    }
}

fn computes_20_ms(_: &ModelParams) -> Observation {
    beside_a_heartbeat(|| spin_cpu(Duration::from_millis(20)))
}

fn sleeps_5_ms(_: &ModelParams) -> Observation {
    beside_a_heartbeat(|| std::thread::sleep(Duration::from_millis(5)))
}

fn blocks_off_the_loop(_: &ModelParams) -> Observation {
    rt::run(async {
        let beats = rt::spawn(async {
            for _ in 0..2 {
                rt::sleep(Duration::from_millis(10)).await;
            }
        });
        let sleeper = rt::spawn_blocking(|| std::thread::sleep(Duration::from_millis(5)));
        let computer = rt::spawn_blocking(|| spin_cpu(Duration::from_millis(20)));
        beats.await;
        sleeper.await;
        computer.await;
    });
    Observation {
        state: Text::same("done"),
        expected: true,
    }
}

fn params() -> ModelParams {
    ModelParams::new(2, 1)
}

/// Every schedule's outcome (English), and the counterexample's steps.
fn outcomes(scenario: fn(&ModelParams) -> Observation) -> (Vec<String>, Vec<String>) {
    let run = explore(scenario, params(), Limits::default());
    // The worker holds the thread in every schedule: none may pass.
    assert!(
        run.outcomes.iter().all(|o| !o.expected),
        "{:?}",
        run.outcomes
    );
    let outcomes = run.outcomes.iter().map(|o| o.outcome.en.clone()).collect();
    let steps = run
        .counterexample
        .map(|c| c.steps.iter().map(|s| s.action.en.clone()).collect())
        .unwrap_or_default();
    (outcomes, steps)
}

/// Measured per poll (the thread's CPU time, its voluntary waits), not on a
/// wall clock: the verdict does not depend on the machine's load.
#[test]
fn a_long_computation_in_a_task_holds_the_loop() {
    let (outcomes, steps) = outcomes(computes_20_ms);
    assert!(!outcomes.is_empty());
    for outcome in &outcomes {
        let (head, tail) = outcome.split_once("yield_now() (explorer.rs:").unwrap();
        assert_eq!(head, "T2, after await ");
        assert!(
            tail.ends_with("), held the thread ≥ 10 ms (computing with no .await); every other task stood still"),
            "{outcome}"
        );
    }
    assert!(
        steps.iter().any(|s| s.contains("HOLDS THE THREAD ≥ 10 ms")),
        "{steps:?}"
    );
}

#[test]
fn a_real_sleep_in_a_task_holds_the_loop() {
    if !racelab_checker::tasks::probe::measured() {
        return;
    }
    let (outcomes, _) = outcomes(sleeps_5_ms);
    assert!(!outcomes.is_empty());
    for outcome in &outcomes {
        assert!(
            outcome.contains("held the thread ≥ 3 ms (a sleep or blocking I/O)"),
            "{outcome}"
        );
    }
}

#[test]
fn blocking_work_off_the_loop_holds_nothing() {
    let run = explore(blocks_off_the_loop, params(), Limits::default());
    assert!(run.complete);
    assert!(
        run.outcomes.iter().all(|o| o.expected),
        "{:?}",
        run.outcomes
    );
}
