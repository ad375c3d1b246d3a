//! expect: accept
//! class: correct-unusual
//! why: accounts as Arc<Mutex<i64>> handles, locked lower index first, the same account locked once

use crate::sync::{Arc, Mutex};

pub struct Bank {
    accounts: Vec<Arc<Mutex<i64>>>,
}

impl Bank {
    pub fn new(balances: &[i64]) -> Self {
        Bank {
            accounts: balances.iter().map(|&b| Arc::new(Mutex::new(b))).collect(),
        }
    }

    pub fn transfer(&self, from: usize, to: usize, amount: i64) -> bool {
        if from == to {
            let account = Arc::clone(&self.accounts[from]);
            let balance = account.lock();
            return *balance >= amount;
        }
        let first = Arc::clone(&self.accounts[from.min(to)]);
        let second = Arc::clone(&self.accounts[from.max(to)]);
        let mut first = first.lock();
        let mut second = second.lock();
        let (source, target) = if from < to {
            (&mut *first, &mut *second)
        } else {
            (&mut *second, &mut *first)
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
