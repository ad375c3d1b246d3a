//! expect: reject
//! class: scan-escape
//! why: `extern crate std as plain;` renames std so the paths no longer start with `std`; a racy load/store on a std atomic

extern crate std as plain;

use crate::sync::atomic::{AtomicU64, Ordering};

pub struct RacyCounter {
    hidden: plain::sync::atomic::AtomicU64,
    shown: AtomicU64,
}

impl RacyCounter {
    pub fn new() -> Self {
        RacyCounter {
            hidden: plain::sync::atomic::AtomicU64::new(0),
            shown: AtomicU64::new(0),
        }
    }

    pub fn increment(&self) {
        self.shown.fetch_add(1, Ordering::SeqCst);
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
