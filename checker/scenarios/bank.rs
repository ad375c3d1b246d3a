//! Scenario `bank`: accounts [100, 100]; T1 moves 30 from 0 to 1 while T2
//! moves 50 from 1 to 0 (a third thread, if the model has one, moves 10 from
//! 0 to 1 again); with `ops` ≥ 2 each then makes a transfer to the same
//! account, which the task says must not break. Expected: no deadlock,
//! every transfer done, and the money the kit itself sees in the locks
//! (never `balance()`, the exercise's word) kept whenever no lock is held,
//! ending as the transfers say.

use crate::model::recorder;
use crate::model::{note, ModelParams, Observation};
use crate::sync::{thread, Arc};
use crate::text::Text;

use super::exercise::Bank;

const START: [i64; 2] = [100, 100];
const TRANSFERS: [(usize, usize, i64); 3] = [(0, 1, 30), (1, 0, 50), (0, 1, 10)];
/// Transfers to the same account, one per thread: they change nothing.
const TO_ITSELF: [(usize, usize, i64); 3] = [(1, 1, 20), (0, 0, 40), (1, 1, 5)];

fn plan(thread: usize, ops: usize) -> Vec<(usize, usize, i64)> {
    (0..ops)
        .map(|op| {
            if op % 2 == 0 {
                TRANSFERS[thread % TRANSFERS.len()]
            } else {
                TO_ITSELF[thread % TO_ITSELF.len()]
            }
        })
        .collect()
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
    let mut want = START;
    for &(from, to, amount) in plans.iter().flatten() {
        want[from] -= amount;
        want[to] += amount;
    }
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
        ru = format!(
            "{ru}; посреди переводов, когда все замки свободны, денег {} вместо {} (счета {:?})",
            breach.total, breach.want, breach.balances
        );
        en = format!(
            "{en}; between transfers, with every lock free, the money was {}, not {} (accounts {:?})",
            breach.total, breach.want, breach.balances
        );
    }
    Observation {
        state: Text::new(ru, en),
        expected: finished && audit.breach.is_none() && balances == want,
    }
}
