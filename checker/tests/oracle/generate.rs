//! Random small programs from a fixed seed: 2–3 worker threads over two
//! shared variables; plain loads, stores and fetch_adds, critical sections,
//! nested locks (deadlocks), try_lock with work done only when it got the
//! lock, RwLock readers and writers, asserts, and a condition-variable
//! handshake (a wait in a loop, or under one `if`). The expected final state is then chosen by the oracle.

// Shared by several test crates, each using a part of it.
#![allow(dead_code)]

use super::program::{Cond, Expect, Op, Program, Val};

/// splitmix64: a fixed sequence for a fixed seed, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const VARS: usize = 2;

/// One access to a variable, outside or inside a lock.
fn access(rng: &mut Rng, out: &mut Vec<Op>) {
    let var = rng.below(VARS);
    match rng.below(4) {
        0 => out.push(Op::Load { var, reg: 0 }),
        1 => out.push(Op::Store {
            var,
            val: Val::Const(rng.below(3) as i64),
        }),
        2 => {
            // A read-modify-write in two steps: the lost update.
            out.push(Op::Load { var, reg: 1 });
            out.push(Op::Store {
                var,
                val: Val::Reg(1, 1),
            });
        }
        _ => out.push(Op::Add { var, k: 1 }),
    }
}

fn inner(rng: &mut Rng) -> Vec<Op> {
    let mut ops = Vec::new();
    access(rng, &mut ops);
    if rng.chance(30) {
        access(rng, &mut ops);
    }
    ops
}

/// A block that starts and ends holding no lock.
fn block(rng: &mut Rng, mutexes: usize, rwlocks: usize, out: &mut Vec<Op>) {
    let mut kinds = vec![0, 1, 2];
    if mutexes > 0 {
        kinds.extend([3, 4, 5]);
    }
    if rwlocks > 0 {
        kinds.push(6);
    }
    match kinds[rng.below(kinds.len())] {
        0 | 1 => access(rng, out),
        2 => {
            // An assert on a value just read, holding nothing.
            let var = rng.below(VARS);
            out.push(Op::Load { var, reg: 2 });
            out.push(Op::Assert(Cond::Ne(2, 1 + rng.below(2) as i64)));
        }
        3 => {
            let m = rng.below(mutexes);
            out.push(Op::Lock(m));
            out.extend(inner(rng));
            out.push(Op::Unlock(m));
        }
        4 if mutexes >= 2 => {
            let first = rng.below(mutexes);
            let second = (first + 1 + rng.below(mutexes - 1)) % mutexes;
            out.push(Op::Lock(first));
            out.push(Op::Lock(second));
            out.extend(inner(rng));
            out.push(Op::Unlock(second));
            out.push(Op::Unlock(first));
        }
        4 | 5 => {
            // Work only when the lock was free; optionally other work when
            // it was not.
            let m = rng.below(mutexes);
            let body = inner(rng);
            out.push(Op::TryLock { m, reg: 3 });
            out.push(Op::Skip {
                cond: Cond::Eq(3, 1),
                n: body.len() + 1,
            });
            out.extend(body);
            out.push(Op::Unlock(m));
            if rng.chance(50) {
                let other = inner(rng);
                out.push(Op::Skip {
                    cond: Cond::Eq(3, 0),
                    n: other.len(),
                });
                out.extend(other);
            }
        }
        _ => {
            let r = rng.below(rwlocks);
            if rng.chance(50) {
                out.push(Op::Read(r));
                out.push(Op::Load {
                    var: rng.below(VARS),
                    reg: 0,
                });
                out.push(Op::ReadUnlock(r));
            } else {
                out.push(Op::Write(r));
                out.extend(inner(rng));
                out.push(Op::WriteUnlock(r));
            }
        }
    }
}

/// The steps a block list takes at most (shared operations).
fn steps(ops: &[Op]) -> usize {
    ops.iter()
        .filter(|op| !matches!(op, Op::Skip { .. } | Op::Assert(_)))
        .count()
}

/// A program with no expectation yet (`Expect::Not` of nothing).
pub fn program(rng: &mut Rng, index: usize) -> Program {
    let condvar = rng.chance(15);
    let workers = if !condvar && rng.chance(20) { 3 } else { 2 };
    // Few steps per thread keep plain DFS over every interleaving fast.
    let budget = if workers == 3 { 2 } else { 3 };
    let (mutexes, rwlocks) = if condvar {
        (1, 0)
    } else {
        (rng.below(3), usize::from(rng.chance(25)))
    };
    let mut threads: Vec<Vec<Op>> = Vec::new();
    for t in 0..workers {
        let mut ops = Vec::new();
        if condvar && t == 0 {
            // Waits, under the mutex, until the flag (variable 2) is set:
            // in a loop, or (the lost wakeup's cousin) with one `if`. The
            // choice draws nothing from the generator, so that the other
            // programs stay those of the seed.
            ops.push(Op::Lock(0));
            if !index.is_multiple_of(3) {
                ops.push(Op::WaitFor {
                    cv: 0,
                    m: 0,
                    var: VARS,
                    value: 1,
                });
            } else {
                ops.push(Op::Load { var: VARS, reg: 4 });
                ops.push(Op::Skip {
                    cond: Cond::Ne(4, 1),
                    n: 1,
                });
                ops.push(Op::Wait { cv: 0, m: 0 });
            }
            access(rng, &mut ops);
            ops.push(Op::Unlock(0));
        } else if condvar && t == 1 {
            // Sets the flag and notifies, under the mutex.
            ops.push(Op::Lock(0));
            if rng.chance(50) {
                access(rng, &mut ops);
            }
            ops.push(Op::Store {
                var: VARS,
                val: Val::Const(1),
            });
            ops.push(Op::Notify {
                cv: 0,
                all: rng.chance(50),
            });
            ops.push(Op::Unlock(0));
        } else {
            loop {
                let mut more = ops.clone();
                block(rng, mutexes, rwlocks, &mut more);
                if steps(&more) > budget && !ops.is_empty() {
                    break;
                }
                ops = more;
                if steps(&ops) >= budget || rng.chance(35) {
                    break;
                }
            }
        }
        threads.push(ops);
    }
    let mut vars = vec![0; VARS];
    if condvar {
        vars.push(0);
    }
    Program {
        name: format!("random #{index}"),
        vars,
        mutexes,
        rwlocks,
        condvars: usize::from(condvar),
        main: Vec::new(),
        threads,
        expect: Expect::Not(Vec::new()),
    }
}
