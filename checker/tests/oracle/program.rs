//! A small concurrent program: shared integer variables, mutexes, RwLocks
//! and condition variables, worker threads of straight-line operations with
//! forward skips, spawned and then joined in order by the main thread.
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
    pub threads: Vec<Vec<Op>>,
    pub expect: Expect,
}

pub const REGS: usize = 8;
