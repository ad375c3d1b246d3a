//! expect: reject
//! class: scenario gap: transfer to the same account
//! why: locks by index but takes the same mutex twice when from == to

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
        let (first, second) = if from <= to { (from, to) } else { (to, from) };
        let mut a = self.accounts[first].lock();
        let mut b = self.accounts[second].lock();
        let (source, target) = if from <= to { (&mut *a, &mut *b) } else { (&mut *b, &mut *a) };
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
