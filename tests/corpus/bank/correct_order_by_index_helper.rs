//! expect: accept
//! class: correct-unusual
//! why: lock order by index through a helper, early return for the same account and for too little money

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

    fn ordered(&self, a: usize, b: usize) -> (usize, usize) {
        if a < b {
            (a, b)
        } else {
            (b, a)
        }
    }

    pub fn transfer(&self, from: usize, to: usize, amount: i64) -> bool {
        if from == to {
            return *self.accounts[from].lock() >= amount;
        }
        let (low, high) = self.ordered(from, to);
        let mut low_guard = self.accounts[low].lock();
        let mut high_guard = self.accounts[high].lock();
        let (source, target) = if from == low {
            (&mut *low_guard, &mut *high_guard)
        } else {
            (&mut *high_guard, &mut *low_guard)
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
