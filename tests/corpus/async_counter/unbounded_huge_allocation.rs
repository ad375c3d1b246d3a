//! expect: reject
//! class: unbounded-time
//! why: asks for 4 EiB of capacity (more than the address space): the allocation fails and the process aborts

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
        let mut buffer: Vec<u8> = Vec::with_capacity(1 << 62);
        buffer.push(1);
        let next = self.value.get() + u64::from(buffer[0]);
        self.value.set(next);
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
