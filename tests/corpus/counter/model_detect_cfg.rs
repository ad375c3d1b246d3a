//! expect: reject
//! class: model-detection
//! why: hopes `cfg!(loom)` tells the checker apart; the racy branch is what really runs

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
        if cfg!(loom) {
            self.value.fetch_add(1, Ordering::SeqCst);
        } else {
            let current = self.value.load(Ordering::SeqCst);
            self.value.store(current + 1, Ordering::SeqCst);
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
