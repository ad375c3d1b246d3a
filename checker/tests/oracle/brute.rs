//! The oracle: a plain depth-first search over every interleaving of a
//! [`Program`], with no reduction of any kind and no code shared with the
//! checker. Each operation on shared state is one step; local operations
//! (skips, asserts) run with the step before them. A preemption, as racelab
//! defines it, is a switch away from a thread that could go on: one whose
//! next operation is enabled right after its step.
//!
//! Thread 0 is main: it spawns the workers 1..=n in order and then joins
//! them in order; the final state is read after every join.

// Shared by several test crates, each using a part of it.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use super::program::{Op, Program, REGS};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// At `pc`, nothing in progress.
    Ready,
    /// In a `WaitFor`, the condition found false: the mutex is released next.
    Release,
    /// Waiting for a notification.
    Waiting,
    /// Notified: re-taking the mutex.
    Reacquire,
}

#[derive(Clone, Debug)]
struct Worker {
    started: bool,
    pc: usize,
    regs: [i64; REGS],
    phase: Phase,
    done: bool,
}

#[derive(Clone, Debug)]
struct State {
    vars: Vec<i64>,
    mutex: Vec<Option<usize>>,
    readers: Vec<Vec<usize>>,
    writer: Vec<Option<usize>>,
    /// Threads waiting on each condvar, first come first served.
    queues: Vec<Vec<usize>>,
    /// Index 0 unused (main is `main_pc`).
    workers: Vec<Worker>,
    main_pc: usize,
    panicked: bool,
}

/// Everything the oracle found.
#[derive(Debug, Default)]
pub struct Verdict {
    pub interleavings: u64,
    /// Final states of the executions that ended without a panic or a
    /// deadlock, with the fewest preemptions that reach each.
    pub finals: BTreeMap<Vec<i64>, usize>,
    /// The fewest preemptions of an execution that fails (a forbidden
    /// final state, a panic, a deadlock).
    pub min_failing: Option<usize>,
}

struct Search<'p> {
    program: &'p Program,
    verdict: Verdict,
}

/// What a thread's next step would be, if it can take one now.
fn enabled(p: &Program, s: &State, t: usize) -> bool {
    if t == 0 {
        let n = p.threads.len();
        return match s.main_pc {
            pc if pc < n => true,
            pc if pc < 2 * n => s.workers[pc - n + 1].done,
            _ => false,
        };
    }
    let w = &s.workers[t];
    if !w.started || w.done {
        return false;
    }
    match w.phase {
        Phase::Waiting => false,
        Phase::Release => true,
        Phase::Reacquire => {
            let Op::WaitFor { m, .. } = p.threads[t - 1][w.pc] else {
                unreachable!()
            };
            s.mutex[m].is_none()
        }
        Phase::Ready => match p.threads[t - 1][w.pc] {
            Op::Lock(m) => s.mutex[m].is_none(),
            Op::Read(r) => s.writer[r].is_none(),
            Op::Write(r) => s.writer[r].is_none() && s.readers[r].is_empty(),
            _ => true,
        },
    }
}

/// Runs the local operations at a worker's `pc` (skips, asserts) and marks
/// it done at the end. An assert that fails ends the thread with a panic.
fn settle(p: &Program, s: &mut State, t: usize) {
    let ops = &p.threads[t - 1];
    let w = &mut s.workers[t];
    while w.phase == Phase::Ready && w.pc < ops.len() {
        match ops[w.pc] {
            Op::Skip { cond, n } => {
                w.pc += 1;
                if !cond.holds(&w.regs) {
                    w.pc += n;
                }
            }
            Op::Assert(cond) => {
                if !cond.holds(&w.regs) {
                    s.panicked = true;
                    w.done = true;
                    return;
                }
                w.pc += 1;
            }
            _ => return,
        }
    }
    if w.pc >= ops.len() {
        w.done = true;
    }
}

/// The threads `t` waits for, if its next operation is a lock request.
fn waits_for(p: &Program, s: &State, t: usize) -> Vec<usize> {
    let w = &s.workers[t];
    if t == 0 || !w.started || w.done || w.phase != Phase::Ready {
        return Vec::new();
    }
    match p.threads[t - 1][w.pc] {
        Op::Lock(m) => s.mutex[m].into_iter().collect(),
        Op::Read(r) => s.writer[r].into_iter().collect(),
        Op::Write(r) => s.writer[r]
            .into_iter()
            .chain(s.readers[r].iter().copied())
            .collect(),
        _ => Vec::new(),
    }
}

/// A cycle of lock waits through `t`.
fn in_cycle(p: &Program, s: &State, t: usize) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = waits_for(p, s, t);
    while let Some(u) = stack.pop() {
        if u == t {
            return true;
        }
        if seen.insert(u) {
            stack.extend(waits_for(p, s, u));
        }
    }
    false
}

fn step(p: &Program, s: &mut State, t: usize) {
    if t == 0 {
        let n = p.threads.len();
        if s.main_pc < n {
            let w = s.main_pc + 1;
            s.workers[w].started = true;
            settle(p, s, w);
        }
        s.main_pc += 1;
        return;
    }
    let op = p.threads[t - 1][s.workers[t].pc];
    let phase = s.workers[t].phase;
    let mut advance = true;
    match (op, phase) {
        (Op::WaitFor { m, var, value, .. }, Phase::Ready) => {
            if s.vars[var] != value {
                s.workers[t].phase = Phase::Release;
                advance = false;
            }
            let _ = m;
        }
        (Op::WaitFor { cv, m, .. }, Phase::Release) => {
            s.mutex[m] = None;
            s.queues[cv].push(t);
            s.workers[t].phase = Phase::Waiting;
            advance = false;
        }
        (Op::WaitFor { m, .. }, Phase::Reacquire) => {
            s.mutex[m] = Some(t);
            s.workers[t].phase = Phase::Ready;
            advance = false;
        }
        (Op::Load { var, reg }, _) => s.workers[t].regs[reg] = s.vars[var],
        (Op::Store { var, val }, _) => s.vars[var] = val.eval(&s.workers[t].regs),
        (Op::Add { var, k }, _) => s.vars[var] += k,
        (Op::Lock(m), _) => s.mutex[m] = Some(t),
        (Op::Unlock(m), _) => s.mutex[m] = None,
        (Op::TryLock { m, reg }, _) => {
            let free = s.mutex[m].is_none();
            if free {
                s.mutex[m] = Some(t);
            }
            s.workers[t].regs[reg] = i64::from(free);
        }
        (Op::Read(r), _) => s.readers[r].push(t),
        (Op::ReadUnlock(r), _) => s.readers[r].retain(|&u| u != t),
        (Op::Write(r), _) => s.writer[r] = Some(t),
        (Op::WriteUnlock(r), _) => s.writer[r] = None,
        (Op::Notify { cv, all }, _) => {
            let woken: Vec<usize> = if all {
                std::mem::take(&mut s.queues[cv])
            } else if s.queues[cv].is_empty() {
                Vec::new()
            } else {
                vec![s.queues[cv].remove(0)]
            };
            for u in woken {
                s.workers[u].phase = Phase::Reacquire;
            }
        }
        (Op::Skip { .. } | Op::Assert(_), _) | (Op::WaitFor { .. }, Phase::Waiting) => {
            unreachable!("not a step")
        }
    }
    if advance {
        s.workers[t].pc += 1;
    }
    settle(p, s, t);
}

impl Search<'_> {
    fn dfs(&mut self, s: &State, last: Option<(usize, bool)>, preemptions: usize) {
        let p = self.program;
        let n = p.threads.len();
        let mut any = false;
        for t in 0..=n {
            if !enabled(p, s, t) {
                continue;
            }
            any = true;
            let cost = match last {
                Some((u, could_go_on)) if u != t && could_go_on => preemptions + 1,
                _ => preemptions,
            };
            let mut next = s.clone();
            step(p, &mut next, t);
            if t > 0 && in_cycle(p, &next, t) {
                // The request that closes a cycle ends the story: a deadlock.
                self.verdict.interleavings += 1;
                self.fail(cost);
                continue;
            }
            let could_go_on = enabled(p, &next, t);
            self.dfs(&next, Some((t, could_go_on)), cost);
        }
        if any {
            return;
        }
        self.verdict.interleavings += 1;
        let all_done = s.main_pc == 2 * n;
        assert!(
            all_done,
            "{}: stuck without a lock cycle (a condvar never notified?)",
            p.name
        );
        if s.panicked {
            self.fail(preemptions);
            return;
        }
        let best = self
            .verdict
            .finals
            .entry(s.vars.clone())
            .or_insert(preemptions);
        *best = (*best).min(preemptions);
        if !p.expect.allows(&s.vars) {
            self.fail(preemptions);
        }
    }

    fn fail(&mut self, preemptions: usize) {
        let min = self.verdict.min_failing.get_or_insert(preemptions);
        *min = (*min).min(preemptions);
    }
}

/// Every interleaving of `program`.
pub fn explore(program: &Program) -> Verdict {
    let n = program.threads.len();
    let start = State {
        vars: program.vars.clone(),
        mutex: vec![None; program.mutexes],
        readers: vec![Vec::new(); program.rwlocks],
        writer: vec![None; program.rwlocks],
        queues: vec![Vec::new(); program.condvars],
        workers: vec![
            Worker {
                started: false,
                pc: 0,
                regs: [0; REGS],
                phase: Phase::Ready,
                done: false,
            };
            n + 1
        ],
        main_pc: 0,
        panicked: false,
    };
    let mut search = Search {
        program,
        verdict: Verdict::default(),
    };
    search.dfs(&start, None, 0);
    search.verdict
}
