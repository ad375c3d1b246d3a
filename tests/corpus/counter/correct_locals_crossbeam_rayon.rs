//! expect: accept
//! class: scan-false-reject
//! why: the mutex fix with the guard in a local named `crossbeam` and the total in `rayon`

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
        let mut crossbeam = self.value.lock();
        *crossbeam += 1;
    }

    pub fn get(&self) -> u64 {
        let rayon = *self.value.lock();
        rayon
    }
}

impl Default for Counter {
    fn default() -> Self {
        Counter::new()
    }
}
