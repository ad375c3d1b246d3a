//! expect: accept
//! class: unusual correct fix: lock ordering by another key
//! why: always the higher index first; a self-transfer locks once

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

    pub fn transfer(&self, from: usize, to: usize, amount: i64) -> bool {
        if from == to {
            let balance = self.accounts[from].lock();
            return *balance >= amount;
        }
        let high = from.max(to);
        let low = from.min(to);
        let mut high_guard = self.accounts[high].lock();
        let mut low_guard = self.accounts[low].lock();
        let (source, target) = if from == high {
            (&mut *high_guard, &mut *low_guard)
        } else {
            (&mut *low_guard, &mut *high_guard)
        };
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
