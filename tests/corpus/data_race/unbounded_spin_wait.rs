//! expect: reject
//! class: unbounded-time
//! why: spin-waits for a flag nobody ever sets: the check never ends on its own

use crate::sync::atomic::{AtomicBool, AtomicU64, Ordering};

pub struct RacyCounter {
    value: AtomicU64,
    ready: AtomicBool,
}

impl RacyCounter {
    pub fn new() -> Self {
        RacyCounter {
            value: AtomicU64::new(0),
            ready: AtomicBool::new(false),
        }
    }

    pub fn increment(&self) {
        while !self.ready.load(Ordering::SeqCst) {}
        self.value.fetch_add(1, Ordering::SeqCst);
    }

    pub fn get(&self) -> u64 {
        self.value.load(Ordering::SeqCst)
    }
}

impl Default for RacyCounter {
    fn default() -> Self {
        RacyCounter::new()
    }
}
