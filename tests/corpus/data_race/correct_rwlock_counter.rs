//! expect: accept
//! class: correct-unusual
//! why: an RwLock<u64>: the increment under the write lock, get under the read lock

use crate::sync::RwLock;

pub struct RacyCounter {
    value: RwLock<u64>,
}

impl RacyCounter {
    pub fn new() -> Self {
        RacyCounter {
            value: RwLock::new(0),
        }
    }

    pub fn increment(&self) {
        *self.value.write() += 1;
    }

    pub fn get(&self) -> u64 {
        *self.value.read()
    }
}

impl Default for RacyCounter {
    fn default() -> Self {
        RacyCounter::new()
    }
}
