//! expect: accept
//! class: scan-false-reject
//! why: a correct CAS loop whose retry count is a local variable named `spin` (not the crate)

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
        let mut spin = 0u32;
        loop {
            let current = self.value.load(Ordering::SeqCst);
            if self
                .value
                .compare_exchange_weak(current, current + 1, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
            {
                break;
            }
            spin += 1;
            if spin > 1_000_000 {
                panic!("слишком много попыток / too many retries");
            }
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
