use labs::bank::Bank;

use super::together;
use crate::params::Params;

pub fn run(params: &mut Params) -> Result<String, String> {
    let rounds = 30;
    for round in 0..rounds {
        let accounts = params.draw(2usize..=4);
        let threads = params.draw(2usize..=4);
        let balances: Vec<i64> = (0..accounts).map(|_| 1_000).collect();
        let plans: Vec<Vec<(usize, usize, i64)>> = (0..threads)
            .map(|_| {
                params.draw(proptest::collection::vec(
                    (0..accounts, 0..accounts, 0i64..=300),
                    200..=400,
                ))
            })
            .collect();
        let bank = Bank::new(&balances);
        together(threads, |t| {
            for &(from, to, amount) in &plans[t] {
                bank.transfer(from, to, amount);
            }
        });
        let total: i64 = (0..accounts).map(|i| bank.balance(i)).sum();
        if total != 1_000 * accounts as i64 {
            return Err(format!(
                "раунд {round}: сумма стала {total} / round {round}: the total became {total}"
            ));
        }
        if let Some(i) = (0..accounts).find(|&i| bank.balance(i) < 0) {
            return Err(format!(
                "раунд {round}: счёт {i} ушёл в минус / round {round}: account {i} went negative"
            ));
        }
    }
    Ok(format!("{rounds} раундов: деньги целы, взаимных блокировок нет / {rounds} rounds, money kept, no deadlock"))
}
