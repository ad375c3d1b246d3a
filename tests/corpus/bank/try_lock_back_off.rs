//! expect: reject
//! class: unbounded-time
//! why: takes from, tries to; on failure lets both go, yields and tries again: two transfers can back off each other forever (a livelock), so no exploration of every schedule ends

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
        loop {
            let mut source = self.accounts[from].lock();
            if let Some(mut target) = self.accounts[to].try_lock() {
                if *source < amount {
                    return false;
                }
                *source -= amount;
                *target += amount;
                return true;
            }
            drop(source);
            crate::sync::thread::yield_now();
        }
    }

    pub fn balance(&self, account: usize) -> i64 {
        *self.accounts[account].lock()
    }

    pub fn total(&self) -> i64 {
        (0..self.accounts.len()).map(|i| self.balance(i)).sum()
    }
}
