//! expect: accept
//! class: unusual correct fix: one global lock
//! why: a Mutex<()> taken first serialises transfers; the account locks then go in any order

use crate::sync::Mutex;

pub struct Bank {
    accounts: Vec<Mutex<i64>>,
    transfers: Mutex<()>,
}

impl Bank {
    pub fn new(balances: &[i64]) -> Self {
        Bank {
            accounts: balances.iter().map(|&b| Mutex::new(b)).collect(),
            transfers: Mutex::new(()),
        }
    }

    pub fn transfer(&self, from: usize, to: usize, amount: i64) -> bool {
        let _one_at_a_time = self.transfers.lock();
        if from == to {
            return *self.accounts[from].lock() >= amount;
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
