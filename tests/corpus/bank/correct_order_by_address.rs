//! expect: accept
//! class: correct-unusual
//! why: lock order by the accounts' addresses (a key like the index), the same-account case handled first

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
        let a = &self.accounts[from];
        let b = &self.accounts[to];
        let a_key = a as *const Mutex<i64> as usize;
        let b_key = b as *const Mutex<i64> as usize;
        let (mut source, mut target) = if a_key < b_key {
            let source = a.lock();
            let target = b.lock();
            (source, target)
        } else {
            let target = b.lock();
            let source = a.lock();
            (source, target)
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
