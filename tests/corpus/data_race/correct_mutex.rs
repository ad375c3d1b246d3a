//! expect: accept
//! class: correct-unusual
//! why: the RaceCell replaced by a Mutex<u64> held across the read and the write

use crate::sync::Mutex;

pub struct RacyCounter {
    value: Mutex<u64>,
}

impl RacyCounter {
    pub fn new() -> Self {
        RacyCounter {
            value: Mutex::new(0),
        }
    }

    pub fn increment(&self) {
        let mut value = self.value.lock();
        *value += 1;
    }

    pub fn get(&self) -> u64 {
        *self.value.lock()
    }
}

impl Default for RacyCounter {
    fn default() -> Self {
        RacyCounter::new()
    }
}
