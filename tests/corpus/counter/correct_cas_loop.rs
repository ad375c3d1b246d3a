//! expect: accept
//! class: correct-unusual
//! why: a compare-exchange loop instead of fetch_add: retries until no other thread wrote in between

use crate::sync::atomic::{AtomicU64, Ordering};

pub struct Counter {
    value: AtomicU64,
}

impl Counter {
    pub fn new() -> Self {
        Counter {
            value: AtomicU64::new(0),
        }
    }

    pub fn increment(&self) {
        let mut current = self.value.load(Ordering::SeqCst);
        loop {
            match self.value.compare_exchange(
                current,
                current + 1,
                Ordering::SeqCst,
                Ordering::SeqCst,
            ) {
                Ok(_) => return,
                Err(actual) => current = actual,
            }
        }
    }

    pub fn get(&self) -> u64 {
        self.value.load(Ordering::SeqCst)
    }
}

impl Default for Counter {
    fn default() -> Self {
        Counter::new()
    }
}
