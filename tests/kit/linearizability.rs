//! Linearizability of the `list` reference solution under the model checker.
//!
//! proptest draws small histories (two threads, one or two operations each,
//! over values 1..=3, a list of up to two items to start with). For each, the
//! checker's engine explores every interleaving of the solution compiled
//! against the loom-backed facade. Each execution logs, per operation, when
//! it was invoked, when it returned (ticks of a model-side atomic clock) and
//! what it returned; the scenario then
//! searches for a sequential order of the operations that respects real time
//! (an operation that returned before another was invoked comes first) and
//! that, replayed on a plain `Vec<u32>`, gives the same results and the same
//! final list. The execution is expected iff such an order exists.
//!
//! A deliberately broken list (check-then-act in two critical sections) shows
//! that the check can fail.

use std::cell::RefCell;
use std::sync::atomic::Ordering;
use std::sync::Mutex as StdMutex;

use proptest::prelude::*;
use racelab_checker::model::explore::{explore, Exploration, Limits};
use racelab_checker::model::{note, ModelParams, Observation};
use racelab_checker::sync::atomic::AtomicU64;
use racelab_checker::sync::{thread, Arc, Mutex};
use racelab_checker::text::Text;
use racelab_checker::trees::solutions::list::exercise::SharedList;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Take,
    Push(u32),
    PushIfAbsent(u32),
    Contains(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ret {
    Taken(Option<u32>),
    Pushed,
    Added(bool),
    Found(bool),
}

impl Op {
    fn show(self, ret: Ret) -> String {
        let ret = match ret {
            Ret::Taken(v) => format!("{v:?}"),
            Ret::Pushed => "()".to_string(),
            Ret::Added(b) | Ret::Found(b) => b.to_string(),
        };
        match self {
            Op::Take => format!("take() → {ret}"),
            Op::Push(v) => format!("push({v}) → {ret}"),
            Op::PushIfAbsent(v) => format!("push_if_absent({v}) → {ret}"),
            Op::Contains(v) => format!("contains({v}) → {ret}"),
        }
    }

    /// The sequential specification: the operation on a plain vector.
    fn apply_seq(self, items: &mut Vec<u32>) -> Ret {
        match self {
            Op::Take => Ret::Taken(items.pop()),
            Op::Push(v) => {
                items.push(v);
                Ret::Pushed
            }
            Op::PushIfAbsent(v) => {
                let absent = !items.contains(&v);
                if absent {
                    items.push(v);
                }
                Ret::Added(absent)
            }
            Op::Contains(v) => Ret::Found(items.contains(&v)),
        }
    }
}

#[derive(Clone, Debug)]
struct History {
    initial: Vec<u32>,
    threads: Vec<Vec<Op>>,
}

/// One completed operation of one execution.
#[derive(Clone, Copy, Debug)]
struct Call {
    thread: usize,
    op: Op,
    ret: Ret,
    /// Ticks of the execution-wide clock at the call and at the return.
    invoked: u64,
    returned: u64,
}

/// A list under test, compiled against the model facade.
trait ModelList: Send + Sync + 'static {
    fn with_items(items: Vec<u32>) -> Self;
    fn apply(&self, op: Op) -> Ret;
    fn items(&self) -> Vec<u32>;
}

impl ModelList for SharedList {
    fn with_items(items: Vec<u32>) -> Self {
        SharedList::new(items)
    }
    fn apply(&self, op: Op) -> Ret {
        match op {
            Op::Take => Ret::Taken(self.take()),
            Op::Push(v) => {
                self.push(v);
                Ret::Pushed
            }
            Op::PushIfAbsent(v) => Ret::Added(self.push_if_absent(v)),
            Op::Contains(v) => Ret::Found(self.contains(v)),
        }
    }
    fn items(&self) -> Vec<u32> {
        self.to_vec()
    }
}

/// Not linearizable on purpose: `take` reads the last item in one critical
/// section and removes it in another, and so does `push_if_absent` with its
/// check and its push. Never panics: it returns wrong results instead.
struct BrokenList {
    items: Mutex<Vec<u32>>,
}

impl ModelList for BrokenList {
    fn with_items(items: Vec<u32>) -> Self {
        BrokenList {
            items: Mutex::new(items),
        }
    }
    fn apply(&self, op: Op) -> Ret {
        match op {
            Op::Take => {
                let last = self.items.lock().last().copied();
                if let Some(v) = last {
                    let mut items = self.items.lock();
                    if let Some(pos) = items.iter().rposition(|&x| x == v) {
                        items.remove(pos);
                    }
                }
                Ret::Taken(last)
            }
            Op::Push(v) => {
                self.items.lock().push(v);
                Ret::Pushed
            }
            Op::PushIfAbsent(v) => {
                if self.items.lock().contains(&v) {
                    return Ret::Added(false);
                }
                self.items.lock().push(v);
                Ret::Added(true)
            }
            Op::Contains(v) => Ret::Found(self.items.lock().contains(&v)),
        }
    }
    fn items(&self) -> Vec<u32> {
        self.items.lock().clone()
    }
}

// The engine runs every execution on the OS thread that called `explore`
// (model threads are coroutines on it): a thread-local carries the history
// into the scenario, a plain fn pointer, and collects what every execution
// saw for the tests that look at the harness itself.
thread_local! {
    static HISTORY: RefCell<Option<History>> = const { RefCell::new(None) };
    static SEEN: RefCell<Vec<Vec<Call>>> = const { RefCell::new(Vec::new()) };
}

/// The execution's clock is a model atomic, not a plain counter: each tick is
/// a scheduling point that conflicts with every other tick, so loom explores
/// every order of the ticks too. With a counter loom cannot see, a thread
/// runs from one operation's unlock through its return and the next call
/// without a switch (loom does not branch on an unlock), and no execution
/// would show another thread's operation strictly between the two: weaker
/// real-time constraints than real threads can produce.
fn tick(clock: &AtomicU64) -> u64 {
    clock.fetch_add(1, Ordering::SeqCst) + 1
}

/// Is there an order of `calls`, consistent with real time, whose sequential
/// run from `initial` gives every call's result and ends with `final_items`?
fn linearizable(initial: &[u32], calls: &[Call], final_items: &[u32]) -> bool {
    fn search(items: &[u32], calls: &[Call], placed: &mut [bool], final_items: &[u32]) -> bool {
        if placed.iter().all(|&p| p) {
            return items == final_items;
        }
        for i in 0..calls.len() {
            if placed[i] {
                continue;
            }
            // `i` may come next only if no other unplaced call returned
            // before `i` was invoked.
            let blocked = calls
                .iter()
                .zip(placed.iter())
                .any(|(c, &p)| !p && c.returned < calls[i].invoked);
            if blocked {
                continue;
            }
            let mut next = items.to_vec();
            if calls[i].op.apply_seq(&mut next) != calls[i].ret {
                continue;
            }
            placed[i] = true;
            if search(&next, calls, placed, final_items) {
                return true;
            }
            placed[i] = false;
        }
        false
    }
    search(initial, calls, &mut vec![false; calls.len()], final_items)
}

fn scenario<L: ModelList>(_params: &ModelParams) -> Observation {
    let history = HISTORY
        .with(|h| h.borrow().clone())
        .expect("the history is set before exploring");
    let list = Arc::new(L::with_items(history.initial.clone()));
    let clock = Arc::new(AtomicU64::new(0));
    let handles: Vec<_> = history
        .threads
        .iter()
        .cloned()
        .enumerate()
        .map(|(t, ops)| {
            let list = Arc::clone(&list);
            let clock = Arc::clone(&clock);
            thread::spawn(move || {
                let mut calls = Vec::new();
                for op in ops {
                    let invoked = tick(&clock);
                    let ret = list.apply(op);
                    let returned = tick(&clock);
                    note(Text::same(op.show(ret)));
                    calls.push(Call {
                        thread: t,
                        op,
                        ret,
                        invoked,
                        returned,
                    });
                }
                calls
            })
        })
        .collect();
    let mut all_joined = true;
    let mut calls = Vec::new();
    for handle in handles {
        match handle.join() {
            Ok(mine) => calls.extend(mine),
            Err(_) => all_joined = false,
        }
    }
    let final_items = list.items();
    SEEN.with(|seen| seen.borrow_mut().push(calls.clone()));

    let total_ops: usize = history.threads.iter().map(Vec::len).sum();
    let ok = all_joined
        && calls.len() == total_ops
        && linearizable(&history.initial, &calls, &final_items);

    // The verdict is part of the text: the same results can be linearizable
    // under one real-time order and not under another, and the engine keys
    // its outcome table by text.
    let mut parts = Vec::new();
    for t in 0..history.threads.len() {
        let mine: Vec<String> = calls
            .iter()
            .filter(|c| c.thread == t)
            .map(|c| format!("{}@{}..{}", c.op.show(c.ret), c.invoked, c.returned))
            .collect();
        parts.push(format!("T{}: {}", t + 1, mine.join(", ")));
    }
    let verdict = if ok {
        "linearizable"
    } else {
        "NOT linearizable"
    };
    Observation {
        state: Text::same(format!(
            "{}; list = {final_items:?}; {verdict}",
            parts.join("; ")
        )),
        expected: ok,
    }
}

/// `explore` swaps the process-wide panic hook in and out: two explorations
/// at once on different test threads would leave the wrong hook installed.
static EXPLORING: StdMutex<()> = StdMutex::new(());

fn explore_history<L: ModelList>(history: &History, bound: Option<usize>) -> Exploration {
    let _one_at_a_time = EXPLORING.lock().unwrap_or_else(|p| p.into_inner());
    HISTORY.with(|h| *h.borrow_mut() = Some(history.clone()));
    SEEN.with(|seen| seen.borrow_mut().clear());
    let params = ModelParams::new(
        history.threads.len(),
        history.threads.iter().map(Vec::len).max().unwrap_or(0),
    );
    let exploration = explore(scenario::<L>, params, bound, Limits::default());
    HISTORY.with(|h| *h.borrow_mut() = None);
    exploration
}

fn describe(exploration: &Exploration) -> String {
    exploration
        .outcomes
        .iter()
        .map(|o| {
            format!(
                "  [{}] ×{} {}",
                if o.expected { "ok" } else { "FORBIDDEN" },
                o.count,
                o.outcome.en
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn op() -> impl Strategy<Value = Op> {
    let value = 1u32..=3;
    prop_oneof![
        Just(Op::Take),
        value.clone().prop_map(Op::Push),
        value.clone().prop_map(Op::PushIfAbsent),
        value.prop_map(Op::Contains),
    ]
}

fn history() -> impl Strategy<Value = History> {
    (
        prop::collection::vec(1u32..=3, 0..=2),
        prop::collection::vec(prop::collection::vec(op(), 1..=2), 2),
    )
        .prop_map(|(initial, threads)| History { initial, threads })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn list_solution_is_linearizable(history in history()) {
        let exploration = explore_history::<SharedList>(&history, None);
        prop_assert!(exploration.complete, "exploration ran out of time: {:?}", history);
        prop_assert!(exploration.executions > 0);
        prop_assert!(
            exploration.outcomes.iter().all(|o| o.expected),
            "{:?}:\n{}",
            history,
            describe(&exploration)
        );
    }
}

/// The check itself, without the model: real-time order matters.
#[test]
fn checker_uses_real_time_order() {
    let call = |thread, op, ret, invoked, returned| Call {
        thread,
        op,
        ret,
        invoked,
        returned,
    };
    // T1 pushes 1 and returns; only then T2 takes and sees an empty list.
    let sequential = [
        call(0, Op::Push(1), Ret::Pushed, 1, 2),
        call(1, Op::Take, Ret::Taken(None), 3, 4),
    ];
    assert!(!linearizable(&[], &sequential, &[1]));
    // The same results with the two calls overlapping: take goes first.
    let overlapping = [
        call(0, Op::Push(1), Ret::Pushed, 1, 3),
        call(1, Op::Take, Ret::Taken(None), 2, 4),
    ];
    assert!(linearizable(&[], &overlapping, &[1]));
    // The final list must match too.
    assert!(!linearizable(&[], &overlapping, &[]));
    // Two takes of one item can never both get it.
    let both_take = [
        call(0, Op::Take, Ret::Taken(Some(7)), 1, 3),
        call(1, Op::Take, Ret::Taken(Some(7)), 2, 4),
    ];
    assert!(!linearizable(&[7], &both_take, &[]));
}

/// Under the engine, the broken list yields non-linearizable executions on
/// small histories, and the reference solution on the same histories none.
#[test]
fn broken_list_is_caught() {
    let histories = [
        // Both take the one item: the broken take can hand it out twice.
        History {
            initial: vec![1],
            threads: vec![vec![Op::Take], vec![Op::Take]],
        },
        // Both add 2: the broken push_if_absent can add it twice.
        History {
            initial: vec![],
            threads: vec![vec![Op::PushIfAbsent(2)], vec![Op::PushIfAbsent(2)]],
        },
    ];
    for history in &histories {
        let broken = explore_history::<BrokenList>(history, Some(3));
        assert!(broken.complete);
        assert!(
            broken
                .outcomes
                .iter()
                .any(|o| !o.expected && o.outcome.en.ends_with("NOT linearizable")),
            "no non-linearizable outcome for {history:?}:\n{}",
            describe(&broken)
        );
        // It is not wrong in every execution: the sequential ones are fine.
        assert!(broken.outcomes.iter().any(|o| o.expected));
        assert!(broken.counterexample.is_some());

        let solution = explore_history::<SharedList>(history, Some(3));
        assert!(solution.complete);
        assert_eq!(
            solution.forbidden(),
            0,
            "{history:?}:\n{}",
            describe(&solution)
        );
    }
}

/// The harness observes every real-time order, including another thread's
/// operation strictly between two consecutive operations of one thread (the
/// tightest constraint a linearization must respect).
#[test]
fn clock_sees_an_operation_between_two_others() {
    let history = History {
        initial: vec![],
        threads: vec![vec![Op::Contains(1)], vec![Op::Push(1), Op::Push(2)]],
    };
    let exploration = explore_history::<SharedList>(&history, None);
    assert!(exploration.complete);
    assert_eq!(exploration.forbidden(), 0, "{}", describe(&exploration));
    let seen = SEEN.with(|seen| std::mem::take(&mut *seen.borrow_mut()));
    assert_eq!(seen.len() as u64, exploration.executions);
    let between = seen.iter().any(|calls| {
        let find = |thread, op| calls.iter().find(|c| c.thread == thread && c.op == op);
        match (
            find(0, Op::Contains(1)),
            find(1, Op::Push(1)),
            find(1, Op::Push(2)),
        ) {
            (Some(a), Some(b1), Some(b2)) => b1.returned < a.invoked && a.returned < b2.invoked,
            _ => false,
        }
    });
    assert!(
        between,
        "no execution put contains(1) strictly between the pushes"
    );
}
