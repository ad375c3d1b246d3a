use labs::list::SharedList;

use super::{together, Problems};
use crate::params::Params;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Take,
    PushIfAbsent(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Taken(Option<u32>),
    Pushed(bool),
}

/// The model's check on random lists and items: every thread's results and
/// the final list are those of some order of whole operations
/// (linearizability), and nobody panics. The model's own program — take,
/// then push_if_absent — is every other round; the rest mix the two
/// operations with items that may already be in the list.
pub fn run(params: &mut Params) -> Result<String, String> {
    let rounds = 2000;
    let mut problems = Problems::default();
    for round in 0..rounds {
        let threads = params.draw(2usize..=3);
        let base = params.draw(0u32..1000);
        let start: Vec<u32> = (0..params.draw(1usize..=2))
            .map(|i| base + i as u32)
            .collect();
        let programs: Vec<Vec<Op>> = (0..threads)
            .map(|_| {
                if round % 2 == 0 {
                    vec![Op::Take, Op::PushIfAbsent(base + params.draw(0u32..3))]
                } else {
                    (0..2)
                        .map(|_| match params.draw(0u32..4) {
                            0 => Op::Take,
                            k => Op::PushIfAbsent(base + k - 1),
                        })
                        .collect()
                }
            })
            .collect();
        let list = SharedList::new(start.clone());
        let results = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            together(threads, |t| {
                programs[t]
                    .iter()
                    .map(|&op| match op {
                        Op::Take => Outcome::Taken(list.take()),
                        Op::PushIfAbsent(x) => Outcome::Pushed(list.push_if_absent(x)),
                    })
                    .collect::<Vec<_>>()
            })
        }));
        let Ok(results) = results else {
            problems.add(
                "panic",
                rounds,
                format!(
                    "раунд {round}: поток запаниковал (список {start:?}, операции {programs:?})"
                ),
                format!(
                    "round {round}: a thread panicked (list {start:?}, operations {programs:?})"
                ),
            );
            continue;
        };
        let items = list.to_vec();
        if !sequential_outcomes(&start, &programs).contains(&(results.clone(), items.clone())) {
            problems.add(
                "not-linearizable",
                rounds,
                format!("раунд {round}: список {start:?}, операции {programs:?} дали {results:?} и список {items:?} — так не выходит ни при каком порядке целых операций"),
                format!("round {round}: list {start:?}, operations {programs:?} gave {results:?} and the list {items:?} — no order of whole operations gives that"),
            );
        }
    }
    let long = long_rounds(params, &mut problems);
    problems.verdict(format!(
        "{rounds} раундов: каждый исход — как у какого-то порядка целых операций; ещё {long} раундов по {LONG_OPS} операций на поток: ничего не потеряно и не задвоено / {rounds} rounds: every outcome is that of some order of whole operations; {long} more rounds of {LONG_OPS} operations a thread: nothing lost or duplicated"
    ))
}

const LONG_OPS: usize = 400;

/// Long runs, where a check-then-act window is met far more often than in
/// two operations: what every order of whole operations keeps — no panic,
/// no duplicate in the list, and every item either still there or taken
/// exactly once.
fn long_rounds(params: &mut Params, problems: &mut Problems) -> usize {
    let rounds = 100;
    for round in 0..rounds {
        let threads = params.draw(2usize..=3);
        let base = params.draw(0u32..1000);
        let pool = params.draw(1u32..=4);
        let list = SharedList::new(vec![base]);
        let results = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            together(threads, |t| {
                let mut taken = Vec::new();
                let mut pushed = Vec::new();
                for i in 0..LONG_OPS {
                    if (i + t) % 2 == 0 {
                        taken.extend(list.take());
                    } else {
                        let x = base + (i as u32 / 2 + t as u32) % pool;
                        if list.push_if_absent(x) {
                            pushed.push(x);
                        }
                    }
                }
                (taken, pushed)
            })
        }));
        let Ok(results) = results else {
            problems.add(
                "long-panic",
                rounds,
                format!("длинный раунд {round}: поток запаниковал"),
                format!("long round {round}: a thread panicked"),
            );
            continue;
        };
        let items = list.to_vec();
        let mut came: Vec<u32> = vec![base];
        let mut went: Vec<u32> = items.clone();
        for (taken, pushed) in &results {
            came.extend(pushed);
            went.extend(taken);
        }
        came.sort_unstable();
        went.sort_unstable();
        let mut unique = items.clone();
        unique.sort_unstable();
        unique.dedup();
        if unique.len() != items.len() {
            problems.add(
                "long-duplicate",
                rounds,
                format!("длинный раунд {round}: в списке повтор: {items:?}"),
                format!("long round {round}: a duplicate in the list: {items:?}"),
            );
        } else if came != went {
            problems.add(
                "long-lost",
                rounds,
                format!(
                    "длинный раунд {round}: положено {} элементов, а взято и осталось {}",
                    came.len(),
                    went.len()
                ),
                format!(
                    "long round {round}: {} items put in, but {} taken or left",
                    came.len(),
                    went.len()
                ),
            );
        }
    }
    rounds
}

type Outcomes = Vec<(Vec<Vec<Outcome>>, Vec<u32>)>;

/// Every (results, final list) that some order of whole operations gives.
fn sequential_outcomes(start: &[u32], programs: &[Vec<Op>]) -> Outcomes {
    let mut out = Vec::new();
    let mut next = vec![0; programs.len()];
    let mut results = vec![Vec::new(); programs.len()];
    let mut list = start.to_vec();
    walk(programs, &mut next, &mut results, &mut list, &mut out);
    out
}

fn walk(
    programs: &[Vec<Op>],
    next: &mut Vec<usize>,
    results: &mut Vec<Vec<Outcome>>,
    list: &mut Vec<u32>,
    out: &mut Outcomes,
) {
    let mut any = false;
    for t in 0..programs.len() {
        let Some(&op) = programs[t].get(next[t]) else {
            continue;
        };
        any = true;
        let saved = list.clone();
        let result = match op {
            Op::Take => Outcome::Taken(list.pop()),
            Op::PushIfAbsent(x) => {
                let absent = !list.contains(&x);
                if absent {
                    list.push(x);
                }
                Outcome::Pushed(absent)
            }
        };
        results[t].push(result);
        next[t] += 1;
        walk(programs, next, results, list, out);
        next[t] -= 1;
        results[t].pop();
        *list = saved;
    }
    if !any {
        let outcome = (results.clone(), list.clone());
        if !out.contains(&outcome) {
            out.push(outcome);
        }
    }
}
