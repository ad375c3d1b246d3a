//! expect: reject
//! class: model-detection
//! why: index order when size_of the facade's Mutex is the model's; for real, the balance is read under one lock and written under another (lost updates)

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

    fn watched() -> bool {
        // parking_lot's Mutex<i64> is a byte of lock and the value: 16.
        std::mem::size_of::<Mutex<i64>>() != 16
    }

    pub fn transfer(&self, from: usize, to: usize, amount: i64) -> bool {
        if from == to {
            return self.balance(from) >= amount;
        }
        if Self::watched() {
            let (first, second) = (from.min(to), from.max(to));
            let mut a = self.accounts[first].lock();
            let mut b = self.accounts[second].lock();
            let (source, target) = if from < to {
                (&mut *a, &mut *b)
            } else {
                (&mut *b, &mut *a)
            };
            if *source < amount {
                return false;
            }
            *source -= amount;
            *target += amount;
            return true;
        }
        let source = self.balance(from);
        if source < amount {
            return false;
        }
        *self.accounts[from].lock() = source - amount;
        let target = self.balance(to);
        *self.accounts[to].lock() = target + amount;
        true
    }

    pub fn balance(&self, account: usize) -> i64 {
        *self.accounts[account].lock()
    }

    pub fn total(&self) -> i64 {
        (0..self.accounts.len()).map(|i| self.balance(i)).sum()
    }
}
