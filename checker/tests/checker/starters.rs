//! The true minimum of each starter, counted by a brute-force oracle on the
//! starter's model written as an oracle program, against the counterexample
//! `cargo lab check` shows and the minimum labs/lab.toml states. No minimum
//! is typed in by hand. Thread starters: the interleaving oracle
//! (checker/tests/oracle/brute.rs), fewest preemptions. Task starters: the
//! schedule oracle (checker/tests/oracle/tasks.rs), fewest task switches.
//!
//! Each program has the starter's steps: an atomic access is a step, a
//! lock taken or released is a step, a RaceCell access is a step, a condvar
//! wait releases the mutex in one step and takes it back in another; data
//! inside a mutex is not (the facade records no access to it: `Peek` and
//! `Poke`), nor is a notification (no loom operation: it runs with the step
//! before it).

use crate::brute;
use crate::program;
use crate::tasks;

use racelab_checker::check::check;
use racelab_checker::model::explore::Limits;
use racelab_checker::registry::{Engine, Registry};
use racelab_checker::trees::{self, Tree};

use program::{Cond, Expect, Op, Program, Val};
use tasks::{TaskOp, TaskProgram};

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
        main: Vec::new(),
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
        main: Vec::new(),
        threads: vec![transfer(0, 1), transfer(1, 0)],
        expect: Expect::Not(vec![0]),
    }
}

/// list: the list starts as [7]; each thread calls `take()` and then (with
/// `ops` ≥ 2) `push_if_absent(5)`. The list is always an optional 7 under
/// some 5s, so `len` and `has7` (data inside the mutex) say which list it
/// is. Each call, as the starter makes it:
/// - `take`: `is_empty()` takes the lock, reads the length, unlocks; if it
///   saw items, `self.items.lock().pop()` takes the lock again, pops and
///   unlocks at the end of the statement, and only then does `expect`
///   panic on a `None`.
/// - `push_if_absent`: `contains()` locks, looks (a 5 is there when `len`
///   exceeds `has7`), unlocks; if absent, `push()` locks, pushes, unlocks.
///
/// The results are kept as variables too (`take`: 0 for `None`, else the
/// item; `push_if_absent`: 0 or 1), so that the final state is what the
/// scenario judges. The expected states are not typed in: they are the
/// final states of the same calls made whole, each inside a lock of its
/// own (`serial`), which is "some order of whole operations".
fn list(threads: usize, ops: usize, serial: bool) -> Program {
    const L: usize = 0;
    let (len, has7) = (0, 1);
    let took = |t: usize| 2 + t;
    let pushed = |t: usize| 2 + threads + t;
    let whole = |body: Vec<Op>| {
        if serial {
            [vec![Op::Lock(1)], body, vec![Op::Unlock(1)]].concat()
        } else {
            body
        }
    };
    let poke = |var, k| Op::Poke {
        var,
        val: Val::Const(k),
    };
    let take = |t: usize| {
        let pop = vec![
            Op::Lock(L),
            Op::Peek { var: len, reg: 1 },
            Op::Peek { var: has7, reg: 2 },
            // `pop()` of an empty list: `None`, nothing changes.
            Op::Skip {
                cond: Cond::Ne(1, 0),
                n: 6,
            },
            Op::Poke {
                var: len,
                val: Val::Reg(1, -1),
            },
            poke(took(t), 5),
            // The 7 is popped only when it is all that is left.
            Op::Skip {
                cond: Cond::Eq(1, 1),
                n: 3,
            },
            Op::Skip {
                cond: Cond::Eq(2, 1),
                n: 2,
            },
            poke(has7, 0),
            poke(took(t), 7),
            Op::Unlock(L),
            Op::Peek {
                var: took(t),
                reg: 3,
            },
            // `expect("the list is not empty: we just checked")`
            Op::Assert(Cond::Ne(3, 0)),
        ];
        let mut ops = vec![
            Op::Lock(L),
            Op::Peek { var: len, reg: 0 },
            Op::Unlock(L),
            Op::Skip {
                cond: Cond::Ne(0, 0),
                n: pop.len(),
            },
        ];
        ops.extend(pop);
        whole(ops)
    };
    let push_if_absent = |t: usize| {
        whole(vec![
            Op::Lock(L),
            Op::Peek { var: len, reg: 4 },
            Op::Peek { var: has7, reg: 5 },
            Op::Unlock(L),
            // Absent: no 5 above the 7 (or the empty bottom).
            Op::Skip {
                cond: Cond::RegEq(4, 5, 0),
                n: 5,
            },
            Op::Lock(L),
            Op::Peek { var: len, reg: 6 },
            Op::Poke {
                var: len,
                val: Val::Reg(6, 1),
            },
            Op::Unlock(L),
            poke(pushed(t), 1),
        ])
    };
    let mut vars = vec![1, 1];
    vars.extend(vec![0; 2 * threads]);
    let threads_ops = (0..threads)
        .map(|t| {
            let calls = [take(t), push_if_absent(t)];
            calls.into_iter().take(ops).flatten().collect()
        })
        .collect();
    let mut program = Program {
        name: "list".into(),
        vars,
        mutexes: 1 + usize::from(serial),
        rwlocks: 0,
        condvars: 0,
        main: Vec::new(),
        threads: threads_ops,
        // Whole calls: any final state; the real calls: set below.
        expect: Expect::Not(Vec::new()),
    };
    if !serial {
        let whole = brute::explore(&list(threads, ops, true));
        assert!(whole.min_failing.is_none(), "whole calls never fail");
        program.expect = Expect::OneOf(whole.finals.into_keys().collect());
    }
    program
}

/// data_race: as counter, on a `RaceCell`: `increment()` is `get()`, then
/// `set()` of the value + 1, each a step (the cell's own scheduling point),
/// and two accesses that happens-before does not order are a race.
fn data_race(threads: usize, ops: usize) -> Program {
    let increment = [
        Op::Get { var: 0, reg: 0 },
        Op::Set {
            var: 0,
            val: Val::Reg(0, 1),
        },
    ];
    Program {
        name: "data_race".into(),
        vars: vec![0],
        mutexes: 0,
        rwlocks: 0,
        condvars: 0,
        main: Vec::new(),
        threads: (0..threads).map(|_| increment.repeat(ops)).collect(),
        expect: Expect::OneOf(vec![vec![(threads * ops) as i64]]),
    }
}

/// cpu_bound: the scenario calls `count_threads(30, threads)` on its own
/// thread, and the starter's `count_threads` is `todo!()`: main panics
/// before it spawns anything.
fn cpu_bound() -> Program {
    Program {
        name: "cpu_bound".into(),
        vars: Vec::new(),
        mutexes: 0,
        rwlocks: 0,
        condvars: 0,
        main: vec![Op::Panic],
        threads: Vec::new(),
        expect: Expect::OneOf(vec![Vec::new()]),
    }
}

/// producer_consumer: the first half of the threads (rounded up) send
/// `ops` numbers each, the rest receive `ops` each; the queue's length is
/// data inside the mutex.
/// - `send`: `self.items.lock().push_back(item)` locks, pushes and unlocks
///   at the end of the statement; then `notify_one()`.
/// - `recv` (the starter): `self.items.lock().is_empty()` locks, looks,
///   unlocks; `self.items.lock()` locks again; if it had seen the queue
///   empty, one `wait` (releasing, then retaking the mutex); then
///   `pop_front().expect(..)` with the guard held, and the unlock when the
///   guard goes out of scope.
///
/// Every number sent is received once: the queue ends empty, and nothing
/// else may fail (a panic, or a wait nobody ends: a lost wakeup).
fn producer_consumer(threads: usize, ops: usize) -> Program {
    let (q, m, cv) = (0, 0, 0);
    let send = [
        Op::Lock(m),
        Op::Peek { var: q, reg: 0 },
        Op::Poke {
            var: q,
            val: Val::Reg(0, 1),
        },
        Op::Unlock(m),
        Op::Notify { cv, all: false },
    ];
    let recv = [
        Op::Lock(m),
        Op::Peek { var: q, reg: 0 },
        Op::Unlock(m),
        Op::Lock(m),
        Op::Skip {
            cond: Cond::Eq(0, 0),
            n: 1,
        },
        Op::Wait { cv, m },
        Op::Peek { var: q, reg: 1 },
        Op::Assert(Cond::Ge(1, 1)),
        Op::Poke {
            var: q,
            val: Val::Reg(1, -1),
        },
        Op::Unlock(m),
    ];
    let producers = threads.div_ceil(2);
    Program {
        name: "producer_consumer".into(),
        vars: vec![0],
        mutexes: 1,
        rwlocks: 0,
        condvars: 1,
        main: Vec::new(),
        threads: (0..threads)
            .map(|t| {
                if t < producers {
                    send.repeat(ops)
                } else {
                    recv.repeat(ops)
                }
            })
            .collect(),
        expect: Expect::OneOf(vec![vec![
            (producers * ops) as i64 - ((threads - producers) * ops) as i64,
        ]]),
    }
}

/// philosophers: philosopher `i` eats `ops` times: `dine(i)` locks fork
/// `i`, then fork `(i + 1) % seats`, counts a use of each (data inside the
/// mutexes), and drops the guards in reverse order (`second` first).
/// Every fork is used twice per meal round and nothing deadlocks.
fn philosophers(seats: usize, ops: usize) -> Program {
    let dine = |i: usize| {
        let (left, right) = (i, (i + 1) % seats);
        let used = |fork: usize, reg: usize| {
            [
                Op::Peek { var: fork, reg },
                Op::Poke {
                    var: fork,
                    val: Val::Reg(reg, 1),
                },
            ]
        };
        [
            vec![Op::Lock(left), Op::Lock(right)],
            used(left, 0).to_vec(),
            used(right, 1).to_vec(),
            vec![Op::Unlock(right), Op::Unlock(left)],
        ]
        .concat()
        .repeat(ops)
    };
    Program {
        name: "philosophers".into(),
        vars: vec![0; seats],
        mutexes: seats,
        rwlocks: 0,
        condvars: 0,
        main: Vec::new(),
        threads: (0..seats).map(dine).collect(),
        expect: Expect::OneOf(vec![vec![2 * ops as i64; seats]]),
    }
}

/// Every thread-engine exercise with a minimum, as an oracle program.
fn thread_programs(registry: &Registry) -> Vec<(&'static str, Program)> {
    let model = |id: &str| registry.get(id).expect("in the registry").model;
    vec![
        ("counter", {
            let m = model("counter");
            counter(m.threads, m.ops)
        }),
        ("list", {
            let m = model("list");
            list(m.threads, m.ops, false)
        }),
        ("bank", bank(model("bank").ops)),
        ("data_race", {
            let m = model("data_race");
            data_race(m.threads, m.ops)
        }),
        ("cpu_bound", cpu_bound()),
        ("producer_consumer", {
            let m = model("producer_consumer");
            producer_consumer(m.threads, m.ops)
        }),
        ("philosophers", {
            let m = model("philosophers");
            philosophers(m.threads, m.ops)
        }),
    ]
}

#[test]
fn starters_fail_at_their_true_minimum() {
    let registry = Registry::load();
    let programs = thread_programs(&registry);
    let with_minimum: Vec<&str> = registry
        .exercise
        .iter()
        .filter(|e| e.model.minimum.is_some() && e.engine == Engine::Threads)
        .map(|e| e.id.as_str())
        .collect();
    let modelled: Vec<&str> = programs.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        sorted(with_minimum),
        sorted(modelled.clone()),
        "every thread exercise with a minimum has its oracle program"
    );
    let mut failures = Vec::new();
    for (id, program) in programs {
        let exercise = registry.get(id).unwrap();
        let truth = brute::explore(&program);
        let plain = brute::explore_plain(&program);
        assert_eq!(
            (truth.interleavings, &truth.finals, truth.min_failing),
            (plain.interleavings, &plain.finals, plain.min_failing),
            "{id}: the oracle's memo changes nothing"
        );
        let entry = trees::entry(Tree::Labs, id).expect("the starter is compiled in");
        let (report, _) = check(entry, exercise, Limits::default());
        let shown = report.counterexample.as_ref().map(|c| c.preemptions);
        eprintln!(
            "{id}: oracle {:?} over {} interleavings ({} states), engine {shown:?}, lab.toml {:?}",
            truth.min_failing, truth.interleavings, truth.states, exercise.model.minimum
        );
        failures.extend(disagreements(
            id,
            truth.min_failing,
            shown,
            exercise.model.minimum,
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// How the oracle's minimum, the engine's and the registry's differ.
fn disagreements(
    id: &str,
    oracle: Option<usize>,
    engine: Option<usize>,
    registry: Option<usize>,
) -> Vec<String> {
    let mut out = Vec::new();
    if oracle.is_none() {
        out.push(format!("{id}: the oracle finds no bug"));
    }
    if engine != oracle {
        out.push(format!("{id}: engine {engine:?}, oracle {oracle:?}"));
    }
    if registry != oracle {
        out.push(format!(
            "{id}: labs/lab.toml says {registry:?}, the oracle {oracle:?}"
        ));
    }
    out
}

fn sorted(mut v: Vec<&str>) -> Vec<&str> {
    v.sort_unstable();
    v
}

/// async_counter: `tasks` tasks call `increment()` `ops` times each:
/// `get()`, then `save_to_db(..).await` (a 10 ms sleep), then `set()` of
/// the value read + 1. Nothing may be lost.
fn async_counter(tasks: usize, ops: usize) -> TaskProgram {
    let increment = [
        TaskOp::Read { var: 0, reg: 0 },
        TaskOp::Sleep(10),
        TaskOp::Write {
            var: 0,
            val: Val::Reg(0, 1),
        },
    ];
    TaskProgram {
        name: "async_counter".into(),
        vars: vec![0],
        tasks: (0..tasks).map(|_| increment.repeat(ops)).collect(),
        expect: Expect::OneOf(vec![vec![(tasks * ops) as i64]]),
    }
}

/// async_cache: `tasks` tasks call `get("a")` `ops` times each: a look in
/// the entries (a hit returns at once), else `rt::fetch("a").await` and a
/// push of the value. The entries are counted in variable 0, the kit's
/// count of fetches in variable 1; expected: one fetch.
fn async_cache(tasks: usize, ops: usize) -> TaskProgram {
    let get = [
        TaskOp::Read { var: 0, reg: 0 },
        TaskOp::Skip {
            cond: Cond::Eq(0, 0),
            n: 3,
        },
        TaskOp::Fetch { count: 1 },
        TaskOp::Read { var: 0, reg: 1 },
        TaskOp::Write {
            var: 0,
            val: Val::Reg(1, 1),
        },
    ];
    TaskProgram {
        name: "async_cache".into(),
        vars: vec![0, 0],
        tasks: (0..tasks).map(|_| get.repeat(ops)).collect(),
        expect: Expect::OneOf(vec![vec![1, 1]]),
    }
}

/// blocking: the heartbeat task sleeps 10 ms and then notes a beat, three
/// times; the compress task calls `std::thread::sleep` in its first poll,
/// which holds the thread. (Only the count of beats is kept, not their
/// times: the held poll fails every schedule before a late beat could.)
fn blocking() -> TaskProgram {
    let beat = [
        TaskOp::Sleep(10),
        TaskOp::Read { var: 0, reg: 0 },
        TaskOp::Write {
            var: 0,
            val: Val::Reg(0, 1),
        },
    ];
    TaskProgram {
        name: "blocking".into(),
        vars: vec![0],
        tasks: vec![beat.repeat(3), vec![TaskOp::Hold]],
        expect: Expect::OneOf(vec![vec![3]]),
    }
}

/// The task engine's starters: the fewest task switches to a failure, by
/// the explorer's definition (a change of task between consecutive polls
/// of the workers), counted by the task oracle.
#[test]
fn task_starters_fail_at_their_true_minimum() {
    let registry = Registry::load();
    let model = |id: &str| registry.get(id).expect("in the registry").model;
    let programs = vec![
        ("async_counter", {
            let m = model("async_counter");
            async_counter(m.threads, m.ops)
        }),
        ("async_cache", {
            let m = model("async_cache");
            async_cache(m.threads, m.ops)
        }),
        ("blocking", blocking()),
    ];
    let with_minimum: Vec<&str> = registry
        .exercise
        .iter()
        .filter(|e| e.model.minimum.is_some() && e.engine == Engine::Tasks)
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(
        sorted(with_minimum),
        sorted(programs.iter().map(|(id, _)| *id).collect()),
        "every task exercise with a minimum has its oracle program"
    );
    let mut failures = Vec::new();
    for (id, program) in programs {
        let exercise = registry.get(id).unwrap();
        let truth = tasks::explore(&program);
        let entry = trees::entry(Tree::Labs, id).expect("the starter is compiled in");
        let (report, _) = check(entry, exercise, Limits::default());
        let shown = report.counterexample.as_ref().and_then(|c| c.switches);
        let table = report.outcomes.as_ref().expect("an outcome table");
        eprintln!(
            "{id}: oracle {:?} over {} schedules, engine {shown:?} over {} executions, lab.toml {:?}",
            truth.min_failing, truth.schedules, table.executions, exercise.model.minimum
        );
        // Neither side reduces anything: the same rules give the same
        // schedules, one execution each.
        if table.complete && table.executions != truth.schedules {
            failures.push(format!(
                "{id}: the engine ran {} schedules, the oracle counts {}",
                table.executions, truth.schedules
            ));
        }
        failures.extend(disagreements(
            id,
            truth.min_failing,
            shown,
            exercise.model.minimum,
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
