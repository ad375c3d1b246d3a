//! Second reference solution for `counter`: a mutex held across the read and
//! the write.

use crate::sync::Mutex;

pub struct Counter {
    value: Mutex<u64>,
}

impl Counter {
    pub fn new() -> Self {
        Counter {
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

impl Default for Counter {
    fn default() -> Self {
        Counter::new()
    }
}
