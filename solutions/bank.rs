//! Reference solution for `bank`: both locks are always taken in the order
//! of the account index, so no two transfers can wait for each other.

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
            // One account: taking its lock twice would deadlock on itself.
            return self.balance(from) >= amount;
        }
        let (first, second) = if from < to { (from, to) } else { (to, from) };
        let mut first_guard = self.accounts[first].lock();
        let mut second_guard = self.accounts[second].lock();
        let (source, target) = if from < to {
            (&mut *first_guard, &mut *second_guard)
        } else {
            (&mut *second_guard, &mut *first_guard)
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
