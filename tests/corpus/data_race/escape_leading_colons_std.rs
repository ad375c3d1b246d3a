//! expect: reject
//! class: scan-escape
//! why: `::std::sync::atomic` with a leading `::` and a `use std as s` alias; a racy load/store the model never sees

use crate::sync::atomic::{AtomicU64, Ordering};

use std as s;

pub struct RacyCounter {
    hidden: ::std::sync::atomic::AtomicU64,
    other: s::sync::atomic::AtomicBool,
    shown: AtomicU64,
}

impl RacyCounter {
    pub fn new() -> Self {
        RacyCounter {
            hidden: ::std::sync::atomic::AtomicU64::new(0),
            other: s::sync::atomic::AtomicBool::new(false),
            shown: AtomicU64::new(0),
        }
    }

    pub fn increment(&self) {
        self.shown.fetch_add(1, Ordering::SeqCst);
        self.other.store(true, Ordering::SeqCst);
        let current = self.hidden.load(Ordering::SeqCst);
        self.hidden.store(current + 1, Ordering::SeqCst);
    }

    pub fn get(&self) -> u64 {
        self.shown.load(Ordering::SeqCst);
        self.hidden.load(Ordering::SeqCst)
    }
}

impl Default for RacyCounter {
    fn default() -> Self {
        RacyCounter::new()
    }
}
