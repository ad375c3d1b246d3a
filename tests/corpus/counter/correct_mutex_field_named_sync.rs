//! expect: accept
//! class: scan-false-reject
//! why: a Mutex held across read and write, in a field named `sync`, with a local named `thread`

use crate::sync::Mutex;

pub struct Counter {
    sync: Mutex<u64>,
}

impl Counter {
    pub fn new() -> Self {
        Counter {
            sync: Mutex::new(0),
        }
    }

    pub fn increment(&self) {
        let mut thread = self.sync.lock();
        *thread += 1;
    }

    pub fn get(&self) -> u64 {
        let sync = self.sync.lock();
        *sync
    }
}

impl Default for Counter {
    fn default() -> Self {
        Counter::new()
    }
}
