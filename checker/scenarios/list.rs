//! Scenario `list`: the list starts as [7]; each thread calls `take()` and
//! then (with `ops` ≥ 2) `push_if_absent(5)`. Expected: every operation acts
//! as if it ran alone — the results and the final list are those of some
//! order of whole operations — and nobody panics.

use crate::model::{note, ModelParams, Observation};
use crate::sync::{thread, Arc};
use crate::text::Text;

use super::exercise::SharedList;

/// The task's items: the list starts as [7] and 5 is added. With a salt
/// (`ModelParams::salt`), two other items the code cannot foresee, so that a
/// list right only for 7 and 5 is still judged.
fn items(params: &ModelParams) -> (u32, u32) {
    match params.salt {
        None => (7, 5),
        Some(salt) => {
            let start = 10 + salt % 90;
            let added = 10 + (start - 10 + 1 + (salt / 90) % 89) % 90;
            (start, added)
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Take,
    PushIfAbsent,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Result {
    Taken(Option<u32>),
    Pushed(bool),
}

fn program(ops: usize) -> Vec<Op> {
    [Op::Take, Op::PushIfAbsent].into_iter().take(ops).collect()
}

pub fn run(params: &ModelParams) -> Observation {
    let (start, added) = items(params);
    let list = Arc::new(SharedList::new(vec![start]));
    let handles: Vec<_> = (0..params.threads)
        .map(|_| {
            let list = Arc::clone(&list);
            let ops = params.ops;
            thread::spawn(move || {
                let mut results = Vec::new();
                for op in program(ops) {
                    let result = match op {
                        Op::Take => {
                            let taken = list.take();
                            note(Text::same(format!("take() → {taken:?}")));
                            Result::Taken(taken)
                        }
                        Op::PushIfAbsent => {
                            let pushed = list.push_if_absent(added);
                            note(Text::same(format!("push_if_absent({added}) → {pushed}")));
                            Result::Pushed(pushed)
                        }
                    };
                    results.push(result);
                }
                results
            })
        })
        .collect();
    let results: Vec<Vec<Result>> = handles.into_iter().filter_map(|h| h.join().ok()).collect();
    let items = list.to_vec();

    let shown: Vec<String> = results
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let r: Vec<String> = r
                .iter()
                .map(|x| match x {
                    Result::Taken(t) => format!("take → {t:?}"),
                    Result::Pushed(p) => format!("push_if_absent → {p}"),
                })
                .collect();
            format!("T{}: {}", i + 1, r.join(", "))
        })
        .collect();
    let shown = shown.join("; ");
    let expected = results.len() == params.threads
        && sequential_outcomes(params).contains(&(results.clone(), items.clone()));
    Observation {
        state: Text::new(
            format!("{shown}; список = {items:?}"),
            format!("{shown}; list = {items:?}"),
        ),
        expected,
    }
}

/// Every (results, final list) that some order of whole operations gives.
fn sequential_outcomes(params: &ModelParams) -> Vec<(Vec<Vec<Result>>, Vec<u32>)> {
    let programs: Vec<Vec<Op>> = (0..params.threads).map(|_| program(params.ops)).collect();
    let mut out = Vec::new();
    let mut next = vec![0; params.threads];
    let mut results = vec![Vec::new(); params.threads];
    let (start, added) = items(params);
    let mut list = vec![start];
    walk(&programs, added, &mut next, &mut results, &mut list, &mut out);
    out
}

fn walk(
    programs: &[Vec<Op>],
    added: u32,
    next: &mut Vec<usize>,
    results: &mut Vec<Vec<Result>>,
    list: &mut Vec<u32>,
    out: &mut Vec<(Vec<Vec<Result>>, Vec<u32>)>,
) {
    let mut any = false;
    for t in 0..programs.len() {
        let Some(&op) = programs[t].get(next[t]) else {
            continue;
        };
        any = true;
        let saved = list.clone();
        let result = match op {
            Op::Take => Result::Taken(list.pop()),
            Op::PushIfAbsent => {
                let absent = !list.contains(&added);
                if absent {
                    list.push(added);
                }
                Result::Pushed(absent)
            }
        };
        results[t].push(result);
        next[t] += 1;
        walk(programs, added, next, results, list, out);
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
