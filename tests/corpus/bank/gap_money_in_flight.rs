//! expect: reject
//! class: scenario-gap
//! why: takes the money out under the source's lock, releases it, then puts it in under the target's: no deadlock, the final sum is right, but the money is nowhere in between

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
        let mut target = self.accounts[to].lock();
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
