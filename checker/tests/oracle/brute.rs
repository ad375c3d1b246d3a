//! The oracle: every interleaving of a [`Program`], with no reduction of
//! any kind and no code shared with the checker. Each operation on shared
//! state is one step; local operations (skips, asserts, data behind a held
//! guard) run with the step before them. A preemption, as racelab defines
//! it, is a switch away from a thread that could go on: one whose next
//! operation is enabled right after its step.
//!
//! Thread 0 is main: it runs its local prologue, spawns the workers 1..=n
//! in order and then joins them in order; the final state is read after
//! every join.
//!
//! The search is depth-first over interleavings, memoised on the full
//! state: variables, locks, condvar queues, every thread's program counter,
//! registers and phase, happens-before clocks when the program has
//! RaceCells, and the last thread run if it could go on (the one thing
//! besides the state that decides what the next step costs). Two
//! interleavings that reach the same such state have the same futures, so
//! what lies ahead of it — how many ways to go on, the fewest further
//! preemptions to a failure and to each final state — is computed once and
//! added to the cost of every path that reaches it. This is dynamic
//! programming over the same tree, not a reduction: no execution is left
//! out, and `interleavings` is still the exact number of paths.

// Shared by several test crates, each using a part of it.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use super::program::{Kind, Op, Program, REGS};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Worker {
    started: bool,
    pc: usize,
    regs: [i64; REGS],
    phase: Phase,
    done: bool,
}

/// A vector clock, one entry per thread (main is 0).
type Clock = Vec<u32>;

fn join(into: &mut Clock, other: &Clock) {
    for (a, b) in into.iter_mut().zip(other) {
        *a = (*a).max(*b);
    }
}

fn before(a: &Clock, b: &Clock) -> bool {
    a.iter().zip(b).all(|(x, y)| x <= y)
}

/// Happens-before as loom tracks it: spawn and join, a lock's release and
/// next acquisition, every atomic access (the facade makes each one a
/// read-modify-write, acquire and release at once), a notification. Kept
/// only for programs with RaceCells: the clocks tick at every step, so
/// with them no two interleavings ever share a state.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Clocks {
    threads: Vec<Clock>,
    mutexes: Vec<Clock>,
    rwlocks: Vec<Clock>,
    atomics: Vec<Clock>,
    /// Per cell: every read and every write so far, joined (as loom keeps
    /// them; the first race ends the execution).
    reads: Vec<Clock>,
    writes: Vec<Clock>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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
    clocks: Option<Clocks>,
}

/// Everything the oracle found.
#[derive(Debug, Default)]
pub struct Verdict {
    pub interleavings: u64,
    /// Final states of the executions that ended without a panic, a race or
    /// a deadlock, with the fewest preemptions that reach each.
    pub finals: BTreeMap<Vec<i64>, usize>,
    /// The fewest preemptions of an execution that fails (a forbidden
    /// final state, a panic, a data race, a deadlock, a wait nobody ends).
    pub min_failing: Option<usize>,
    /// Distinct states the search met (its memo's size).
    pub states: usize,
}

/// What lies ahead of a state: the paths on, and their fewest further
/// preemptions.
#[derive(Debug, Default)]
struct Ahead {
    paths: u64,
    min_failing: Option<usize>,
    finals: BTreeMap<Vec<i64>, usize>,
}

impl Ahead {
    fn failure() -> Ahead {
        Ahead {
            paths: 1,
            min_failing: Some(0),
            finals: BTreeMap::new(),
        }
    }

    fn add(&mut self, other: &Ahead, cost: usize) {
        self.paths += other.paths;
        if let Some(m) = other.min_failing {
            let m = m + cost;
            self.min_failing = Some(self.min_failing.map_or(m, |old| old.min(m)));
        }
        for (state, &p) in &other.finals {
            let best = self.finals.entry(state.clone()).or_insert(p + cost);
            *best = (*best).min(p + cost);
        }
    }
}

/// The last thread run, if it could go on: switching away from it costs a
/// preemption.
type Key = (State, Option<usize>);

struct Search<'p> {
    program: &'p Program,
    memo: HashMap<Key, Rc<Ahead>>,
    /// Off: every path walked on its own, to show the memo changes nothing.
    memoise: bool,
}

/// Whether thread `t` can take a step now.
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
        Phase::Reacquire => s.mutex[wait_mutex(p.threads[t - 1][w.pc])].is_none(),
        Phase::Ready => match p.threads[t - 1][w.pc] {
            Op::Lock(m) => s.mutex[m].is_none(),
            Op::Read(r) => s.writer[r].is_none(),
            Op::Write(r) => s.writer[r].is_none() && s.readers[r].is_empty(),
            _ => true,
        },
    }
}

fn wait_mutex(op: Op) -> usize {
    match op {
        Op::WaitFor { m, .. } | Op::Wait { m, .. } => m,
        _ => unreachable!("not a wait"),
    }
}

/// What a local operation did.
enum Local {
    Next,
    Skip(usize),
    Panic,
}

fn local(op: Op, regs: &mut [i64; REGS], vars: &mut [i64]) -> Local {
    match op {
        Op::Skip { cond, n } => {
            if cond.holds(regs) {
                Local::Next
            } else {
                Local::Skip(n)
            }
        }
        Op::Assert(cond) if !cond.holds(regs) => Local::Panic,
        Op::Assert(_) => Local::Next,
        Op::Panic => Local::Panic,
        Op::Peek { var, reg } => {
            regs[reg] = vars[var];
            Local::Next
        }
        Op::Poke { var, val } => {
            vars[var] = val.eval(regs);
            Local::Next
        }
        _ => unreachable!("not local: {op:?}"),
    }
}

/// Runs the local operations at a worker's `pc` and marks it done at the
/// end. A failed assert or a panic ends the thread.
fn settle(p: &Program, s: &mut State, t: usize) {
    let ops = &p.threads[t - 1];
    while s.workers[t].phase == Phase::Ready && s.workers[t].pc < ops.len() {
        let op = ops[s.workers[t].pc];
        if !op.is_local() {
            break;
        }
        if let Op::Notify { cv, all } = op {
            notify(s, t, cv, all);
            s.workers[t].pc += 1;
            continue;
        }
        let w = &mut s.workers[t];
        match local(op, &mut w.regs, &mut s.vars) {
            Local::Next => w.pc += 1,
            Local::Skip(n) => w.pc += 1 + n,
            Local::Panic => {
                s.panicked = true;
                w.pc = ops.len();
                // Unwinding drops the thread's guards.
                for m in 0..s.mutex.len() {
                    if s.mutex[m] == Some(t) {
                        s.mutex[m] = None;
                    }
                }
                for r in 0..s.writer.len() {
                    if s.writer[r] == Some(t) {
                        s.writer[r] = None;
                    }
                    s.readers[r].retain(|&u| u != t);
                }
            }
        }
    }
    let w = &mut s.workers[t];
    if w.pc >= ops.len() {
        // A finished thread's registers no longer matter: forgetting them
        // lets more interleavings meet in one state.
        *w = Worker {
            started: true,
            pc: ops.len(),
            regs: [0; REGS],
            phase: Phase::Ready,
            done: true,
        };
    }
}

fn notify(s: &mut State, t: usize, cv: usize, all: bool) {
    let woken: Vec<usize> = if all {
        std::mem::take(&mut s.queues[cv])
    } else if s.queues[cv].is_empty() {
        Vec::new()
    } else {
        vec![s.queues[cv].remove(0)]
    };
    for u in woken {
        // loom's unpark hands the waker's clock to the woken.
        if let Some(c) = s.clocks.as_mut() {
            let mine = c.threads[t].clone();
            join(&mut c.threads[u], &mine);
        }
        s.workers[u].phase = Phase::Reacquire;
    }
}

/// The threads `t` waits for, if its next step is a lock request.
fn waits_for(p: &Program, s: &State, t: usize) -> Vec<usize> {
    let w = &s.workers[t];
    if t == 0 || !w.started || w.done {
        return Vec::new();
    }
    let op = p.threads[t - 1][w.pc];
    match (w.phase, op) {
        (Phase::Reacquire, _) => s.mutex[wait_mutex(op)].into_iter().collect(),
        (Phase::Ready, Op::Lock(m)) => s.mutex[m].into_iter().collect(),
        (Phase::Ready, Op::Read(r)) => s.writer[r].into_iter().collect(),
        (Phase::Ready, Op::Write(r)) => s.writer[r]
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

/// One step of thread `t`; `false` if it was a data race.
fn step(p: &Program, s: &mut State, t: usize) -> bool {
    if let Some(c) = s.clocks.as_mut() {
        c.threads[t][t] += 1;
    }
    if t == 0 {
        let n = p.threads.len();
        if s.main_pc < n {
            let w = s.main_pc + 1;
            s.workers[w].started = true;
            if let Some(c) = s.clocks.as_mut() {
                let main = c.threads[0].clone();
                join(&mut c.threads[w], &main);
            }
            settle(p, s, w);
        } else if let Some(c) = s.clocks.as_mut() {
            let child = c.threads[s.main_pc - n + 1].clone();
            join(&mut c.threads[0], &child);
        }
        s.main_pc += 1;
        return true;
    }
    let op = p.threads[t - 1][s.workers[t].pc];
    let phase = s.workers[t].phase;
    let mut advance = true;
    let mut race = false;
    // Happens-before edges of this step.
    let acquire = |s: &mut State, which: fn(&mut Clocks) -> &mut Vec<Clock>, i: usize| {
        if let Some(c) = s.clocks.as_mut() {
            let from = which(c)[i].clone();
            join(&mut c.threads[t], &from);
        }
    };
    let release = |s: &mut State, which: fn(&mut Clocks) -> &mut Vec<Clock>, i: usize| {
        if let Some(c) = s.clocks.as_mut() {
            let mine = c.threads[t].clone();
            join(&mut which(c)[i], &mine);
        }
    };
    let atomic = |s: &mut State, var: usize| {
        acquire(s, |c| &mut c.atomics, var);
        release(s, |c| &mut c.atomics, var);
    };
    match (op, phase) {
        (Op::WaitFor { var, value, .. }, Phase::Ready) => {
            atomic(s, var);
            if s.vars[var] != value {
                s.workers[t].phase = Phase::Release;
                advance = false;
            }
        }
        (Op::WaitFor { cv, m, .. }, Phase::Release) | (Op::Wait { cv, m }, Phase::Ready) => {
            release(s, |c| &mut c.mutexes, m);
            s.mutex[m] = None;
            s.queues[cv].push(t);
            s.workers[t].phase = Phase::Waiting;
            advance = false;
        }
        (Op::WaitFor { m, .. } | Op::Wait { m, .. }, Phase::Reacquire) => {
            acquire(s, |c| &mut c.mutexes, m);
            s.mutex[m] = Some(t);
            s.workers[t].phase = Phase::Ready;
            // `WaitFor` checks its condition again; a plain `Wait` is over.
            advance = matches!(op, Op::Wait { .. });
        }
        (Op::Load { var, reg }, _) => {
            atomic(s, var);
            s.workers[t].regs[reg] = s.vars[var];
        }
        (Op::Store { var, val }, _) => {
            atomic(s, var);
            s.vars[var] = val.eval(&s.workers[t].regs);
        }
        (Op::Add { var, k }, _) => {
            atomic(s, var);
            s.vars[var] += k;
        }
        (Op::Get { var, reg }, _) => {
            if let Some(c) = s.clocks.as_mut() {
                race = !before(&c.writes[var], &c.threads[t]);
                let mine = c.threads[t].clone();
                join(&mut c.reads[var], &mine);
            }
            s.workers[t].regs[reg] = s.vars[var];
        }
        (Op::Set { var, val }, _) => {
            if let Some(c) = s.clocks.as_mut() {
                race =
                    !before(&c.writes[var], &c.threads[t]) || !before(&c.reads[var], &c.threads[t]);
                let mine = c.threads[t].clone();
                join(&mut c.writes[var], &mine);
            }
            s.vars[var] = val.eval(&s.workers[t].regs);
        }
        (Op::Lock(m), _) => {
            acquire(s, |c| &mut c.mutexes, m);
            s.mutex[m] = Some(t);
        }
        (Op::Unlock(m), _) => {
            release(s, |c| &mut c.mutexes, m);
            s.mutex[m] = None;
        }
        (Op::TryLock { m, reg }, _) => {
            let free = s.mutex[m].is_none();
            if free {
                acquire(s, |c| &mut c.mutexes, m);
                s.mutex[m] = Some(t);
            }
            s.workers[t].regs[reg] = i64::from(free);
        }
        (Op::Read(r), _) => {
            acquire(s, |c| &mut c.rwlocks, r);
            s.readers[r].push(t);
        }
        (Op::ReadUnlock(r), _) => {
            release(s, |c| &mut c.rwlocks, r);
            s.readers[r].retain(|&u| u != t);
        }
        (Op::Write(r), _) => {
            acquire(s, |c| &mut c.rwlocks, r);
            s.writer[r] = Some(t);
        }
        (Op::WriteUnlock(r), _) => {
            release(s, |c| &mut c.rwlocks, r);
            s.writer[r] = None;
        }
        (op, _) => unreachable!("not a step: {op:?} in {phase:?}"),
    }
    if race {
        return false;
    }
    if advance {
        s.workers[t].pc += 1;
    }
    settle(p, s, t);
    true
}

impl Search<'_> {
    fn ahead(&mut self, s: &State, last: Option<usize>) -> Rc<Ahead> {
        let key = (s.clone(), last);
        if let Some(known) = self.memo.get(&key).filter(|_| self.memoise) {
            return Rc::clone(known);
        }
        let p = self.program;
        let n = p.threads.len();
        let mut out = Ahead::default();
        let mut any = false;
        for t in 0..=n {
            if !enabled(p, s, t) {
                continue;
            }
            any = true;
            let cost = usize::from(last.is_some_and(|u| u != t));
            let mut next = s.clone();
            if !step(p, &mut next, t) || (t > 0 && in_cycle(p, &next, t)) {
                // A race, or the request that closes a cycle of lock
                // waits: the story ends here.
                out.add(&Ahead::failure(), cost);
                continue;
            }
            let could_go_on = enabled(p, &next, t);
            let then = self.ahead(&next, could_go_on.then_some(t));
            out.add(&then, cost);
        }
        if !any {
            out.paths = 1;
            // Stuck short of the end: a thread waits for a notification
            // nobody is left to send (the facade ends it as a failure).
            let all_done = s.main_pc == 2 * n;
            if !all_done || s.panicked || !p.expect.allows(&s.vars) {
                out.min_failing = Some(0);
            }
            if all_done && !s.panicked {
                out.finals.insert(s.vars.clone(), 0);
            }
        }
        let out = Rc::new(out);
        self.memo.insert(key, Rc::clone(&out));
        out
    }
}

/// Every interleaving of `program`.
pub fn explore(program: &Program) -> Verdict {
    explore_with(program, true)
}

/// As [`explore`], walking every path on its own (slow: for the test that
/// the memo changes nothing).
pub fn explore_plain(program: &Program) -> Verdict {
    explore_with(program, false)
}

fn explore_with(program: &Program, memoise: bool) -> Verdict {
    let n = program.threads.len();
    let kinds = program.kinds();
    let clock = || vec![0u32; n + 1];
    let clocks = kinds.contains(&Kind::Cell).then(|| Clocks {
        threads: vec![clock(); n + 1],
        mutexes: vec![clock(); program.mutexes],
        rwlocks: vec![clock(); program.rwlocks],
        atomics: vec![clock(); program.vars.len()],
        reads: vec![clock(); program.vars.len()],
        writes: vec![clock(); program.vars.len()],
    });
    let mut start = State {
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
        clocks,
    };
    // Main's prologue, before any thread exists.
    let mut regs = [0; REGS];
    let mut pc = 0;
    while pc < program.main.len() {
        match local(program.main[pc], &mut regs, &mut start.vars) {
            Local::Next => pc += 1,
            Local::Skip(k) => pc += 1 + k,
            Local::Panic => {
                start.panicked = true;
                start.main_pc = 2 * n;
                break;
            }
        }
    }
    let mut search = Search {
        program,
        memo: HashMap::new(),
        memoise,
    };
    let ahead = search.ahead(&start, None);
    Verdict {
        interleavings: ahead.paths,
        finals: ahead.finals.clone(),
        min_failing: ahead.min_failing,
        states: search.memo.len(),
    }
}
