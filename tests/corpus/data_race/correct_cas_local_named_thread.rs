//! expect: accept
//! class: scan-false-reject
//! why: a compare-exchange loop with locals named `thread` and `sync`

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
        let sync = &self.value;
        let mut thread = sync.load(Ordering::SeqCst);
        while let Err(now) =
            sync.compare_exchange(thread, thread + 1, Ordering::SeqCst, Ordering::SeqCst)
        {
            thread = now;
        }
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
