//! expect: accept
//! class: correct-unusual
//! why: the read-modify-write in a helper with no await inside, the database call after it

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

    fn bump(&self) -> u64 {
        let next = self.value.get() + 1;
        self.value.set(next);
        next
    }

    pub async fn increment(&self) {
        let saved = self.bump();
        save_to_db(saved).await;
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
