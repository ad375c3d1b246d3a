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
    problems.verdict(format!(
        "{rounds} раундов, {done} переводов (каждый десятый — самому себе): все сделаны, счета точно как по переводам, взаимных блокировок нет / {rounds} rounds, {done} transfers (every tenth to the same account): all done, the accounts exactly as the transfers say, no deadlock"
    ))
}
