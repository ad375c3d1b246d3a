//! Scenario `bank`: accounts [100, 100]; T1 moves 30 from 0 to 1 while T2
//! moves 50 from 1 to 0 (a third thread, if the model has one, moves 10 from
//! 0 to 1 again). Expected: no deadlock, every transfer done, money kept.

use crate::model::{note, ModelParams, Observation};
use crate::sync::{thread, Arc};
use crate::text::Text;

use super::exercise::Bank;

const TRANSFERS: [(usize, usize, i64); 3] = [(0, 1, 30), (1, 0, 50), (0, 1, 10)];

pub fn run(params: &ModelParams) -> Observation {
    let bank = Arc::new(Bank::new(&[100, 100]));
    let plan: Vec<(usize, usize, i64)> = TRANSFERS.iter().copied().cycle().take(params.threads).collect();
    let handles: Vec<_> = plan
        .iter()
        .map(|&(from, to, amount)| {
            let bank = Arc::clone(&bank);
            let ops = params.ops;
            thread::spawn(move || {
                for _ in 0..ops {
                    let done = bank.transfer(from, to, amount);
                    note(Text::same(format!("transfer({from} → {to}, {amount}) → {done}")));
                }
            })
        })
        .collect();
    // Join every thread before judging.
    let joined: Vec<bool> = handles.into_iter().map(|h| h.join().is_ok()).collect();
    let finished = joined.iter().all(|&ok| ok);
    let balances = [bank.balance(0), bank.balance(1)];
    let mut want = [100i64, 100];
    for &(from, to, amount) in &plan {
        for _ in 0..params.ops {
            want[from] -= amount;
            want[to] += amount;
        }
    }
    let total: i64 = balances.iter().sum();
    Observation {
        state: Text::new(
            format!("счета = {balances:?}, сумма {total}"),
            format!("accounts = {balances:?}, total {total}"),
        ),
        expected: finished && balances == want,
    }
}
