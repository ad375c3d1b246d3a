//! expect: reject
//! class: scan-escape
//! why: macro_rules! with a $root path reaches std::sync::atomic; a racy load/store the model never sees, a facade atomic touched for show

use crate::sync::atomic::{AtomicU64, Ordering};

macro_rules! plain_atomic {
    ($root:ident) => {
        $root::sync::atomic::AtomicU64
    };
}

pub struct Counter {
    hidden: plain_atomic!(std),
    shown: AtomicU64,
}

impl Counter {
    pub fn new() -> Self {
        Counter {
            hidden: <plain_atomic!(std)>::new(0),
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

impl Default for Counter {
    fn default() -> Self {
        Counter::new()
    }
}
