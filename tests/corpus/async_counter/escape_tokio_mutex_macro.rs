//! expect: reject
//! class: scan-escape
//! why: tokio's own Mutex reached through a macro_rules! $root path instead of rt::Mutex

use std::time::Duration;

use crate::rt::{self, Shared};

macro_rules! lock_type {
    ($root:ident) => {
        $root::sync::Mutex<()>
    };
}

pub async fn save_to_db(_value: u64) {
    rt::sleep(Duration::from_millis(10)).await;
}

pub struct Counter {
    value: Shared<u64>,
    lock: lock_type!(tokio),
}

impl Counter {
    pub fn new() -> Self {
        Counter {
            value: Shared::new(0),
            lock: <lock_type!(tokio)>::new(()),
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
