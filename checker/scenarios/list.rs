//! Scenario `list`: the list starts as [7]; each thread calls `take()` and
//! then (with `ops` ≥ 2) `push_if_absent(5)`. Expected: every operation acts
//! as if it ran alone — the results and the final list are those of some
//! order of whole operations — and nobody panics.

use crate::model::{note, ModelParams, Observation};
use crate::sync::{thread, Arc};
use crate::text::Text;

use super::exercise::SharedList;

const START: [u32; 1] = [7];
const ADDED: u32 = 5;

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
    let list = Arc::new(SharedList::new(START.to_vec()));
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
                            let added = list.push_if_absent(ADDED);
                            note(Text::same(format!("push_if_absent({ADDED}) → {added}")));
                            Result::Pushed(added)
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
                    Result::Taken(t) => format!("{t:?}"),
                    Result::Pushed(p) => format!("{p}"),
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
    let mut list = START.to_vec();
    walk(&programs, &mut next, &mut results, &mut list, &mut out);
    out
}

fn walk(
    programs: &[Vec<Op>],
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
                let absent = !list.contains(&ADDED);
                if absent {
                    list.push(ADDED);
                }
                Result::Pushed(absent)
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
