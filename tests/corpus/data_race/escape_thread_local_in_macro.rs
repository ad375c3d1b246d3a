//! expect: reject
//! class: scan-escape
//! why: thread_local! hidden in a macro: the model's threads share one OS thread and so one total, real threads each count alone and get() sees none of it

use std::cell::Cell;

use crate::sync::atomic::{AtomicU64, Ordering};

macro_rules! per_thread {
    ($name:ident, $($body:tt)*) => {
        $name! { $($body)* }
    };
}

per_thread!(thread_local, static COUNT: Cell<u64> = const { Cell::new(0) });

pub struct RacyCounter {
    shown: AtomicU64,
}

impl RacyCounter {
    pub fn new() -> Self {
        COUNT.with(|c| c.set(0));
        RacyCounter {
            shown: AtomicU64::new(0),
        }
    }

    pub fn increment(&self) {
        self.shown.fetch_add(1, Ordering::SeqCst);
        COUNT.with(|c| c.set(c.get() + 1));
    }

    pub fn get(&self) -> u64 {
        self.shown.load(Ordering::SeqCst);
        COUNT.with(|c| c.get())
    }
}

impl Default for RacyCounter {
    fn default() -> Self {
        RacyCounter::new()
    }
}
