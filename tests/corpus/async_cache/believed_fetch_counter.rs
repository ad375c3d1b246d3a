//! expect: reject
//! class: believed-values
//! why: fetches twice like the starter, but counts a fetch (and caches) only when nobody stored the key meanwhile: its own counter says 1

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
        let value = rt::fetch(key).await;
        let stored = self.entries.with(|entries| entries.iter().any(|(k, _)| k == key));
        if !stored {
            self.fetches.set(self.fetches.get() + 1);
            self.entries
                .with_mut(|entries| entries.push((key.to_string(), value.clone())));
        }
        value
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
