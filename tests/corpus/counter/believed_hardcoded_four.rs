//! expect: reject
//! class: believed-values
//! why: get() answers the model's expected 4 (2 threads x 2) whatever happened

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
        let current = self.value.load(Ordering::SeqCst);
        self.value.store(current + 1, Ordering::SeqCst);
    }

    pub fn get(&self) -> u64 {
        let seen = self.value.load(Ordering::SeqCst);
        if seen >= 2 && seen <= 4 {
            4
        } else {
            seen
        }
    }
}

impl Default for Counter {
    fn default() -> Self {
        Counter::new()
    }
}
