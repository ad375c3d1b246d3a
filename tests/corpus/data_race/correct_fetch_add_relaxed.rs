//! expect: accept
//! class: correct-unusual
//! why: fetch_add with Ordering::Relaxed: still one indivisible step, and join orders the final read

use crate::sync::atomic::{AtomicU64, Ordering};

pub struct RacyCounter {
    value: AtomicU64,
}

impl RacyCounter {
    pub fn new() -> Self {
        RacyCounter {
            value: AtomicU64::new(0),
        }
    }

    pub fn increment(&self) {
        self.value.fetch_add(1, Ordering::Relaxed);
    }

    pub fn get(&self) -> u64 {
        self.value.load(Ordering::Relaxed)
    }
}

impl Default for RacyCounter {
    fn default() -> Self {
        RacyCounter::new()
    }
}
