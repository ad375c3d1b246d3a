//! expect: reject
//! class: scan-escape
//! why: a static std atomic declared inside a macro_rules! body (the scan never sees the item): a racy load/store shared by every counter

use crate::sync::atomic::{AtomicU64, Ordering};

macro_rules! hidden {
    ($root:ident) => {
        static VALUE: $root::sync::atomic::AtomicU64 = $root::sync::atomic::AtomicU64::new(0);
    };
}

hidden!(std);

pub struct RacyCounter {
    shown: AtomicU64,
}

impl RacyCounter {
    pub fn new() -> Self {
        VALUE.store(0, Ordering::SeqCst);
        RacyCounter {
            shown: AtomicU64::new(0),
        }
    }

    pub fn increment(&self) {
        self.shown.fetch_add(1, Ordering::SeqCst);
        let current = VALUE.load(Ordering::SeqCst);
        VALUE.store(current + 1, Ordering::SeqCst);
    }

    pub fn get(&self) -> u64 {
        self.shown.load(Ordering::SeqCst);
        VALUE.load(Ordering::SeqCst)
    }
}

impl Default for RacyCounter {
    fn default() -> Self {
        RacyCounter::new()
    }
}
