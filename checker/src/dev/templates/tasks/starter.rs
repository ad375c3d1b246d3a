//! Упражнение `__ID__` — TODO: название.
//! Exercise `__ID__` — TODO: title.
//!
//! TODO: что делает код и где в нём гонка (по-русски).
//! TODO: what the code does and where its race is (in English).
//!
//! Задание / Task: TODO.
//!
//! (Written by `cargo lab new`: a working racy example to replace — an
//! `.await` between the read and the write lets another task read the same
//! value.)

use std::time::Duration;

use crate::rt::{self, Shared};

pub struct Tally {
    value: Shared<u64>,
}

impl Tally {
    pub fn new() -> Self {
        Tally {
            value: Shared::new(0),
        }
    }

    pub async fn add(&self) {
        let current = self.value.get();
        rt::sleep(Duration::from_millis(1)).await;
        self.value.set(current + 1);
    }

    pub fn get(&self) -> u64 {
        self.value.get()
    }
}

impl Default for Tally {
    fn default() -> Self {
        Tally::new()
    }
}
