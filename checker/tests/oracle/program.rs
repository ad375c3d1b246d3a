//! A small concurrent program: shared integer variables, mutexes, RwLocks
//! and condition variables, worker threads of straight-line operations with
//! forward skips, spawned and then joined in order by the main thread.
//!
//! A variable is one of three kinds, by the operations that use it: an
//! atomic (`Load`, `Store`, `Add`, `WaitFor`), a `RaceCell` (`Get`, `Set`:
//! an unsynchronised cell, whose accesses race unless happens-before orders
//! them), or data behind a lock (`Peek`, `Poke`: the facade records no
//! access to what a guard holds, so they are no step of their own).
//! The oracle (`brute.rs`) runs it by its own rules; `engine.rs` runs it as
//! real closures over the kit's facade under the checker.

// Shared by several test crates, each using a part of it.
#![allow(dead_code)]

#[derive(Clone, Copy, Debug)]
pub enum Val {
    Const(i64),
    /// A register plus a constant.
    Reg(usize, i64),
    /// `(regs[r] + k) % m`.
    RegMod(usize, i64, i64),
}

#[derive(Clone, Copy, Debug)]
pub enum Cond {
    Eq(usize, i64),
    Ne(usize, i64),
    Ge(usize, i64),
    Lt(usize, i64),
    /// `regs[a] == regs[b] + k`.
    RegEq(usize, usize, i64),
}

impl Cond {
    pub fn holds(self, regs: &[i64]) -> bool {
        match self {
            Cond::Eq(r, k) => regs[r] == k,
            Cond::Ne(r, k) => regs[r] != k,
            Cond::Ge(r, k) => regs[r] >= k,
            Cond::Lt(r, k) => regs[r] < k,
            Cond::RegEq(a, b, k) => regs[a] == regs[b] + k,
        }
    }
}

impl Val {
    pub fn eval(self, regs: &[i64]) -> i64 {
        match self {
            Val::Const(k) => k,
            Val::Reg(r, k) => regs[r] + k,
            Val::RegMod(r, k, m) => (regs[r] + k) % m,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Op {
    Load {
        var: usize,
        reg: usize,
    },
    Store {
        var: usize,
        val: Val,
    },
    /// `fetch_add`.
    Add {
        var: usize,
        k: i64,
    },
    Lock(usize),
    Unlock(usize),
    /// `reg` = 1 if the mutex was taken, else 0.
    TryLock {
        m: usize,
        reg: usize,
    },
    Read(usize),
    ReadUnlock(usize),
    Write(usize),
    WriteUnlock(usize),
    /// Holding mutex `m`: `while var != value { cv.wait(m) }`.
    WaitFor {
        cv: usize,
        m: usize,
        var: usize,
        value: i64,
    },
    Notify {
        cv: usize,
        all: bool,
    },
    /// Unless `cond` holds, skip the next `n` operations (no shared access).
    Skip {
        cond: Cond,
        n: usize,
    },
    /// Panics unless `cond` holds (no shared access).
    Assert(Cond),
    /// Panics (`todo!()`; no shared access).
    Panic,
    /// `RaceCell::get`: a step, racing with any write not ordered before it.
    Get {
        var: usize,
        reg: usize,
    },
    /// `RaceCell::set`: a step, racing with any access not ordered before it.
    Set {
        var: usize,
        val: Val,
    },
    /// Reads data a held guard protects (no step).
    Peek {
        var: usize,
        reg: usize,
    },
    /// Writes data a held guard protects (no step).
    Poke {
        var: usize,
        val: Val,
    },
    /// Holding mutex `m`: one `cv.wait(m)`, with no condition around it.
    Wait {
        cv: usize,
        m: usize,
    },
}

impl Op {
    /// Runs within the step before it: no scheduling point of its own. A
    /// notification is one too: the facade's `notify_one`/`notify_all`
    /// only unparks, which is no loom operation, so the thread runs on from
    /// its last step to its next one with no switch in between.
    pub fn is_local(self) -> bool {
        matches!(
            self,
            Op::Skip { .. }
                | Op::Assert(_)
                | Op::Panic
                | Op::Peek { .. }
                | Op::Poke { .. }
                | Op::Notify { .. }
        )
    }
}

/// How the engine keeps a variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Atomic,
    Cell,
    Guarded,
}

/// What the final values of the variables must be.
#[derive(Clone, Debug)]
pub enum Expect {
    /// Anything but this state.
    Not(Vec<i64>),
    /// One of these states.
    OneOf(Vec<Vec<i64>>),
}

impl Expect {
    pub fn allows(&self, finals: &[i64]) -> bool {
        match self {
            Expect::Not(state) => state != finals,
            Expect::OneOf(states) => states.iter().any(|s| s == finals),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Program {
    pub name: String,
    pub vars: Vec<i64>,
    pub mutexes: usize,
    pub rwlocks: usize,
    pub condvars: usize,
    /// Local operations main runs before it spawns the workers (a
    /// `todo!()` in the scenario's own code).
    pub main: Vec<Op>,
    pub threads: Vec<Vec<Op>>,
    pub expect: Expect,
}

impl Program {
    /// Each variable's kind, from the operations that use it.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut kinds = vec![None; self.vars.len()];
        let mut note = |var: usize, kind: Kind| {
            let old = kinds[var].get_or_insert(kind);
            assert_eq!(
                *old, kind,
                "{}: variable {var} used as two kinds",
                self.name
            );
        };
        for op in self.main.iter().chain(self.threads.iter().flatten()) {
            match *op {
                Op::Load { var, .. }
                | Op::Store { var, .. }
                | Op::Add { var, .. }
                | Op::WaitFor { var, .. } => note(var, Kind::Atomic),
                Op::Get { var, .. } | Op::Set { var, .. } => note(var, Kind::Cell),
                Op::Peek { var, .. } | Op::Poke { var, .. } => note(var, Kind::Guarded),
                _ => {}
            }
        }
        kinds
            .into_iter()
            .map(|k| k.unwrap_or(Kind::Atomic))
            .collect()
    }
}

pub const REGS: usize = 8;
