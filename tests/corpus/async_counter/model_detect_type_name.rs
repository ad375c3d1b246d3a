//! expect: reject
//! class: model-detection
//! why: type_name of Shared says checker: write before the await; on tokio the starter's read-await-write

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
        if std::any::type_name::<Shared<u64>>().contains("checker") {
            let next = self.value.get() + 1;
            self.value.set(next);
            save_to_db(next).await;
            return;
        }
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
