//! A [`Program`] run by the checker: real closures over the kit's facade
//! (`racelab_checker::sync`) that interpret its operations, explored by the
//! same search `cargo lab check` uses.

// Shared by several test crates, each using a part of it.
#![allow(dead_code)]

use std::cell::RefCell;
use std::sync::Arc;

use racelab_checker::check::{search, Search};
use racelab_checker::model::explore::Limits;
use racelab_checker::model::{ModelParams, Observation};
use racelab_checker::sync::atomic::{AtomicI64, Ordering};
use racelab_checker::sync::{thread, Condvar, Mutex, MutexGuard, RwLock};
use racelab_checker::sync::{RwLockReadGuard, RwLockWriteGuard};
use racelab_checker::text::Text;

use super::program::{Op, Program, REGS};

thread_local! {
    /// The program the scenario interprets (loom runs the model on the
    /// calling OS thread).
    static PROGRAM: RefCell<Option<Arc<Program>>> = const { RefCell::new(None) };
}

struct Shared {
    vars: Vec<AtomicI64>,
    mutexes: Vec<Mutex<()>>,
    rwlocks: Vec<RwLock<()>>,
    condvars: Vec<Condvar>,
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
            Op::Load { var, reg } => regs[reg] = shared.vars[var].load(Ordering::SeqCst),
            Op::Store { var, val } => shared.vars[var].store(val.eval(&regs), Ordering::SeqCst),
            Op::Add { var, k } => {
                shared.vars[var].fetch_add(k, Ordering::SeqCst);
            }
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
                while shared.vars[var].load(Ordering::SeqCst) != value {
                    shared.condvars[cv].wait(guard);
                }
            }
            Op::Notify { cv, all } => {
                if all {
                    shared.condvars[cv].notify_all();
                } else {
                    shared.condvars[cv].notify_one();
                }
            }
            Op::Skip { cond, n } => {
                if !cond.holds(&regs) {
                    pc += n;
                }
            }
            Op::Assert(cond) => assert!(cond.holds(&regs), "assertion failed"),
        }
        pc += 1;
    }
}

fn scenario(_: &ModelParams) -> Observation {
    let program = PROGRAM
        .with(|p| p.borrow().clone())
        .expect("a program is set");
    let shared = Arc::new(Shared {
        vars: program.vars.iter().map(|&v| AtomicI64::new(v)).collect(),
        mutexes: (0..program.mutexes).map(|_| Mutex::new(())).collect(),
        rwlocks: (0..program.rwlocks).map(|_| RwLock::new(())).collect(),
        condvars: (0..program.condvars).map(|_| Condvar::new()).collect(),
    });
    let handles: Vec<_> = (0..program.threads.len())
        .map(|t| {
            let (program, shared) = (Arc::clone(&program), Arc::clone(&shared));
            thread::spawn(move || worker(&program, &shared, t))
        })
        .collect();
    for handle in handles {
        let _ = handle.join();
    }
    let finals: Vec<i64> = shared
        .vars
        .iter()
        .map(|v| v.load(Ordering::SeqCst))
        .collect();
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
