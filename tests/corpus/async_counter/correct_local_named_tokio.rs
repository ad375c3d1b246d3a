//! expect: accept
//! class: scan-false-reject
//! why: the read and write before the await, in locals named `tokio` and `futures`

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
        let tokio = self.value.get();
        let futures = tokio + 1;
        self.value.set(futures);
        save_to_db(futures).await;
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
