use labs::bank::Bank;

use super::{together, Problems};
use crate::params::Params;

/// Enough in every account that no transfer of the plan can fail: the end
/// state is then fixed by the plan alone, whatever the interleaving.
const START: i64 = 1_000_000;

/// Random transfers on 2–4 threads, every tenth one to the same account:
/// no deadlock (the caller's time limit), every transfer done, and the
/// final balances exactly what the plan says — at least what the model
/// checks, on random amounts rather than the model's.
pub fn run(params: &mut Params) -> Result<String, String> {
    let rounds = 30;
    let mut problems = Problems::default();
    let mut done = 0usize;
    for round in 0..rounds {
        let accounts = params.draw(2usize..=4);
        let threads = params.draw(2usize..=4);
        let plans: Vec<Vec<(usize, usize, i64)>> = (0..threads)
            .map(|_| {
                let mut plan = params.draw(proptest::collection::vec(
                    (0..accounts, 0..accounts, 1i64..=300),
                    200..=400,
                ));
                for (i, transfer) in plan.iter_mut().enumerate() {
                    if i % 10 == 0 {
                        transfer.1 = transfer.0;
                    }
                }
                plan
            })
            .collect();
        let mut want = vec![START; accounts];
        for &(from, to, amount) in plans.iter().flatten() {
            want[from] -= amount;
            want[to] += amount;
        }
        let bank = Bank::new(&vec![START; accounts]);
        let refused: Vec<Vec<(usize, usize, i64)>> = together(threads, |t| {
            plans[t]
                .iter()
                .copied()
                .filter(|&(from, to, amount)| !bank.transfer(from, to, amount))
                .collect()
        });
        done += plans.iter().map(Vec::len).sum::<usize>();
        if let Some(&(from, to, amount)) = refused.iter().flatten().next() {
            problems.add(
                "refused",
                rounds,
                format!("раунд {round}: transfer({from} → {to}, {amount}) вернул false, хотя денег хватало"),
                format!("round {round}: transfer({from} → {to}, {amount}) returned false with money enough"),
            );
        }
        let balances: Vec<i64> = (0..accounts).map(|i| bank.balance(i)).collect();
        if balances != want {
            let total: i64 = balances.iter().sum();
            problems.add(
                "balances",
                rounds,
                format!("раунд {round}: счета {balances:?} (сумма {total}), а по переводам должны быть {want:?}"),
                format!("round {round}: accounts {balances:?} (total {total}), the transfers make them {want:?}"),
            );
        }
    }
    let short_rounds = 30;
    for round in 0..short_rounds {
        short_round(params, round, short_rounds, &mut problems);
    }
    problems.verdict(format!(
        "{rounds} раундов, {done} переводов (каждый десятый — самому себе): все сделаны, счета точно как по переводам, взаимных блокировок нет; {short_rounds} раундов с малыми счетами и списаниями наперегонки: ни одного счёта в минусе, сумма сохранена / {rounds} rounds, {done} transfers (every tenth to the same account): all done, the accounts exactly as the transfers say, no deadlock; {short_rounds} rounds with small balances and contended withdrawals: no account below zero, the total kept"
    ))
}

/// Small balances and many threads withdrawing from the same account at
/// once, so that many transfers must fail: a balance checked outside the
/// locks lets two of them pass and overdraw it. Only what must hold in any
/// order is checked: no account below zero, the total kept.
fn short_round(params: &mut Params, round: usize, rounds: usize, problems: &mut Problems) {
    let accounts = params.draw(2usize..=3);
    let threads = params.draw(2usize..=4);
    let start: Vec<i64> = (0..accounts).map(|_| params.draw(0i64..=50)).collect();
    let plans: Vec<Vec<(usize, usize, i64)>> = (0..threads)
        .map(|_| {
            // Mostly out of account 0, the contended one.
            params
                .draw(proptest::collection::vec(
                    (0..accounts * 2, 0..accounts, 1i64..=40),
                    100..=200,
                ))
                .into_iter()
                .map(|(from, to, amount)| (if from >= accounts { 0 } else { from }, to, amount))
                .collect()
        })
        .collect();
    let bank = Bank::new(&start);
    let _ = together(threads, |t| {
        for &(from, to, amount) in &plans[t] {
            bank.transfer(from, to, amount);
        }
    });
    let balances: Vec<i64> = (0..accounts).map(|i| bank.balance(i)).collect();
    let total: i64 = balances.iter().sum();
    let want: i64 = start.iter().sum();
    if balances.iter().any(|&b| b < 0) || total != want {
        problems.add(
            "overdrawn",
            rounds,
            format!("раунд с малыми счетами {round}: из {start:?} вышло {balances:?} (сумма {total} из {want}); счёт не может уйти в минус"),
            format!("small-balance round {round}: {start:?} became {balances:?} (total {total} of {want}); no account may go below zero"),
        );
    }
}
