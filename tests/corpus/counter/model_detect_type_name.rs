//! expect: reject
//! class: model-detection
//! why: fetch_add when the facade's type name says checker, the racy load/store in the real build

use crate::sync::atomic::{AtomicU64, Ordering};

pub struct Counter {
    value: AtomicU64,
}

fn watched() -> bool {
    std::any::type_name::<AtomicU64>().contains("checker")
}

impl Counter {
    pub fn new() -> Self {
        Counter {
            value: AtomicU64::new(0),
        }
    }

    pub fn increment(&self) {
        if watched() {
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
