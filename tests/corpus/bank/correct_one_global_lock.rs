//! expect: accept
//! class: correct-unusual
//! why: one lock over all the balances (Mutex<Vec<i64>>): no lock order to get wrong, a self-transfer is harmless

use crate::sync::Mutex;

pub struct Bank {
    accounts: Mutex<Vec<i64>>,
}

impl Bank {
    pub fn new(balances: &[i64]) -> Self {
        Bank {
            accounts: Mutex::new(balances.to_vec()),
        }
    }

    pub fn transfer(&self, from: usize, to: usize, amount: i64) -> bool {
        let mut accounts = self.accounts.lock();
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        accounts[to] += amount;
        true
    }

    pub fn balance(&self, account: usize) -> i64 {
        self.accounts.lock()[account]
    }

    pub fn total(&self) -> i64 {
        self.accounts.lock().iter().sum()
    }
}
