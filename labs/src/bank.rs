//! Упражнение `bank` — переводы между счетами и взаимная блокировка.
//! Exercise `bank` — transfers between accounts, and a deadlock.
//!
//! `transfer` блокирует сначала счёт «откуда», потом счёт «куда». Два
//! встречных перевода (0 → 1 и 1 → 0) берут те же два замка в разном
//! порядке: каждый держит один и ждёт другой — вечно (deadlock).
//! `transfer` locks the "from" account, then the "to" account. Two opposite
//! transfers take the same two locks in opposite orders: each holds one and
//! waits for the other, forever.
//!
//! Задание / Task: один глобальный порядок блокировок (например, по номеру
//! счёта), деньги сохраняются, перевод самому себе ничего не ломает.
//! One global lock order (e.g. by account index); money is conserved; a
//! transfer to the same account does not break anything.

use crate::sync::Mutex;

pub struct Bank {
    accounts: Vec<Mutex<i64>>,
}

impl Bank {
    pub fn new(balances: &[i64]) -> Self {
        Bank {
            accounts: balances.iter().map(|&b| Mutex::new(b)).collect(),
        }
    }

    /// Перевести `amount` со счёта `from` на счёт `to`; `false`, если денег
    /// не хватает. Move `amount` from `from` to `to`; `false` if the balance
    /// is too low.
    pub fn transfer(&self, from: usize, to: usize, amount: i64) -> bool {
        if from == to {
            // Самому себе: деньги остаются на месте. To itself: the money
            // stays where it is.
            return self.balance(from) >= amount;
        }
        let mut source = self.accounts[from].lock();
        let mut target = self.accounts[to].lock();
        if *source < amount {
            return false;
        }
        *source -= amount;
        *target += amount;
        true
    }

    pub fn balance(&self, account: usize) -> i64 {
        *self.accounts[account].lock()
    }

    pub fn total(&self) -> i64 {
        (0..self.accounts.len()).map(|i| self.balance(i)).sum()
    }
}
