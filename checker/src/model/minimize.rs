//! The fewest preemptions among the executions equivalent to a recorded one.
//!
//! Two executions that order every pair of dependent steps (two accesses to
//! one object, one of them a change; a spawn and the child; a thread's end
//! and its join) the same way end in the same state. loom explores at least
//! one execution of every such class, but not necessarily the one with the
//! fewest preemptions; this module finds that one by a shortest-path search
//! over the orders of the recorded steps. With the whole model explored
//! this gives the exact minimum — checked against a brute-force oracle in
//! checker/tests/checker/oracle.rs.
//!
//! A step is what a thread does from one scheduling point to the next: an
//! event with the ones recorded right after it with no scheduling point
//! between (a note, a lock request that found the lock held, a thread's
//! end, a condvar wait after its release, a RwLock release).

use std::collections::{HashMap, VecDeque};

use super::recorder::{Action, Event, ExecRecord, LockKind, ObjId, ThreadIdx};

/// Recorded right after the event before it, with no scheduling point
/// between.
fn glued(action: &Action) -> bool {
    match action {
        Action::Note(_)
        | Action::Work(_)
        | Action::Blocked { .. }
        | Action::JoinWait { .. }
        | Action::Finished
        | Action::Panicked(_)
        | Action::CondWait { .. } => true,
        Action::Unlock { kind, .. } => *kind != LockKind::Mutex,
        _ => false,
    }
}

/// The object an event touches, and whether it changes it.
fn touches(action: &Action) -> Option<(ObjId, bool)> {
    Some(match action {
        Action::Read { obj, .. } | Action::CellRead { obj, .. } => (*obj, false),
        Action::Write { obj, .. }
        | Action::Update { obj, .. }
        | Action::CasFailed { obj, .. }
        | Action::CellWrite { obj, .. }
        | Action::Race { obj, .. }
        | Action::Lock { obj, .. }
        | Action::Unlock { obj, .. }
        | Action::Blocked { obj, .. }
        | Action::TryLockFailed { obj, .. }
        | Action::CondWait { obj }
        | Action::CondWoken { obj }
        | Action::Notify { obj, .. } => (*obj, true),
        _ => return None,
    })
}

fn dependent(a: &Event, b: &Event) -> bool {
    if a.thread == b.thread {
        return true;
    }
    let ends = |e: &Event| matches!(e.action, Action::Finished | Action::Panicked(_));
    let about = |e: &Event, t: ThreadIdx| match e.action {
        Action::Spawn { child } => child == t,
        Action::JoinWait { target } | Action::Joined { target } => target == t,
        _ => false,
    };
    if about(a, b.thread) || about(b, a.thread) {
        return matches!(a.action, Action::Spawn { .. })
            || matches!(b.action, Action::Spawn { .. })
            || ends(a)
            || ends(b);
    }
    match (touches(&a.action), touches(&b.action)) {
        (Some((x, wa)), Some((y, wb))) => x == y && (wa || wb),
        _ => false,
    }
}

struct Step {
    events: Vec<usize>,
    /// For each other thread, how many of its steps must come first.
    after: Vec<usize>,
    /// The lock this step takes first, if it starts with an acquisition.
    takes: Option<(ObjId, LockKind)>,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    pos: Vec<u16>,
    last: Option<ThreadIdx>,
    last_goes_on: bool,
}

struct Node {
    key: Key,
    holders: HashMap<ObjId, Vec<(ThreadIdx, LockKind)>>,
    parent: Option<(usize, ThreadIdx, bool)>,
}

fn conflicts(
    holders: &HashMap<ObjId, Vec<(ThreadIdx, LockKind)>>,
    t: ThreadIdx,
    take: (ObjId, LockKind),
) -> Vec<ThreadIdx> {
    holders
        .get(&take.0)
        .map(|h| {
            h.iter()
                .filter(|&&(u, kind)| {
                    u != t && (take.1 != LockKind::Read || kind == LockKind::Write)
                })
                .map(|&(u, _)| u)
                .collect()
        })
        .unwrap_or_default()
}

/// Past these an execution is not reordered (the report then says its
/// count is not proven the fewest): the pairwise dependencies cost
/// events², the search up to [`MAX_STATES`] states.
const MAX_EVENTS: usize = 1_000;
const MAX_STATES: usize = 200_000;

/// The execution equivalent to `record` with the fewest preemptions (then
/// the original order where it ties); `None` for one too long to search
/// (more than 8 threads, [`MAX_EVENTS`] events or [`MAX_STATES`] states),
/// which the report then says.
pub fn minimize(record: &ExecRecord) -> Option<ExecRecord> {
    let events = &record.events;
    let threads = record
        .threads
        .len()
        .max(events.iter().map(|e| e.thread + 1).max().unwrap_or(0));
    if events.is_empty() {
        return Some(record.clone());
    }
    if threads > 8 || events.len() > MAX_EVENTS {
        return None;
    }
    // Steps per thread, in program order.
    let mut steps: Vec<Vec<Step>> = (0..threads).map(|_| Vec::new()).collect();
    let mut step_of = vec![(0, 0); events.len()];
    // A wait the thread is still in at the end (a deadlock) is a step of
    // its own, taken once the holder has the lock: glued to the step before,
    // the two threads' waits would each have to follow the other.
    let last_of = |t: ThreadIdx| events.iter().rposition(|e| e.thread == t);
    for (i, event) in events.iter().enumerate() {
        let still_waiting =
            matches!(event.action, Action::Blocked { .. }) && last_of(event.thread) == Some(i);
        let mine = &mut steps[event.thread];
        if mine.is_empty() || !glued(&event.action) || still_waiting {
            let takes = match event.action {
                Action::Lock {
                    obj,
                    kind,
                    tried: false,
                    ..
                }
                | Action::Blocked { obj, kind, .. } => Some((obj, kind)),
                _ => None,
            };
            mine.push(Step {
                events: Vec::new(),
                after: vec![0; threads],
                takes,
            });
        }
        let n = mine.len() - 1;
        mine[n].events.push(i);
        step_of[i] = (event.thread, n);
    }
    // The search visits at most one state per position of every thread
    // (times the thread that ran last): past the budget, give up rather
    // than stall the check.
    steps
        .iter()
        .try_fold(threads * 2, |n: usize, mine| n.checked_mul(mine.len() + 1))
        .filter(|&n| n <= MAX_STATES)?;
    for j in 0..events.len() {
        for i in 0..j {
            let (ti, si) = step_of[i];
            let (tj, sj) = step_of[j];
            if ti != tj && dependent(&events[i], &events[j]) {
                let need = &mut steps[tj][sj].after[ti];
                *need = (*need).max(si + 1);
            }
        }
    }

    let goes_on =
        |t: ThreadIdx, pos: &[u16], holders: &HashMap<ObjId, Vec<(ThreadIdx, LockKind)>>| -> bool {
            let done = pos[t] as usize;
            if done == 0 {
                return true;
            }
            let last = &steps[t][done - 1];
            let last_event = &events[*last.events.last().expect("a step has events")];
            if last_event.action.disables_thread() {
                return false;
            }
            match steps[t].get(done).and_then(|s| s.takes) {
                Some(take) => conflicts(holders, t, take).is_empty(),
                None => true,
            }
        };

    let start = Key {
        pos: vec![0; threads],
        last: None,
        last_goes_on: false,
    };
    let mut nodes = vec![Node {
        key: start.clone(),
        holders: HashMap::new(),
        parent: None,
    }];
    let mut best: HashMap<Key, usize> = HashMap::from([(start, 0)]);
    let mut cost = vec![0usize];
    let mut queue = VecDeque::from([0usize]);
    let mut finish = None;
    while let Some(at) = queue.pop_front() {
        let key = nodes[at].key.clone();
        if best.get(&key) != Some(&cost[at]) {
            continue;
        }
        if (0..threads).all(|t| key.pos[t] as usize == steps[t].len()) {
            finish = Some(at);
            break;
        }
        // The thread that ran last first: ties keep the recorded order.
        let mut order: Vec<ThreadIdx> = (0..threads).collect();
        if let Some(last) = key.last {
            order.retain(|&t| t != last);
            order.insert(0, last);
        }
        for t in order {
            let done = key.pos[t] as usize;
            let Some(step) = steps[t].get(done) else {
                continue;
            };
            if (0..threads).any(|u| (key.pos[u] as usize) < step.after[u]) {
                continue;
            }
            let extra = usize::from(matches!(key.last, Some(u) if u != t && key.last_goes_on));
            let mut holders = nodes[at].holders.clone();
            for &i in &step.events {
                match events[i].action {
                    Action::Lock { obj, kind, .. } => {
                        holders.entry(obj).or_default().push((t, kind))
                    }
                    Action::Unlock { obj, .. } => {
                        if let Some(h) = holders.get_mut(&obj) {
                            if let Some(p) = h.iter().position(|&(u, _)| u == t) {
                                h.remove(p);
                            }
                        }
                    }
                    _ => {}
                }
            }
            let mut pos = key.pos.clone();
            pos[t] += 1;
            let last_goes_on = goes_on(t, &pos, &holders);
            let next = Key {
                pos,
                last: Some(t),
                last_goes_on,
            };
            let c = cost[at] + extra;
            if best.get(&next).is_some_and(|&b| b <= c) {
                continue;
            }
            best.insert(next.clone(), c);
            nodes.push(Node {
                key: next,
                holders,
                parent: Some((at, t, last_goes_on)),
            });
            cost.push(c);
            let id = nodes.len() - 1;
            if extra == 0 {
                queue.push_front(id);
            } else {
                queue.push_back(id);
            }
        }
    }
    let mut at = finish?;
    // The order of steps, back from the end.
    let mut order = Vec::new();
    while let Some((parent, t, _)) = nodes[at].parent {
        order.push((t, nodes[at].key.pos[t] as usize - 1, at));
        at = parent;
    }
    order.reverse();
    let mut out = record.clone();
    out.events.clear();
    for (t, s, node) in order {
        // A wait still open at the end was shown when it began (below).
        let shown = out.events.iter().rev().find(|e| e.thread == t);
        let already = matches!(
            (shown.map(|e| &e.action), &events[steps[t][s].events[0]].action),
            (Some(Action::Blocked { obj: a, .. }), Action::Blocked { obj: b, .. }) if a == b
        );
        if already {
            continue;
        }
        for &i in &steps[t][s].events {
            out.events.push(events[i].clone());
        }
        // The next step waits for a lock another thread holds: the
        // request shows it (as the recorder would have), and the switch
        // away is no preemption.
        let holders = &nodes[node].holders;
        let shows_wait = out
            .events
            .last()
            .is_some_and(|e| e.action.disables_thread());
        if let Some(next) = steps[t].get(s + 1) {
            if let (Some(take), false) = (next.takes, shows_wait) {
                let by = conflicts(holders, t, take);
                if !by.is_empty() {
                    let site = match &events[next.events[0]].action {
                        Action::Lock { site, .. } | Action::Blocked { site, .. } => *site,
                        _ => None,
                    };
                    out.events.push(Event::new(
                        t,
                        Action::Blocked {
                            obj: take.0,
                            kind: take.1,
                            holders: by,
                            site,
                        },
                    ));
                }
            }
        }
    }
    Some(out)
}

/// A fingerprint of the class of executions equivalent to `record`: each
/// thread's events, and for each object the order of its accesses (reads
/// between two changes as a set). Equivalent executions share it, so each
/// class is minimized once.
pub fn class_of(record: &ExecRecord) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut threads: Vec<Vec<String>> = Vec::new();
    type Group = (bool, Vec<(ThreadIdx, usize)>);
    let mut objects: HashMap<ObjId, Vec<Group>> = HashMap::new();
    for event in &record.events {
        if threads.len() <= event.thread {
            threads.resize(event.thread + 1, Vec::new());
        }
        let n = threads[event.thread].len();
        threads[event.thread].push(format!("{:?}", event.action));
        if let Some((obj, change)) = touches(&event.action) {
            let groups = objects.entry(obj).or_default();
            match groups.last_mut() {
                Some((false, reads)) if !change => reads.push((event.thread, n)),
                _ => groups.push((change, vec![(event.thread, n)])),
            }
        }
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    threads.hash(&mut hasher);
    let mut objects: Vec<_> = objects.into_iter().collect();
    objects.sort_by_key(|(obj, _)| *obj);
    for (obj, mut groups) in objects {
        obj.hash(&mut hasher);
        for (_, accesses) in &mut groups {
            accesses.sort_unstable();
        }
        groups.hash(&mut hasher);
    }
    hasher.finish()
}

/// One step of a recorded execution (from a scheduling point to the next)
/// and the steps of other threads it depends on.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Dependent {
    pub thread: ThreadIdx,
    /// Indices into the record's events.
    pub events: Vec<usize>,
    /// For every thread, how many of its steps must come before this one.
    pub after: Vec<usize>,
}

/// The steps of `record` in the order they ran, with their dependencies:
/// every order of them that keeps each step after what it depends on is an
/// execution equivalent to this one (it ends in the same state), so a
/// schedule a player makes up can be matched with one loom explored
/// (`cargo lab play`). A lock request that found the lock held is a step of
/// its own here, so the player sees the thread try and wait; it depends
/// only on the lock's own steps, so any order this allows is equivalent to
/// one loom can run.
pub fn dependencies(record: &ExecRecord) -> Vec<Dependent> {
    let events = &record.events;
    let threads = record
        .threads
        .len()
        .max(events.iter().map(|e| e.thread + 1).max().unwrap_or(0));
    let mut steps: Vec<Vec<Dependent>> = (0..threads).map(|_| Vec::new()).collect();
    let mut step_of = vec![(0, 0); events.len()];
    for (i, event) in events.iter().enumerate() {
        let own = matches!(event.action, Action::Blocked { .. });
        let mine = &mut steps[event.thread];
        if mine.is_empty() || !glued(&event.action) || own {
            mine.push(Dependent {
                thread: event.thread,
                events: Vec::new(),
                after: vec![0; threads],
            });
        }
        let n = mine.len() - 1;
        mine[n].events.push(i);
        step_of[i] = (event.thread, n);
    }
    for j in 0..events.len() {
        for i in 0..j {
            let (ti, si) = step_of[i];
            let (tj, sj) = step_of[j];
            if ti != tj && dependent(&events[i], &events[j]) {
                let need = &mut steps[tj][sj].after[ti];
                *need = (*need).max(si + 1);
            }
        }
    }
    let mut all: Vec<Dependent> = steps.into_iter().flatten().collect();
    all.sort_by_key(|d| d.events[0]);
    all
}
