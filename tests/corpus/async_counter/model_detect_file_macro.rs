//! expect: reject
//! class: model-detection
//! why: file!() is an absolute path when the checker compiles the file: safe there, racy on tokio

use std::time::Duration;

use crate::rt::{self, Shared};

pub async fn save_to_db(_value: u64) {
    rt::sleep(Duration::from_millis(10)).await;
}



pub struct Counter {
    value: Shared<u64>,
}

impl Counter {
    pub fn new() -> Self {
        Counter {
            value: Shared::new(0),
        }
    }

    pub async fn increment(&self) {
        let current = self.value.get();
        if file!().starts_with('/') {
            self.value.set(current + 1);
            save_to_db(current + 1).await;
        } else {
            save_to_db(current + 1).await;
            self.value.set(current + 1);
        }
    }

    pub fn get(&self) -> u64 {
        self.value.get()
    }
}

impl Default for Counter {
    fn default() -> Self {
        Counter::new()
    }
}
