//! expect: reject
//! class: values believed: balances read back from a table
//! why: the accounts never change; transfers are written to a ledger that balance() reports

use crate::sync::Mutex;

pub struct Bank {
    accounts: Vec<Mutex<i64>>,
    ledger: Mutex<Vec<i64>>,
}

impl Bank {
    pub fn new(balances: &[i64]) -> Self {
        Bank {
            accounts: balances.iter().map(|&b| Mutex::new(b)).collect(),
            ledger: Mutex::new(balances.to_vec()),
        }
    }

    pub fn transfer(&self, from: usize, to: usize, amount: i64) -> bool {
        let _ = self.accounts[from].lock();
        let mut ledger = self.ledger.lock();
        if ledger[from] < amount {
            return false;
        }
        ledger[from] -= amount;
        ledger[to] += amount;
        true
    }

    pub fn balance(&self, account: usize) -> i64 {
        self.ledger.lock()[account]
    }

    pub fn total(&self) -> i64 {
        self.ledger.lock().iter().sum()
    }
}
