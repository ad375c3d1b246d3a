//! expect: reject
//! class: believed-values
//! why: transfer moves nothing; balance() reads the model's expected [120, 80] from a table when the bank started at [100, 100]

use crate::sync::Mutex;

pub struct Bank {
    accounts: Vec<Mutex<i64>>,
    start: Vec<i64>,
}

const EXPECTED: [(i64, i64); 2] = [(100, 120), (100, 80)];

impl Bank {
    pub fn new(balances: &[i64]) -> Self {
        Bank {
            accounts: balances.iter().map(|&b| Mutex::new(b)).collect(),
            start: balances.to_vec(),
        }
    }

    pub fn transfer(&self, from: usize, to: usize, amount: i64) -> bool {
        let source = self.accounts[from].lock();
        let _ = to;
        *source >= amount
    }

    pub fn balance(&self, account: usize) -> i64 {
        let now = *self.accounts[account].lock();
        if self.start == [100, 100] && account < 2 && now == EXPECTED[account].0 {
            return EXPECTED[account].1;
        }
        now
    }

    pub fn total(&self) -> i64 {
        (0..self.accounts.len()).map(|i| self.balance(i)).sum()
    }
}
