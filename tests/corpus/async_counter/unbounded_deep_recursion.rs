//! expect: reject
//! class: unbounded-time
//! why: recursion with no base case in increment: the stack overflows

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

    fn depth(&self, n: u64) -> u64 {
        if n == u64::MAX {
            return n;
        }
        self.depth(n + 1) + 1
    }

    pub async fn increment(&self) {
        let next = self.value.get() + 1 + self.depth(0) * 0;
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
