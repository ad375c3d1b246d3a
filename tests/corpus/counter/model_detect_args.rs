//! expect: reject
//! class: model-detection
//! why: looks for `__model` in the process arguments; racy load/store when it is not there

use crate::sync::atomic::{AtomicU64, Ordering};

pub struct Counter {
    value: AtomicU64,
    careful: bool,
}

impl Counter {
    pub fn new() -> Self {
        Counter {
            value: AtomicU64::new(0),
            careful: std::env::args().any(|a| a == "__model"),
        }
    }

    pub fn increment(&self) {
        if self.careful {
            self.value.fetch_add(1, Ordering::SeqCst);
            return;
        }
        let current = self.value.load(Ordering::SeqCst);
        self.value.store(current + 1, Ordering::SeqCst);
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
