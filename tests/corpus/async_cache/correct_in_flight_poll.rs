//! expect: accept
//! class: correct-unusual
//! why: an in-flight marker per key: the first task marks the key loading and fetches, a second one sleeps 1 ms at a time until the value is there

use std::time::Duration;

use crate::rt::{self, Shared};

#[derive(Clone, Debug)]
enum Entry {
    Loading,
    Ready(String),
}

pub struct Cache {
    states: Shared<Vec<(String, Entry)>>,
    entries: Shared<Vec<(String, String)>>,
    fetches: Shared<u32>,
}

impl Cache {
    pub fn new() -> Self {
        Cache {
            states: Shared::new(Vec::new()),
            entries: Shared::new(Vec::new()),
            fetches: Shared::new(0),
        }
    }

    fn state(&self, key: &str) -> Option<Entry> {
        self.states
            .with(|states| states.iter().find(|(k, _)| k == key).map(|(_, e)| e.clone()))
    }

    pub async fn get(&self, key: &str) -> String {
        loop {
            match self.state(key) {
                Some(Entry::Ready(value)) => return value,
                Some(Entry::Loading) => rt::sleep(Duration::from_millis(1)).await,
                None => break,
            }
        }
        // No await between the miss and the marker: nobody else can miss.
        self.states
            .with_mut(|states| states.push((key.to_string(), Entry::Loading)));
        self.fetches.set(self.fetches.get() + 1);
        let value = rt::fetch(key).await;
        self.entries
            .with_mut(|entries| entries.push((key.to_string(), value.clone())));
        self.states.with_mut(|states| {
            for (k, e) in states.iter_mut() {
                if k == key {
                    *e = Entry::Ready(value.clone());
                }
            }
        });
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
