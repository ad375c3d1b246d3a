//! expect: accept
//! class: correct-unusual
//! why: one async rt::Mutex held across the whole get (check, fetch, store): coarse but correct

use crate::rt::{self, Shared};

pub struct Cache {
    entries: Shared<Vec<(String, String)>>,
    fetches: Shared<u32>,
    loading: rt::Mutex<()>,
}

impl Cache {
    pub fn new() -> Self {
        Cache {
            entries: Shared::new(Vec::new()),
            fetches: Shared::new(0),
            loading: rt::Mutex::new(()),
        }
    }

    pub async fn get(&self, key: &str) -> String {
        let _turn = self.loading.lock().await;
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
        self.entries
            .with_mut(|entries| entries.push((key.to_string(), value.clone())));
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
