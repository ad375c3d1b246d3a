//! expect: reject
//! class: unbounded-time
//! why: waits for the value with a yield_now loop that never lets virtual time reach the fetch's end

use crate::rt::{self, Shared};

pub struct Cache {
    entries: Shared<Vec<(String, String)>>,
    fetches: Shared<u32>,
}

impl Cache {
    pub fn new() -> Self {
        Cache {
            entries: Shared::new(Vec::new()),
            fetches: Shared::new(0),
        }
    }

    pub async fn get(&self, key: &str) -> String {
        loop {
        let cached = self.entries.with(|entries| {
            entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        });
        if let Some(value) = cached {
            return value;
        }
            if self.fetches.get() == 0 {
                break;
            }
            rt::yield_now().await;
        }
        self.fetches.set(self.fetches.get() + 1);
        loop {
            rt::yield_now().await;
        }
    }

    pub fn fetches(&self) -> u32 {
        self.fetches.get()
    }

    pub fn len(&self) -> usize {
        self.entries.with(|entries| entries.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for Cache {
    fn default() -> Self {
        Cache::new()
    }
}
