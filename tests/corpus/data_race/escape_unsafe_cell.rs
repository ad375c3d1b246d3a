//! expect: reject
//! class: scan-escape
//! why: std::cell::UnsafeCell behind `unsafe impl Sync`: a real data race the model cannot see

use crate::sync::atomic::{AtomicU64, Ordering};
use std::cell::UnsafeCell;

pub struct RacyCounter {
    value: UnsafeCell<u64>,
    shown: AtomicU64,
}

unsafe impl Sync for RacyCounter {}

impl RacyCounter {
    pub fn new() -> Self {
        RacyCounter {
            value: UnsafeCell::new(0),
            shown: AtomicU64::new(0),
        }
    }

    pub fn increment(&self) {
        self.shown.fetch_add(1, Ordering::SeqCst);
        unsafe {
            *self.value.get() += 1;
        }
    }

    pub fn get(&self) -> u64 {
        self.shown.load(Ordering::SeqCst);
        unsafe { *self.value.get() }
    }
}

impl Default for RacyCounter {
    fn default() -> Self {
        RacyCounter::new()
    }
}
