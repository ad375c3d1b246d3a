//! expect: reject
//! class: scan-escape
//! why: parking_lot::Mutex used directly instead of the facade (invisible to the model)

pub struct Counter {
    value: parking_lot::Mutex<u64>,
}

impl Counter {
    pub fn new() -> Self {
        Counter {
            value: parking_lot::Mutex::new(0),
        }
    }

    pub fn increment(&self) {
        *self.value.lock() += 1;
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
