//! expect: accept
//! class: scan-false-reject
//! why: the index-ordered fix with locals named `loom`, `spin` and `thread`

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
            let thread = self.accounts[from].lock();
            return *thread >= amount;
        }
        let loom = from.min(to);
        let spin = from.max(to);
        let mut first = self.accounts[loom].lock();
        let mut second = self.accounts[spin].lock();
        let (source, target) = if from == loom {
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
