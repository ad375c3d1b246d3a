//! Second reference solution for `async_counter`: an async mutex held across
//! the read, the database call and the write.

use std::time::Duration;

use crate::rt::{self, Shared};

pub async fn save_to_db(_value: u64) {
    rt::sleep(Duration::from_millis(10)).await;
}

pub struct Counter {
    value: Shared<u64>,
    lock: rt::Mutex<()>,
}

impl Counter {
    pub fn new() -> Self {
        Counter {
            value: Shared::new(0),
            lock: rt::Mutex::new(()),
        }
    }

    pub async fn increment(&self) {
        let _guard = self.lock.lock().await;
        let current = self.value.get();
        save_to_db(current + 1).await;
        self.value.set(current + 1);
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
