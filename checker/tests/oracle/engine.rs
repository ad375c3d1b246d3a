//! A [`Program`] run by the checker: real closures over the kit's facade
//! (`racelab_checker::sync`) that interpret its operations, explored by the
//! same search `cargo lab check` uses.

// Shared by several test crates, each using a part of it.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use racelab_checker::check::{search, Search};
use racelab_checker::model::explore::Limits;
use racelab_checker::model::{ModelParams, Observation};
use racelab_checker::sync::atomic::{AtomicI64, Ordering};
use racelab_checker::sync::{thread, Condvar, Mutex, MutexGuard, RaceCell, RwLock};
use racelab_checker::sync::{RwLockReadGuard, RwLockWriteGuard};
use racelab_checker::text::Text;

use super::program::{Kind, Op, Program, REGS};

thread_local! {
    /// The program the scenario interprets (loom runs the model on the
    /// calling OS thread).
    static PROGRAM: RefCell<Option<Arc<Program>>> = const { RefCell::new(None) };
}

/// A variable as the program's operations use it (see [`Kind`]).
enum Var {
    Atomic(AtomicI64),
    Cell(RaceCell<i64>),
    /// Data a guard protects: the facade records no access to it, so a
    /// plain cell, which makes no step.
    Guarded(Cell<i64>),
}

impl Var {
    fn atomic(&self) -> &AtomicI64 {
        match self {
            Var::Atomic(a) => a,
            _ => unreachable!("an atomic"),
        }
    }

    fn cell(&self) -> &RaceCell<i64> {
        match self {
            Var::Cell(c) => c,
            _ => unreachable!("a RaceCell"),
        }
    }

    fn guarded(&self) -> &Cell<i64> {
        match self {
            Var::Guarded(c) => c,
            _ => unreachable!("guarded data"),
        }
    }

    fn last(&self) -> i64 {
        match self {
            Var::Atomic(a) => a.load(Ordering::SeqCst),
            Var::Cell(c) => c.get(),
            Var::Guarded(c) => c.get(),
        }
    }
}

struct Shared {
    vars: Vec<Var>,
    mutexes: Vec<Mutex<()>>,
    rwlocks: Vec<RwLock<()>>,
    condvars: Vec<Condvar>,
}

// SAFETY: loom runs every model thread on the one OS thread that made them,
// so the guarded `Cell`s are never touched by two threads at once.
unsafe impl Send for Shared {}
unsafe impl Sync for Shared {}

/// Runs a local operation (see [`Op::is_local`]); returns how many
/// operations after it to skip.
fn local(op: Op, regs: &mut [i64; REGS], shared: &Shared) -> usize {
    match op {
        Op::Skip { cond, n } if !cond.holds(regs) => n,
        Op::Skip { .. } => 0,
        Op::Assert(cond) => {
            assert!(cond.holds(regs), "assertion failed");
            0
        }
        Op::Panic => todo!("the starter's own todo!()"),
        Op::Peek { var, reg } => {
            regs[reg] = shared.vars[var].guarded().get();
            0
        }
        Op::Poke { var, val } => {
            shared.vars[var].guarded().set(val.eval(regs));
            0
        }
        _ => unreachable!("not local: {op:?}"),
    }
}

fn worker(program: &Program, shared: &Shared, t: usize) {
    let ops = &program.threads[t];
    let mut regs = [0i64; REGS];
    let mut held: Vec<Option<MutexGuard<'_, ()>>> = (0..program.mutexes).map(|_| None).collect();
    let mut read: Vec<Option<RwLockReadGuard<'_, ()>>> =
        (0..program.rwlocks).map(|_| None).collect();
    let mut written: Vec<Option<RwLockWriteGuard<'_, ()>>> =
        (0..program.rwlocks).map(|_| None).collect();
    let mut pc = 0;
    while pc < ops.len() {
        match ops[pc] {
            Op::Load { var, reg } => {
                regs[reg] = shared.vars[var].atomic().load(Ordering::SeqCst);
            }
            Op::Store { var, val } => {
                shared.vars[var]
                    .atomic()
                    .store(val.eval(&regs), Ordering::SeqCst);
            }
            Op::Add { var, k } => {
                shared.vars[var].atomic().fetch_add(k, Ordering::SeqCst);
            }
            Op::Get { var, reg } => regs[reg] = shared.vars[var].cell().get(),
            Op::Set { var, val } => shared.vars[var].cell().set(val.eval(&regs)),
            Op::Lock(m) => held[m] = Some(shared.mutexes[m].lock()),
            Op::Unlock(m) => held[m] = None,
            Op::TryLock { m, reg } => {
                held[m] = shared.mutexes[m].try_lock();
                regs[reg] = i64::from(held[m].is_some());
            }
            Op::Read(r) => read[r] = Some(shared.rwlocks[r].read()),
            Op::ReadUnlock(r) => read[r] = None,
            Op::Write(r) => written[r] = Some(shared.rwlocks[r].write()),
            Op::WriteUnlock(r) => written[r] = None,
            Op::WaitFor { cv, m, var, value } => {
                let guard = held[m].as_mut().expect("WaitFor holds its mutex");
                while shared.vars[var].atomic().load(Ordering::SeqCst) != value {
                    shared.condvars[cv].wait(guard);
                }
            }
            Op::Wait { cv, m } => {
                let guard = held[m].as_mut().expect("Wait holds its mutex");
                shared.condvars[cv].wait(guard);
            }
            Op::Notify { cv, all } => {
                if all {
                    shared.condvars[cv].notify_all();
                } else {
                    shared.condvars[cv].notify_one();
                }
            }
            op => pc += local(op, &mut regs, shared),
        }
        pc += 1;
    }
}

fn scenario(_: &ModelParams) -> Observation {
    let program = PROGRAM
        .with(|p| p.borrow().clone())
        .expect("a program is set");
    let kinds = program.kinds();
    let shared = Arc::new(Shared {
        vars: program
            .vars
            .iter()
            .zip(kinds)
            .map(|(&v, kind)| match kind {
                Kind::Atomic => Var::Atomic(AtomicI64::new(v)),
                Kind::Cell => Var::Cell(RaceCell::new(v)),
                Kind::Guarded => Var::Guarded(Cell::new(v)),
            })
            .collect(),
        mutexes: (0..program.mutexes).map(|_| Mutex::new(())).collect(),
        rwlocks: (0..program.rwlocks).map(|_| RwLock::new(())).collect(),
        condvars: (0..program.condvars).map(|_| Condvar::new()).collect(),
    });
    let mut regs = [0; REGS];
    let mut pc = 0;
    while pc < program.main.len() {
        pc += 1 + local(program.main[pc], &mut regs, &shared);
    }
    let handles: Vec<_> = (0..program.threads.len())
        .map(|t| {
            let (program, shared) = (Arc::clone(&program), Arc::clone(&shared));
            thread::spawn(move || worker(&program, &shared, t))
        })
        .collect();
    for handle in handles {
        let _ = handle.join();
    }
    let finals: Vec<i64> = shared.vars.iter().map(Var::last).collect();
    Observation {
        state: Text::same(format!("{finals:?}")),
        expected: program.expect.allows(&finals),
    }
}

/// The checker's search over the whole program. The time budget is the
/// students' safeguard against code that loops, not part of what is compared
/// here: a test on a loaded machine must not fail for want of seconds.
pub fn check(program: &Program) -> Search {
    check_within(
        program,
        Limits {
            time: std::time::Duration::from_secs(600),
            ..Limits::default()
        },
    )
}

/// As [`check`], with its own limits.
pub fn check_within(program: &Program, limits: Limits) -> Search {
    PROGRAM.with(|p| *p.borrow_mut() = Some(Arc::new(program.clone())));
    let params = ModelParams::new(program.threads.len(), 1);
    let found = search(scenario, params, None, limits);
    PROGRAM.with(|p| *p.borrow_mut() = None);
    found
}

/// As [`check_within`], exploring only up to `bound` preemptions (and the
/// bounds below it), as the engine does for a model marked `exhaustive =
/// false`. Whatever it finds is a real execution, so a counterexample at
/// the oracle's fewest preemptions is the engine agreeing with it.
pub fn check_bounded(program: &Program, bound: usize, limits: Limits) -> Search {
    PROGRAM.with(|p| *p.borrow_mut() = Some(Arc::new(program.clone())));
    let params = ModelParams::new(program.threads.len(), 1);
    let found = search(scenario, params, Some(bound), limits);
    PROGRAM.with(|p| *p.borrow_mut() = None);
    found
}
