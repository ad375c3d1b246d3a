//! Records what the model's threads do, in the student's terms, for the one
//! execution loom is running now. The instrumented facade (`crate::sync`)
//! reports every access here; the explorer takes the finished record.
//!
//! loom runs all model threads as coroutines on one OS thread, so a plain
//! thread-local holds the state of the current execution.

use std::cell::RefCell;
use std::collections::HashMap;
use std::panic::Location;

use crate::text::Text;

pub type ThreadIdx = usize;
pub type ObjId = usize;

/// The main model thread (the scenario's own code) is always thread 0.
pub const MAIN: ThreadIdx = 0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockKind {
    Mutex,
    Read,
    Write,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjKind {
    Atomic,
    Mutex,
    RwLock,
    Condvar,
    Cell,
    /// A task-shared value (`crate::rt::Shared`).
    Shared,
}

#[derive(Clone, Debug)]
pub enum Action {
    Read {
        obj: ObjId,
        value: String,
    },
    Write {
        obj: ObjId,
        value: String,
    },
    /// A read-modify-write in one indivisible step (`fetch_add`, `swap`, a
    /// successful `compare_exchange`).
    Update {
        obj: ObjId,
        op: &'static str,
        old: String,
        new: String,
    },
    /// A `compare_exchange` that found another value.
    CasFailed {
        obj: ObjId,
        expected: String,
        actual: String,
    },
    Lock {
        obj: ObjId,
        kind: LockKind,
        /// Where the exercise code took the lock.
        site: Option<&'static Location<'static>>,
        /// Taken by `try_lock`, which never waits.
        tried: bool,
    },
    /// The lock is held by someone else: the thread cannot go on.
    Blocked {
        obj: ObjId,
        kind: LockKind,
        holders: Vec<ThreadIdx>,
        /// Where the exercise code asked for the lock.
        site: Option<&'static Location<'static>>,
    },
    Unlock {
        obj: ObjId,
        kind: LockKind,
        /// What the holder did with the data behind the lock, when the
        /// trace can show it (`None`: the guard never reached the data, or
        /// its type is not one the trace prints).
        data: Option<Guarded>,
    },
    /// `try_lock` found the mutex held and returned `None`.
    TryLockFailed {
        obj: ObjId,
        holders: Vec<ThreadIdx>,
        site: Option<&'static Location<'static>>,
    },
    CondWait {
        obj: ObjId,
    },
    CondWoken {
        obj: ObjId,
    },
    Notify {
        obj: ObjId,
        all: bool,
    },
    CellRead {
        obj: ObjId,
        value: String,
    },
    CellWrite {
        obj: ObjId,
        value: String,
    },
    /// The access to a RaceCell that nothing orders with another thread's.
    Race {
        obj: ObjId,
        write: bool,
    },
    Spawn {
        child: ThreadIdx,
    },
    /// `join` on a thread that has not finished: the caller waits.
    JoinWait {
        target: ThreadIdx,
    },
    Joined {
        target: ThreadIdx,
    },
    Yield,
    /// A scenario's annotation: an operation's result in the student's terms.
    Note(Text),
    /// Work the kit itself saw a thread do (a part of `cpu_bound`'s primes
    /// counted): not shared data, but it makes the thread a worker whose
    /// result the scenario judges.
    Work(Text),
    Panicked(String),
    Finished,
}

impl Action {
    /// After this action the thread cannot run until another thread acts (or
    /// ever): a switch away from it is not a preemption.
    pub fn disables_thread(&self) -> bool {
        matches!(
            self,
            Action::Blocked { .. }
                | Action::CondWait { .. }
                | Action::JoinWait { .. }
                | Action::Yield
                | Action::Panicked(_)
                | Action::Finished
        )
    }

    /// An access to data other threads can see.
    pub fn is_shared_access(&self) -> bool {
        !matches!(
            self,
            Action::Spawn { .. }
                | Action::JoinWait { .. }
                | Action::Joined { .. }
                | Action::Yield
                | Action::Note(_)
                | Action::Work(_)
                | Action::Panicked(_)
                | Action::Finished
        )
    }

    /// Setup that a student does not need to see (the scenario's spawns and
    /// joins).
    pub fn is_bookkeeping(&self) -> bool {
        matches!(
            self,
            Action::Spawn { .. } | Action::JoinWait { .. } | Action::Joined { .. }
        )
    }
}

/// The data behind a lock as one critical section used it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guarded {
    /// The data when the section first reached it.
    pub before: String,
    /// The section read the data (through `Deref`).
    pub read: bool,
    /// The section reached the data for changing it (`DerefMut`): it acts
    /// on the data, whether or not the value changed.
    pub mutated: bool,
    /// The data at the unlock, when it differs from `before`.
    pub after: Option<String>,
}

/// Which version of an object's data an event read and which one it made.
/// The n-th change of an object makes its version n (0: as created); the
/// recorder numbers them as the execution runs, so a read's version names
/// exactly the write it saw, however the steps are later reordered (a
/// reordering keeps every pair of accesses to one object in order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataAccess {
    pub obj: ObjId,
    /// The version read (the value the thread's next steps may rely on).
    pub read: Option<u32>,
    /// The version this event made by changing the data.
    pub made: Option<u32>,
    /// The event acts on the data (a write, or a section that reached it
    /// for changing), so it matters whether what the thread read before is
    /// still true.
    pub acts: bool,
}

#[derive(Clone, Debug)]
pub struct Event {
    pub thread: ThreadIdx,
    pub action: Action,
    /// Set for the accesses to shared data (see [`DataAccess`]).
    pub data: Option<DataAccess>,
}

impl Event {
    pub fn new(thread: ThreadIdx, action: Action) -> Event {
        Event {
            thread,
            action,
            data: None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Object {
    pub kind: ObjKind,
    pub site: &'static Location<'static>,
    /// Index among the objects created at the same source location.
    pub ordinal: usize,
}

impl Object {
    pub fn same_site(&self, site: &Location<'_>) -> bool {
        self.site.file() == site.file()
            && self.site.line() == site.line()
            && self.site.column() == site.column()
    }

    /// Adds an object created at `site` to an execution's objects.
    pub fn add(
        objects: &mut Vec<Object>,
        kind: ObjKind,
        site: &'static Location<'static>,
    ) -> ObjId {
        let ordinal = objects.iter().filter(|o| o.same_site(site)).count();
        objects.push(Object {
            kind,
            site,
            ordinal,
        });
        objects.len() - 1
    }
}

#[derive(Clone, Debug, Default)]
pub struct ThreadInfo {
    pub finished: bool,
}

#[derive(Clone, Debug)]
pub enum Wait {
    Lock(ObjId, LockKind),
    Join(ThreadIdx),
}

/// One thread of a deadlock: what it holds and what it waits for.
#[derive(Clone, Debug)]
pub struct DeadlockLink {
    pub thread: ThreadIdx,
    pub holds: Vec<ObjId>,
    pub waits: Wait,
}

#[derive(Clone, Debug)]
pub struct DataRace {
    pub obj: ObjId,
    pub thread: ThreadIdx,
    pub write: bool,
    /// The other thread whose access is not ordered with this one.
    pub other: Option<(ThreadIdx, bool)>,
}

/// A panic the checker raises on purpose to end a thread that can never go
/// on (a deadlock it detected, a data race); not a panic of student code.
pub struct AbortThread;

/// Everything one execution did.
#[derive(Clone, Debug, Default)]
pub struct ExecRecord {
    pub events: Vec<Event>,
    pub objects: Vec<Object>,
    pub threads: Vec<ThreadInfo>,
    pub panics: Vec<(ThreadIdx, String)>,
    pub deadlock: Option<Vec<DeadlockLink>>,
    pub data_race: Option<DataRace>,
    /// Threads left asleep on a condvar with nobody to wake them (a lost
    /// wakeup): every other thread had finished or waited for one of them.
    pub stuck: Vec<ThreadIdx>,
    /// A failure of the model itself (loom's own panic), with its message.
    pub fatal: Option<String>,
    /// A limit of the model that the scenario went past (the thread limit):
    /// the exercise's model is too big, whatever the student wrote.
    pub limit: Option<String>,
}

#[derive(Default)]
struct ExecState {
    record: ExecRecord,
    loom_ids: HashMap<loom::thread::ThreadId, ThreadIdx>,
    held: HashMap<ObjId, Vec<(ThreadIdx, LockKind)>>,
    waiting: HashMap<ThreadIdx, Wait>,
    /// Where each waiting thread asked for its lock.
    requested_at: HashMap<ThreadIdx, &'static Location<'static>>,
    /// Last accesses to each RaceCell: (thread, was a write).
    cell_accesses: HashMap<ObjId, Vec<(ThreadIdx, bool)>>,
    /// Set once the execution has a deadlock or a data race: what threads do
    /// while unwinding is not part of the story.
    frozen: bool,
    /// The current version of each object's data (see [`DataAccess`]).
    versions: HashMap<ObjId, u32>,
}

impl ExecState {
    /// Numbers the data versions `action` reads and makes.
    fn access(&mut self, action: &Action) -> Option<DataAccess> {
        let (obj, read, change, acts) = match action {
            Action::Read { obj, .. } | Action::CellRead { obj, .. } => (*obj, true, false, false),
            Action::CasFailed { obj, .. } => (*obj, true, false, false),
            Action::Write { obj, .. } | Action::CellWrite { obj, .. } => (*obj, false, true, true),
            Action::Update { obj, .. } => (*obj, true, true, true),
            Action::Unlock {
                obj,
                data: Some(data),
                ..
            } => (*obj, data.read, data.after.is_some(), data.mutated),
            _ => return None,
        };
        let version = self.versions.entry(obj).or_insert(0);
        let seen = *version;
        if change {
            *version += 1;
        }
        Some(DataAccess {
            obj,
            read: read.then_some(seen),
            made: change.then_some(*version),
            acts,
        })
    }
}

thread_local! {
    static EXEC: RefCell<Option<ExecState>> = const { RefCell::new(None) };
    static LAST_PANIC_SITE: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn with<R>(f: impl FnOnce(&mut ExecState) -> R) -> Option<R> {
    EXEC.with(|exec| exec.borrow_mut().as_mut().map(f))
}

/// Starts recording a new execution; called on the main model thread.
pub fn begin() {
    let mut state = ExecState::default();
    state.record.threads.push(ThreadInfo::default());
    state.loom_ids.insert(loom::thread::current().id(), MAIN);
    EXEC.with(|exec| *exec.borrow_mut() = Some(state));
}

/// Ends the execution and hands over its record.
pub fn finish() -> ExecRecord {
    EXEC.with(|exec| exec.borrow_mut().take())
        .map(|state| state.record)
        .unwrap_or_default()
}

pub fn current() -> ThreadIdx {
    let id = loom::thread::current().id();
    with(|s| s.loom_ids.get(&id).copied().unwrap_or(MAIN)).unwrap_or(MAIN)
}

pub fn record(action: Action) {
    let thread = current();
    with(|s| {
        if !s.frozen {
            let data = s.access(&action);
            s.record.events.push(Event {
                thread,
                action,
                data,
            });
        }
    });
}

/// Whether an execution is being recorded (the facade skips the work of
/// describing data nobody will read).
pub fn recording() -> bool {
    with(|s| !s.frozen).unwrap_or(false)
}

pub fn new_object(kind: ObjKind, site: &'static Location<'static>) -> ObjId {
    let obj = with(|s| Object::add(&mut s.record.objects, kind, site)).unwrap_or(usize::MAX);
    audit_created(obj);
    obj
}

/// Model threads loom runs at once, the scenario's own included.
pub const MAX_THREADS: usize = 5;

/// Registers a thread about to be spawned by the current one, or, past
/// [`MAX_THREADS`], records the limit and ends the spawning thread: loom
/// would only fail an assertion, which would read as the student's bug.
pub fn new_thread() -> ThreadIdx {
    let parent = current();
    let over = with(|s| {
        let over = s.record.threads.len() >= MAX_THREADS;
        if over && s.record.limit.is_none() {
            s.record.limit = Some(format!("threads: {MAX_THREADS}"));
            s.frozen = true;
        }
        over
    });
    if over == Some(true) {
        std::panic::panic_any(AbortThread);
    }
    with(|s| {
        let child = s.record.threads.len();
        s.record.threads.push(ThreadInfo::default());
        if !s.frozen {
            s.record
                .events
                .push(Event::new(parent, Action::Spawn { child }));
        }
        child
    })
    .unwrap_or(usize::MAX)
}

/// Called first thing on a spawned model thread.
pub fn enter_thread(idx: ThreadIdx) {
    let id = loom::thread::current().id();
    with(|s| {
        s.loom_ids.insert(id, idx);
    });
}

pub fn is_finished(idx: ThreadIdx) -> bool {
    with(|s| s.record.threads.get(idx).is_some_and(|t| t.finished)).unwrap_or(true)
}

/// The scenario's own thread panicked in exercise code it called.
pub fn main_panicked(message: String) {
    with(|s| s.record.panics.push((MAIN, message.clone())));
    record(Action::Panicked(message));
}

pub fn thread_finished(idx: ThreadIdx, panic: Option<String>) {
    if let Some(message) = &panic {
        with(|s| s.record.panics.push((idx, message.clone())));
        record(Action::Panicked(message.clone()));
    } else {
        record(Action::Finished);
    }
    with(|s| {
        if let Some(info) = s.record.threads.get_mut(idx) {
            info.finished = true;
        }
        s.waiting.remove(&idx);
    });
}

pub fn join_wait(target: ThreadIdx) {
    let me = current();
    with(|s| {
        s.waiting.insert(me, Wait::Join(target));
    });
    record(Action::JoinWait { target });
}

pub fn joined(target: ThreadIdx) {
    let me = current();
    with(|s| {
        s.waiting.remove(&me);
    });
    record(Action::Joined { target });
}

pub fn locked(obj: ObjId, kind: LockKind, site: Option<&'static Location<'static>>) {
    let me = current();
    with(|s| {
        s.waiting.remove(&me);
        s.held.entry(obj).or_default().push((me, kind));
    });
    record(Action::Lock {
        obj,
        kind,
        site,
        tried: false,
    });
}

/// A `try_lock` took the mutex (the thread never waited for it).
pub fn try_locked(obj: ObjId, site: &'static Location<'static>) {
    let me = current();
    with(|s| {
        s.held.entry(obj).or_default().push((me, LockKind::Mutex));
    });
    record(Action::Lock {
        obj,
        kind: LockKind::Mutex,
        site: Some(site),
        tried: true,
    });
}

pub fn unlocked(obj: ObjId, kind: LockKind, data: Option<Guarded>) {
    let me = current();
    record(Action::Unlock { obj, kind, data });
    with(|s| {
        if let Some(holders) = s.held.get_mut(&obj) {
            if let Some(pos) = holders.iter().position(|&(t, _)| t == me) {
                holders.remove(pos);
            }
        }
    });
    audit_unlocked(obj);
}

/// The current thread asks for `obj`. From here until [`locked`] it waits
/// for the lock's holders: loom parks a thread whose pending acquisition
/// another thread's lock overtakes, so a pending request is a wait even when
/// the lock was free when asked for. When the request closes a cycle of
/// threads waiting for each other, that is a deadlock: it is recorded, and
/// this thread is ended with [`AbortThread`] (its guards are released while
/// it unwinds, so the model itself can finish).
///
/// A request that closes a cycle first runs `seen`, so that
/// loom sees the request touch the lock (a request that never reaches
/// loom's own lock is no access to loom, which would then try no order in
/// which this thread takes the lock first).
pub fn request_then(
    obj: ObjId,
    kind: LockKind,
    site: &'static Location<'static>,
    seen: impl FnOnce(),
) {
    let me = current();
    let deadlock = with(|s| {
        s.waiting.insert(me, Wait::Lock(obj, kind));
        s.requested_at.insert(me, site);
        let holders = conflicting_holders(s, obj, kind);
        if !holders.is_empty() && !s.frozen {
            s.record.events.push(Event::new(
                me,
                Action::Blocked {
                    obj,
                    kind,
                    holders,
                    site: Some(site),
                },
            ));
        }
        let cycle = find_cycle(s, me)?;
        if s.frozen {
            return Some(());
        }
        // The other threads of the cycle may have been parked by loom with
        // no visible wait yet: show where each of them waits.
        for link in &cycle {
            if link.thread == me {
                continue;
            }
            if let Wait::Lock(obj, kind) = link.waits {
                let shown = s.record.events.iter().rev().find(|e| e.thread == link.thread);
                let already = matches!(shown, Some(Event { action: Action::Blocked { obj: o, .. }, .. }) if *o == obj);
                if !already {
                    let holders = conflicting_holders(s, obj, kind);
                    let site = s.requested_at.get(&link.thread).copied();
                    s.record.events.push(Event::new(
                        link.thread,
                        Action::Blocked {
                            obj,
                            kind,
                            holders,
                            site,
                        },
                    ));
                }
            }
        }
        s.record.deadlock = Some(cycle);
        s.frozen = true;
        Some(())
    })
    .flatten();
    if deadlock.is_some() {
        seen();
        std::panic::panic_any(AbortThread);
    }
}

/// A `try_lock` of `obj` found it held: the thread goes on without it.
pub fn try_lock_failed(obj: ObjId, site: &'static Location<'static>) {
    let holders = with(|s| conflicting_holders(s, obj, LockKind::Mutex)).unwrap_or_default();
    record(Action::TryLockFailed {
        obj,
        holders,
        site: Some(site),
    });
}

/// Threads holding `obj` in a way that stops a `kind` request (a thread that
/// holds it itself counts: relocking a mutex waits forever).
fn conflicting_holders(s: &ExecState, obj: ObjId, kind: LockKind) -> Vec<ThreadIdx> {
    s.held
        .get(&obj)
        .map(|holders| {
            holders
                .iter()
                .filter(|&&(_, held)| kind != LockKind::Read || held == LockKind::Write)
                .map(|&(t, _)| t)
                .collect()
        })
        .unwrap_or_default()
}

/// Threads whose progress `thread` waits for.
fn waits_on(s: &ExecState, thread: ThreadIdx) -> Vec<ThreadIdx> {
    match s.waiting.get(&thread) {
        Some(Wait::Lock(obj, kind)) => conflicting_holders(s, *obj, *kind),
        Some(Wait::Join(target)) => {
            if s.record.threads.get(*target).is_some_and(|t| t.finished) {
                Vec::new()
            } else {
                vec![*target]
            }
        }
        None => Vec::new(),
    }
}

/// Whether nobody is left to wake `asleep`, the threads parked on a condvar
/// with no notification pending (the caller among them): every other thread
/// has finished, or waits — for a lock, a join — on a thread that cannot go
/// on. Then the sleepers wait forever (a lost wakeup): that is recorded, and
/// the caller ends each of them with [`AbortThread`], so that the model
/// finishes with this outcome instead of loom's deadlock abort.
pub fn nobody_left_to_wake(asleep: &[ThreadIdx]) -> bool {
    with(|s| {
        let mut stuck: std::collections::BTreeSet<ThreadIdx> = asleep.iter().copied().collect();
        let threads = s.record.threads.len();
        loop {
            let mut grew = false;
            for t in 0..threads {
                if stuck.contains(&t) || s.record.threads[t].finished {
                    continue;
                }
                let on = waits_on(s, t);
                if !on.is_empty() && on.iter().all(|o| stuck.contains(o)) {
                    stuck.insert(t);
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        let nobody = (0..threads).all(|t| s.record.threads[t].finished || stuck.contains(&t));
        if nobody && !s.frozen {
            let mut sleepers = asleep.to_vec();
            sleepers.sort_unstable();
            s.record.stuck = sleepers;
            s.frozen = true;
        }
        nobody
    })
    .unwrap_or(false)
}

/// A path of waits from `start` back to `start`, if there is one.
fn find_cycle(s: &ExecState, start: ThreadIdx) -> Option<Vec<DeadlockLink>> {
    fn dfs(s: &ExecState, start: ThreadIdx, at: ThreadIdx, path: &mut Vec<ThreadIdx>) -> bool {
        for next in waits_on(s, at) {
            if next == start {
                return true;
            }
            if path.contains(&next) {
                continue;
            }
            path.push(next);
            if dfs(s, start, next, path) {
                return true;
            }
            path.pop();
        }
        false
    }
    let mut path = vec![start];
    if !dfs(s, start, start, &mut path) {
        return None;
    }
    path.sort_unstable();
    Some(
        path.into_iter()
            .map(|thread| DeadlockLink {
                thread,
                holds: s
                    .held
                    .iter()
                    .filter(|(_, h)| h.iter().any(|&(t, _)| t == thread))
                    .map(|(&obj, _)| obj)
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                waits: s.waiting.get(&thread).cloned().expect("a waiting thread"),
            })
            .collect(),
    )
}

/// Notes an access to a RaceCell (for the data-race report).
pub fn cell_access(obj: ObjId, write: bool) {
    let me = current();
    with(|s| s.cell_accesses.entry(obj).or_default().push((me, write)));
}

/// loom found two accesses to `obj` that nothing orders: a data race.
pub fn data_race(obj: ObjId, write: bool) -> ! {
    let me = current();
    with(|s| {
        let other = s.cell_accesses.get(&obj).and_then(|list| {
            list.iter()
                .rev()
                .find(|&&(t, w)| t != me && (w || write))
                .copied()
        });
        if !s.frozen {
            s.record
                .events
                .push(Event::new(me, Action::Race { obj, write }));
            s.record.data_race = Some(DataRace {
                obj,
                thread: me,
                write,
                other,
            });
            s.frozen = true;
        }
    });
    std::panic::panic_any(AbortThread)
}

/// loom itself gave up on this execution (branch limit, its own deadlock
/// detection): remember why, for the crash record.
pub fn fatal(message: String) {
    with(|s| {
        if s.record.fatal.is_none() {
            s.record.fatal = Some(message);
        }
    });
}

/// A copy of what the running execution has recorded so far (for the crash
/// record printed when loom aborts the whole model).
pub fn snapshot() -> Option<ExecRecord> {
    EXEC.with(|exec| {
        exec.try_borrow()
            .ok()
            .and_then(|e| e.as_ref().map(|s| s.record.clone()))
    })
}

pub fn set_last_panic_site(site: Option<String>) {
    LAST_PANIC_SITE.with(|p| *p.borrow_mut() = site);
}

pub fn take_last_panic_site() -> Option<String> {
    LAST_PANIC_SITE.with(|p| p.borrow_mut().take())
}

/// The bank's audit: the kit's own view of the money in the exercise's
/// locks, never the exercise's word for it. A new `i64` (or `Vec<i64>`)
/// lock tells its value here; while a guard of one is out, the facade
/// leaves a reader of the data it guards, and at the unlock the reader
/// gives the value the critical section left. Whenever no lock is held by
/// anyone, the money in all of them must be what it was when they were made,
/// and no account may be below zero (a transfer that overdraws is as wrong
/// as one that loses money).
struct Audit {
    /// The value of the lock being made, until `new_object` names it.
    made: Option<Vec<i64>>,
    readers: HashMap<ObjId, Box<dyn Fn() -> Vec<i64>>>,
    first: std::collections::BTreeMap<ObjId, Vec<i64>>,
    now: std::collections::BTreeMap<ObjId, Vec<i64>>,
    breach: Option<AuditBreach>,
}

/// The first moment with every lock free and the money changed or an
/// account below zero.
#[derive(Clone, Debug)]
pub struct AuditBreach {
    pub thread: ThreadIdx,
    pub total: i64,
    pub want: i64,
    pub balances: Vec<i64>,
}

impl AuditBreach {
    pub fn overdrawn(&self) -> bool {
        self.balances.iter().any(|&b| b < 0)
    }

    /// The note the trace shows at the moment of the breach.
    pub fn describe(&self) -> Text {
        if self.overdrawn() {
            Text::new(
                format!(
                    "проверка: замки свободны, а счёт ушёл в минус (счета {:?})",
                    self.balances
                ),
                format!(
                    "audit: every lock free, yet an account is below zero (accounts {:?})",
                    self.balances
                ),
            )
        } else {
            Text::new(
                format!(
                    "проверка: замки свободны, а денег {} вместо {} (счета {:?})",
                    self.total, self.want, self.balances
                ),
                format!(
                    "audit: every lock free, yet the money is {}, not {} (accounts {:?})",
                    self.total, self.want, self.balances
                ),
            )
        }
    }
}

/// What the audit saw in one execution.
#[derive(Clone, Debug)]
pub struct AuditResult {
    pub breach: Option<AuditBreach>,
    /// The last value of every lock seen, in the order the locks were made.
    pub balances: Vec<i64>,
}

thread_local! {
    static AUDIT: RefCell<Option<Audit>> = const { RefCell::new(None) };
}

/// Starts the audit for this execution (the scenario's first step).
pub fn audit_start() {
    AUDIT.with(|a| {
        *a.borrow_mut() = Some(Audit {
            made: None,
            readers: HashMap::new(),
            first: Default::default(),
            now: Default::default(),
            breach: None,
        })
    });
}

pub fn auditing() -> bool {
    AUDIT.with(|a| a.borrow().is_some())
}

/// A lock holding `money` is being made (its object comes next).
pub fn money_made(money: Vec<i64>) {
    AUDIT.with(|a| {
        if let Some(audit) = a.borrow_mut().as_mut() {
            audit.made = Some(money);
        }
    });
}

fn audit_created(obj: ObjId) {
    AUDIT.with(|a| {
        if let Some(audit) = a.borrow_mut().as_mut() {
            if let Some(money) = audit.made.take() {
                audit.first.insert(obj, money.clone());
                audit.now.insert(obj, money);
            }
        }
    });
}

/// A guard of `obj` is out; `reader` reads the data it guards.
pub fn money_guarded(obj: ObjId, reader: Box<dyn Fn() -> Vec<i64>>) {
    AUDIT.with(|a| {
        if let Some(audit) = a.borrow_mut().as_mut() {
            if audit.first.contains_key(&obj) {
                audit.readers.insert(obj, reader);
            }
        }
    });
}

fn audit_unlocked(obj: ObjId) {
    let quiet = with(|s| !s.frozen && s.held.values().all(Vec::is_empty)).unwrap_or(false);
    let thread = current();
    let breach = AUDIT.with(|a| {
        let mut a = a.borrow_mut();
        let audit = a.as_mut()?;
        if let Some(reader) = audit.readers.remove(&obj) {
            audit.now.insert(obj, reader());
        }
        if !quiet || audit.breach.is_some() {
            return None;
        }
        let sum =
            |m: &std::collections::BTreeMap<ObjId, Vec<i64>>| -> i64 { m.values().flatten().sum() };
        let want = sum(&audit.first);
        let total = sum(&audit.now);
        let overdrawn = audit.now.values().flatten().any(|&b| b < 0);
        if total == want && !overdrawn {
            return None;
        }
        let breach = AuditBreach {
            thread,
            total,
            want,
            balances: audit.now.values().flatten().copied().collect(),
        };
        audit.breach = Some(breach.clone());
        Some(breach)
    });
    if let Some(breach) = breach {
        record(Action::Note(breach.describe()));
    }
}

/// Ends the audit and gives what it saw.
pub fn audit_finish() -> Option<AuditResult> {
    AUDIT
        .with(|a| a.borrow_mut().take())
        .map(|audit| AuditResult {
            breach: audit.breach,
            balances: audit.now.into_values().flatten().collect(),
        })
}
