//! The task oracle: every schedule of a small program of tasks on one
//! thread, enumerated by brute force, with no code shared with the checker's
//! task explorer (checker/src/tasks/). Its rules are those of the kit's
//! `rt` as documented: tasks run only between awaits; the scheduler may
//! poll any ready task next; a sleep wakes its task once virtual time has
//! reached its deadline, and time jumps to the earliest deadline only when
//! nothing is ready; a finished task wakes the one awaiting it.
//!
//! Task 0 is main: its first poll spawns the workers 1..=n, then it awaits
//! them in order. A switch, as the explorer counts one, is a change of task
//! between two consecutive polls of the workers (main's own polls are not
//! shown to the student and do not count).

// Shared by several test crates, each using a part of it.
#![allow(dead_code)]

use super::program::{Cond, Expect, Val, REGS};

#[derive(Clone, Copy, Debug)]
pub enum TaskOp {
    /// `Shared::get` (no await: no switch).
    Read { var: usize, reg: usize },
    /// `Shared::set`.
    Write { var: usize, val: Val },
    /// `rt::sleep(ms).await`.
    Sleep(u64),
    /// `rt::fetch(key).await`: the kit counts the call in `count`, then
    /// the request takes 10 ms.
    Fetch { count: usize },
    /// A blocking call inside a poll (`std::thread::sleep`): the poll holds
    /// the thread, which ends the execution as a failure.
    Hold,
    /// Unless `cond` holds, skip the next `n` operations.
    Skip { cond: Cond, n: usize },
}

#[derive(Clone, Debug)]
pub struct TaskProgram {
    pub name: String,
    pub vars: Vec<i64>,
    pub tasks: Vec<Vec<TaskOp>>,
    pub expect: Expect,
}

/// The time `rt::fetch` takes.
const FETCH_MS: u64 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    /// Not spawned yet.
    Unborn,
    Ready,
    /// Asleep until this virtual time.
    Asleep(u64),
    /// Main only: awaiting this worker.
    Joining(usize),
    Done,
}

#[derive(Clone, Debug)]
struct State {
    now: u64,
    vars: Vec<i64>,
    /// Index 0 is main; `pc` counts main's awaits.
    status: Vec<Status>,
    pc: Vec<usize>,
    regs: Vec<[i64; REGS]>,
    /// Main has spawned the workers.
    spawned: bool,
}

/// Everything the enumeration found.
#[derive(Debug, Default)]
pub struct TaskVerdict {
    pub schedules: u64,
    /// The fewest switches of a failing schedule.
    pub min_failing: Option<usize>,
}

struct Enumeration<'p> {
    program: &'p TaskProgram,
    verdict: TaskVerdict,
}

/// How a poll ended.
enum Polled {
    Pending,
    Finished,
    Held,
}

fn poll_main(s: &mut State, n: usize) {
    if !s.spawned {
        s.spawned = true;
        for w in 1..=n {
            s.status[w] = Status::Ready;
        }
    }
    while s.pc[0] < n {
        let w = s.pc[0] + 1;
        if s.status[w] != Status::Done {
            s.status[0] = Status::Joining(w);
            return;
        }
        s.pc[0] += 1;
    }
    s.status[0] = Status::Done;
}

fn poll_worker(p: &TaskProgram, s: &mut State, t: usize) -> Polled {
    let ops = &p.tasks[t - 1];
    while s.pc[t] < ops.len() {
        let regs = &mut s.regs[t];
        match ops[s.pc[t]] {
            TaskOp::Read { var, reg } => regs[reg] = s.vars[var],
            TaskOp::Write { var, val } => s.vars[var] = val.eval(regs),
            TaskOp::Skip { cond, n } => {
                if !cond.holds(regs) {
                    s.pc[t] += n;
                }
            }
            TaskOp::Hold => return Polled::Held,
            op @ (TaskOp::Sleep(_) | TaskOp::Fetch { .. }) => {
                let ms = match op {
                    TaskOp::Fetch { count } => {
                        s.vars[count] += 1;
                        FETCH_MS
                    }
                    TaskOp::Sleep(ms) => ms,
                    _ => unreachable!(),
                };
                s.pc[t] += 1;
                if ms > 0 {
                    s.status[t] = Status::Asleep(s.now + ms);
                    return Polled::Pending;
                }
                continue;
            }
        }
        s.pc[t] += 1;
    }
    s.status[t] = Status::Done;
    if s.status[0] == Status::Joining(t) {
        s.status[0] = Status::Ready;
    }
    Polled::Finished
}

impl Enumeration<'_> {
    fn end(&mut self, switches: usize, failed: bool) {
        self.verdict.schedules += 1;
        if failed {
            let min = self.verdict.min_failing.get_or_insert(switches);
            *min = (*min).min(switches);
        }
    }

    fn run(&mut self, s: &State, last: Option<usize>, switches: usize) {
        let p = self.program;
        let n = p.tasks.len();
        let ready: Vec<usize> = (0..=n).filter(|&t| s.status[t] == Status::Ready).collect();
        if ready.is_empty() {
            if s.status[0] == Status::Done {
                return self.end(switches, !p.expect.allows(&s.vars));
            }
            let next = s
                .status
                .iter()
                .filter_map(|st| match st {
                    Status::Asleep(at) => Some(*at),
                    _ => None,
                })
                .min();
            let Some(at) = next else {
                // Every task waits and nothing will wake them.
                return self.end(switches, true);
            };
            let mut later = s.clone();
            later.now = at;
            for st in &mut later.status {
                if matches!(*st, Status::Asleep(d) if d <= at) {
                    *st = Status::Ready;
                }
            }
            return self.run(&later, last, switches);
        }
        for t in ready {
            let mut next = s.clone();
            if t == 0 {
                poll_main(&mut next, n);
                self.run(&next, last, switches);
                continue;
            }
            let switches = switches + usize::from(last.is_some_and(|u| u != t));
            match poll_worker(p, &mut next, t) {
                Polled::Held => self.end(switches, true),
                Polled::Pending | Polled::Finished => self.run(&next, Some(t), switches),
            }
        }
    }
}

/// Every schedule of `program`.
pub fn explore(program: &TaskProgram) -> TaskVerdict {
    let n = program.tasks.len();
    let mut status = vec![Status::Unborn; n + 1];
    status[0] = Status::Ready;
    let start = State {
        now: 0,
        vars: program.vars.clone(),
        status,
        pc: vec![0; n + 1],
        regs: vec![[0; REGS]; n + 1],
        spawned: false,
    };
    let mut e = Enumeration {
        program,
        verdict: TaskVerdict::default(),
    };
    e.run(&start, None, 0);
    e.verdict
}
