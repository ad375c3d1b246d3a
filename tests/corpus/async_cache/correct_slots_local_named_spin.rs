//! expect: accept
//! class: scan-false-reject
//! why: the per-key Rc<rt::Mutex<Option<String>>> slot fix, the slot in a local named `spin` and the guard in `futures`

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::rt::{self, Shared};

pub struct Cache {
    slots: RefCell<HashMap<String, Rc<rt::Mutex<Option<String>>>>>,
    entries: Shared<Vec<(String, String)>>,
    fetches: Shared<u32>,
}

impl Cache {
    pub fn new() -> Self {
        Cache {
            slots: RefCell::new(HashMap::new()),
            entries: Shared::new(Vec::new()),
            fetches: Shared::new(0),
        }
    }

    pub async fn get(&self, key: &str) -> String {
        let spin = self
            .slots
            .borrow_mut()
            .entry(key.to_string())
            .or_insert_with(|| Rc::new(rt::Mutex::new(None)))
            .clone();
        let mut futures = spin.lock().await;
        if let Some(value) = futures.as_ref() {
            return value.clone();
        }
        self.fetches.set(self.fetches.get() + 1);
        let value = rt::fetch(key).await;
        self.entries
            .with_mut(|entries| entries.push((key.to_string(), value.clone())));
        *futures = Some(value.clone());
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
