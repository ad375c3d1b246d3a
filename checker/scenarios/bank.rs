//! Scenario `bank`: accounts [40, 40]; T1 moves 30 from 0 to 1 while T2
//! moves 20 from 1 to 0 and then 50 from 0 to 1 (a third thread, if the
//! model has one, moves 10 from 0 to 1). T1's and T2's withdrawals from
//! account 0 cannot both succeed: whichever comes second must fail. With
//! `ops` ≥ 2 each thread ends with a transfer to the same account, which
//! the task says must not break. Expected: no deadlock, every transfer done,
//! and the money the kit itself sees in the locks (never `balance()`, the
//! exercise's word) kept and never below zero whenever no lock is held,
//! ending as some sequential order of the transfers (each thread's in its
//! own order) leaves it.

use std::collections::BTreeSet;

use crate::model::recorder;
use crate::model::{note, ModelParams, Observation};
use crate::sync::{thread, Arc};
use crate::text::Text;

use super::exercise::Bank;

type Transfer = (usize, usize, i64);

const START: [i64; 2] = [40, 40];
/// The transfers between accounts, per thread. T1's first and T2's first
/// take the two locks in opposite orders (the starter's deadlock); T1's
/// and T2's withdrawals from account 0 compete for its money.
const TRANSFERS: [&[Transfer]; 3] = [&[(0, 1, 30)], &[(1, 0, 20), (0, 1, 50)], &[(0, 1, 10)]];
/// Transfers to the same account, one per thread: they change nothing.
const TO_ITSELF: [Transfer; 3] = [(1, 1, 20), (0, 0, 40), (1, 1, 5)];

fn plan(thread: usize, ops: usize) -> Vec<Transfer> {
    let mut plan = TRANSFERS[thread % TRANSFERS.len()].to_vec();
    if ops >= 2 {
        plan.push(TO_ITSELF[thread % TO_ITSELF.len()]);
    }
    plan
}

/// The balances every sequential order of the plans can leave: the
/// transfers run one at a time, each thread's in its program order, and a
/// transfer the source cannot cover changes nothing.
fn sequential_outcomes(plans: &[Vec<Transfer>]) -> BTreeSet<Vec<i64>> {
    fn walk(
        plans: &[Vec<Transfer>],
        next: &mut [usize],
        balances: &mut Vec<i64>,
        out: &mut BTreeSet<Vec<i64>>,
    ) {
        let mut any = false;
        for t in 0..plans.len() {
            let Some(&(from, to, amount)) = plans[t].get(next[t]) else {
                continue;
            };
            any = true;
            let before = balances.clone();
            if from != to && balances[from] >= amount {
                balances[from] -= amount;
                balances[to] += amount;
            }
            next[t] += 1;
            walk(plans, next, balances, out);
            next[t] -= 1;
            *balances = before;
        }
        if !any {
            out.insert(balances.clone());
        }
    }
    let mut out = BTreeSet::new();
    walk(plans, &mut vec![0; plans.len()], &mut START.to_vec(), &mut out);
    out
}

pub fn run(params: &ModelParams) -> Observation {
    recorder::audit_start();
    let bank = Arc::new(Bank::new(&START));
    let plans: Vec<_> = (0..params.threads).map(|t| plan(t, params.ops)).collect();
    let handles: Vec<_> = plans
        .iter()
        .cloned()
        .map(|plan| {
            let bank = Arc::clone(&bank);
            thread::spawn(move || {
                for (from, to, amount) in plan {
                    let done = bank.transfer(from, to, amount);
                    note(Text::same(format!("transfer({from} → {to}, {amount}) → {done}")));
                }
            })
        })
        .collect();
    // Join every thread before judging.
    let joined: Vec<bool> = handles.into_iter().map(|h| h.join().is_ok()).collect();
    let finished = joined.iter().all(|&ok| ok);
    let outcomes = sequential_outcomes(&plans);
    let audit = recorder::audit_finish().unwrap_or(recorder::AuditResult {
        breach: None,
        balances: Vec::new(),
    });
    let balances = audit.balances;
    let total: i64 = balances.iter().sum();
    let (mut ru, mut en) = (
        format!("счета = {balances:?}, сумма {total}"),
        format!("accounts = {balances:?}, total {total}"),
    );
    if balances.is_empty() {
        ru = "денег в замках не видно: счета — crate::sync::Mutex<i64> (или один Mutex<Vec<i64>>)".to_string();
        en = "no money seen in the locks: keep the accounts in crate::sync::Mutex<i64> (or one Mutex<Vec<i64>>)".to_string();
    }
    if let Some(breach) = &audit.breach {
        if breach.overdrawn() {
            ru = format!(
                "{ru}; посреди переводов, когда все замки свободны, счёт ушёл в минус (счета {:?})",
                breach.balances
            );
            en = format!(
                "{en}; between transfers, with every lock free, an account was below zero (accounts {:?})",
                breach.balances
            );
        } else {
            ru = format!(
                "{ru}; посреди переводов, когда все замки свободны, денег {} вместо {} (счета {:?})",
                breach.total, breach.want, breach.balances
            );
            en = format!(
                "{en}; between transfers, with every lock free, the money was {}, not {} (accounts {:?})",
                breach.total, breach.want, breach.balances
            );
        }
    }
    let sequential = outcomes.contains(&balances);
    if !balances.is_empty() && audit.breach.is_none() && !sequential {
        let orders: Vec<String> = outcomes.iter().map(|o| format!("{o:?}")).collect();
        ru = format!(
            "{ru}; ни один последовательный порядок переводов так не кончается (они дают {})",
            orders.join(" или ")
        );
        en = format!(
            "{en}; no sequential order of the transfers ends so (they give {})",
            orders.join(" or ")
        );
    }
    Observation {
        state: Text::new(ru, en),
        expected: finished && audit.breach.is_none() && sequential,
    }
}
