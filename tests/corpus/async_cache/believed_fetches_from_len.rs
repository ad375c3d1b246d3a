//! expect: reject
//! class: believed-values
//! why: fetches once per asking task but answers fetches() with the number of distinct cached keys

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
        let cached = self.entries.with(|entries| {
            entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        });
        if let Some(value) = cached {
            return value;
        }
        self.fetches.set(self.fetches.get() + 1);
        let value = rt::fetch(key).await;
        self.entries.with_mut(|entries| {
            if !entries.iter().any(|(k, _)| k == key) {
                entries.push((key.to_string(), value.clone()));
            }
        });
        value
    }

    pub fn fetches(&self) -> u32 {
        let _real = self.fetches.get();
        self.len() as u32
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
