//! Property tests of the reference solutions in the real build: the very
//! files under solutions/ compiled against the real facade (`labs::sync`:
//! std threads and atomics, parking_lot locks), driven by random thread
//! counts and random operation mixes on OS threads.
//!
//! The model checker proves the solutions on small bounded models; these
//! tests exercise the same code at larger sizes with the real primitives.
//! Nothing here asserts on timing: every property must hold for every
//! interleaving the OS happens to produce.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Barrier;
use std::thread;

use proptest::prelude::*;

#[path = "../../solutions/bank.rs"]
mod bank;
#[path = "../../solutions/counter.rs"]
mod counter;
#[path = "../../solutions/alternatives/counter_mutex.rs"]
mod counter_mutex;
#[path = "../../solutions/data_race.rs"]
mod data_race;
#[path = "../../solutions/list.rs"]
mod list;

fn config() -> ProptestConfig {
    // PROPTEST_CASES in the environment still overrides `cases`.
    ProptestConfig {
        cases: 64,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Counters: `counter` (fetch_add), `counter_mutex` (Mutex<u64>), `data_race`.

trait SharedCounter: Sync {
    fn create() -> Self;
    fn inc(&self);
    fn read(&self) -> u64;
}

macro_rules! shared_counter {
    ($ty:ty) => {
        impl SharedCounter for $ty {
            fn create() -> Self {
                <$ty>::new()
            }
            fn inc(&self) {
                self.increment()
            }
            fn read(&self) -> u64 {
                self.get()
            }
        }
    };
}

shared_counter!(counter::Counter);
shared_counter!(counter_mutex::Counter);
shared_counter!(data_race::RacyCounter);

/// Each thread `t` increments `increments[t]` times and reads the counter
/// every `read_every` increments. Every read lies between the reader's own
/// increments so far and the grand total; the final value is the total.
fn check_counter<C: SharedCounter>(increments: &[u64], read_every: u64) {
    let counter = C::create();
    let total: u64 = increments.iter().sum();
    let start = Barrier::new(increments.len());
    thread::scope(|s| {
        for &n in increments {
            let (counter, start) = (&counter, &start);
            s.spawn(move || {
                start.wait();
                for done in 1..=n {
                    counter.inc();
                    if done % read_every == 0 {
                        let seen = counter.read();
                        assert!(
                            (done..=total).contains(&seen),
                            "read {seen} after {done} own increments (total {total})"
                        );
                    }
                }
            });
        }
    });
    assert_eq!(
        counter.read(),
        total,
        "increments per thread: {increments:?}"
    );
}

fn counter_plan() -> impl Strategy<Value = (Vec<u64>, u64)> {
    (prop::collection::vec(0u64..=300, 2..=4), 1u64..=50)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn counter_fetch_add_counts_every_increment((increments, read_every) in counter_plan()) {
        check_counter::<counter::Counter>(&increments, read_every);
    }

    #[test]
    fn counter_mutex_counts_every_increment((increments, read_every) in counter_plan()) {
        check_counter::<counter_mutex::Counter>(&increments, read_every);
    }

    #[test]
    fn data_race_counts_every_increment((increments, read_every) in counter_plan()) {
        check_counter::<data_race::RacyCounter>(&increments, read_every);
    }

    /// Same thread count and increments per thread, as in the lab's scenario.
    #[test]
    fn counters_total_is_threads_times_increments(threads in 2usize..=4, per_thread in 0u64..=500) {
        let plan = vec![per_thread; threads];
        check_counter::<counter::Counter>(&plan, per_thread.max(1));
        check_counter::<counter_mutex::Counter>(&plan, per_thread.max(1));
        check_counter::<data_race::RacyCounter>(&plan, per_thread.max(1));
    }
}

// ---------------------------------------------------------------------------
// List.

/// Values `push_if_absent` draws from; they overlap the initial items.
const POOL: std::ops::Range<u32> = 0..6;
/// Initial items are distinct values below this.
const INITIAL_BELOW: u32 = 12;
/// `push` uses fresh values: `FRESH + 1000 * thread + i`, never in the pool
/// nor among the initial items.
const FRESH: u32 = 1_000;

#[derive(Clone, Copy, Debug)]
enum ListOp {
    Take,
    Push,
    PushIfAbsent(u32),
}

#[derive(Debug, Default)]
struct ThreadLog {
    taken: Vec<u32>,
    /// Fresh values pushed.
    pushed: Vec<u32>,
    /// (value, returned) for each push_if_absent.
    added: Vec<(u32, bool)>,
}

fn list_op() -> impl Strategy<Value = ListOp> {
    prop_oneof![
        3 => Just(ListOp::Take),
        2 => Just(ListOp::Push),
        3 => POOL.prop_map(ListOp::PushIfAbsent),
    ]
}

fn list_plan() -> impl Strategy<Value = (BTreeSet<u32>, Vec<Vec<ListOp>>)> {
    (
        prop::collection::btree_set(0..INITIAL_BELOW, 0..=8),
        prop::collection::vec(prop::collection::vec(list_op(), 0..=40), 2..=4),
    )
}

fn multiset(items: impl IntoIterator<Item = u32>) -> BTreeMap<u32, usize> {
    let mut counts = BTreeMap::new();
    for item in items {
        *counts.entry(item).or_insert(0) += 1;
    }
    counts
}

fn check_list(initial: &BTreeSet<u32>, plan: &[Vec<ListOp>]) -> Result<(), TestCaseError> {
    let shared = list::SharedList::new(initial.iter().copied().collect());
    prop_assert_eq!(shared.len(), initial.len());
    prop_assert_eq!(shared.is_empty(), initial.is_empty());
    let start = Barrier::new(plan.len());
    let logs: Vec<ThreadLog> = thread::scope(|s| {
        let handles: Vec<_> = plan
            .iter()
            .enumerate()
            .map(|(t, ops)| {
                let (shared, start) = (&shared, &start);
                s.spawn(move || {
                    let mut log = ThreadLog::default();
                    start.wait();
                    for op in ops {
                        match *op {
                            ListOp::Take => log.taken.extend(shared.take()),
                            ListOp::Push => {
                                let value = FRESH + 1000 * t as u32 + log.pushed.len() as u32;
                                shared.push(value);
                                log.pushed.push(value);
                            }
                            ListOp::PushIfAbsent(value) => {
                                let added = shared.push_if_absent(value);
                                log.added.push((value, added));
                            }
                        }
                    }
                    log
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a list thread panicked"))
            .collect()
    });
    let final_items = shared.to_vec();

    // The list's own view of itself agrees with its contents.
    prop_assert_eq!(shared.len(), final_items.len());
    prop_assert_eq!(shared.is_empty(), final_items.is_empty());
    for &item in &final_items {
        prop_assert!(shared.contains(item));
    }
    for value in POOL {
        prop_assert_eq!(shared.contains(value), final_items.contains(&value));
    }

    // Nothing lost, nothing duplicated: what went in is what came out plus
    // what is left.
    let put_in = multiset(initial.iter().copied().chain(logs.iter().flat_map(|log| {
        log.pushed.iter().copied().chain(
            log.added
                .iter()
                .filter(|&&(_, added)| added)
                .map(|&(value, _)| value),
        )
    })));
    let taken = multiset(logs.iter().flat_map(|log| log.taken.iter().copied()));
    let got_out = multiset(
        logs.iter()
            .flat_map(|log| log.taken.iter().copied())
            .chain(final_items.iter().copied()),
    );
    prop_assert_eq!(&put_in, &got_out, "final list {:?}", final_items);

    // Every take returned something that was put in (as often as it was).
    for (value, &count) in &taken {
        prop_assert!(
            put_in.get(value).copied().unwrap_or(0) >= count,
            "{} taken {} times but put in {:?} times",
            value,
            count,
            put_in.get(value)
        );
    }

    // push_if_absent never duplicates: a pool value is present at most once,
    // so it is added at most once more than it is taken, and at most once
    // in the final list.
    let final_counts = multiset(final_items.iter().copied());
    for value in POOL {
        let initially = usize::from(initial.contains(&value));
        let added = logs
            .iter()
            .flat_map(|log| &log.added)
            .filter(|&&(v, ok)| v == value && ok)
            .count();
        let refused = logs
            .iter()
            .flat_map(|log| &log.added)
            .filter(|&&(v, ok)| v == value && !ok)
            .count();
        let taken_v = taken.get(&value).copied().unwrap_or(0);
        prop_assert!(final_counts.get(&value).copied().unwrap_or(0) <= 1);
        prop_assert!(
            initially + added <= taken_v + 1,
            "{} added {} times (initially {}), taken only {}",
            value,
            added,
            initially,
            taken_v
        );
        // A refusal means the value was there: initially, or someone added it.
        if refused > 0 {
            prop_assert!(
                initially + added > 0,
                "push_if_absent({}) refused, never present",
                value
            );
        }
    }

    // The whole final list has no duplicates at all: fresh values are unique,
    // initial items distinct, pool values at most once.
    prop_assert!(
        final_counts.values().all(|&n| n == 1),
        "duplicates in {:?}",
        final_items
    );
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn list_loses_and_duplicates_nothing((initial, plan) in list_plan()) {
        check_list(&initial, &plan)?;
    }
}

// ---------------------------------------------------------------------------
// Bank.

#[derive(Clone, Copy, Debug)]
struct Transfer {
    from: usize,
    to: usize,
    amount: i64,
}

fn bank_plan() -> impl Strategy<Value = (Vec<i64>, Vec<Vec<Transfer>>)> {
    prop::collection::vec(0i64..=200, 2..=4).prop_flat_map(|balances| {
        let n = balances.len();
        let transfer =
            (0..n, 0..n, 0i64..=150).prop_map(|(from, to, amount)| Transfer { from, to, amount });
        (
            Just(balances),
            prop::collection::vec(prop::collection::vec(transfer, 0..=50), 2..=4),
        )
    })
}

fn check_bank(balances: &[i64], plan: &[Vec<Transfer>]) -> Result<(), TestCaseError> {
    let bank = bank::Bank::new(balances);
    let total: i64 = balances.iter().sum();
    prop_assert_eq!(bank.total(), total);
    let start = Barrier::new(plan.len());
    // Finishing at all is the no-deadlock property: opposite transfers run
    // at the same time on OS threads.
    let results: Vec<Vec<bool>> = thread::scope(|s| {
        let handles: Vec<_> = plan
            .iter()
            .map(|transfers| {
                let (bank, start) = (&bank, &start);
                s.spawn(move || {
                    start.wait();
                    transfers
                        .iter()
                        .map(|t| {
                            let done = bank.transfer(t.from, t.to, t.amount);
                            // A single account's balance is read under its
                            // lock: it is never negative, even mid-run.
                            assert!(bank.balance(t.from) >= 0);
                            done
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a bank thread panicked"))
            .collect()
    });

    // Money is conserved and no account is overdrawn.
    prop_assert_eq!(bank.total(), total);
    let finals: Vec<i64> = (0..balances.len()).map(|i| bank.balance(i)).collect();
    prop_assert!(finals.iter().all(|&b| b >= 0), "balances {:?}", finals);

    // The final balances are exactly the initial ones moved by the
    // transfers that reported success; a failed one moved nothing.
    let mut expected = balances.to_vec();
    for (transfers, done) in plan.iter().zip(&results) {
        for (t, &ok) in transfers.iter().zip(done) {
            if t.amount == 0 {
                prop_assert!(ok, "a transfer of 0 cannot fail: {:?}", t);
            }
            if ok {
                expected[t.from] -= t.amount;
                expected[t.to] += t.amount;
            }
        }
    }
    prop_assert_eq!(finals, expected);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn bank_conserves_money_without_deadlock((balances, plan) in bank_plan()) {
        check_bank(&balances, &plan)?;
    }
}
