//! expect: reject
//! class: scenario gap: money seen in flight
//! why: takes one lock at a time: no deadlock and the right end, but between the two steps the money is gone

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
        {
            let mut source = self.accounts[from].lock();
            if *source < amount {
                return false;
            }
            *source -= amount;
        }
        *self.accounts[to].lock() += amount;
        true
    }

    pub fn balance(&self, account: usize) -> i64 {
        *self.accounts[account].lock()
    }

    pub fn total(&self) -> i64 {
        (0..self.accounts.len()).map(|i| self.balance(i)).sum()
    }
}
