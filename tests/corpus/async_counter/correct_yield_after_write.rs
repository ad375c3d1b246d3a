//! expect: accept
//! class: correct-unusual
//! why: the read-modify-write with no await inside, then a yield_now and the database call: the extra switch points come after the write

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
        let next = self.value.get() + 1;
        self.value.set(next);
        rt::yield_now().await;
        save_to_db(next).await;
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
