//! Упражнение `__ID__` — TODO: название.
//! Exercise `__ID__` — TODO: title.
//!
//! TODO: что делает код и где в нём гонка (по-русски).
//! TODO: what the code does and where its race is (in English).
//!
//! Задание / Task: TODO.
//!
//! (Written by `cargo lab new`: a working racy example to replace — the
//! tally below loses an update when two threads add at once.)

use crate::sync::atomic::{AtomicU64, Ordering};

pub struct Tally {
    value: AtomicU64,
}

impl Tally {
    pub fn new() -> Self {
        Tally {
            value: AtomicU64::new(0),
        }
    }

    pub fn add(&self) {
        let current = self.value.load(Ordering::SeqCst);
        self.value.store(current + 1, Ordering::SeqCst);
    }

    pub fn get(&self) -> u64 {
        self.value.load(Ordering::SeqCst)
    }
}

impl Default for Tally {
    fn default() -> Self {
        Tally::new()
    }
}
