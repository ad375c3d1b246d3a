//! expect: reject
//! class: scenario-gap
//! why: try_lock both accounts and report failure when either is busy: no deadlock, but transfers that should happen are skipped

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
            return self.balance(from) >= amount;
        }
        let Some(mut source) = self.accounts[from].try_lock() else {
            return false;
        };
        let Some(mut target) = self.accounts[to].try_lock() else {
            return false;
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
