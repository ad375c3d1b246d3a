//! Reference solution for `async_cache`: one in-flight entry per key. The
//! first task to ask for a key creates its slot and holds the slot's async
//! lock while fetching; a second task waits on that lock and then finds the
//! value.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::rt::{self, Shared};

type Slot = Rc<rt::Mutex<Option<String>>>;

pub struct Cache {
    slots: RefCell<HashMap<String, Slot>>,
    entries: Shared<Vec<(String, String)>>,
}

impl Cache {
    pub fn new() -> Self {
        Cache {
            slots: RefCell::new(HashMap::new()),
            entries: Shared::new(Vec::new()),
        }
    }

    pub async fn get(&self, key: &str) -> String {
        // Finding or creating the slot has no `.await`: no task can come in
        // between.
        let slot = self
            .slots
            .borrow_mut()
            .entry(key.to_string())
            .or_insert_with(|| Rc::new(rt::Mutex::new(None)))
            .clone();
        let mut value = slot.lock().await;
        if let Some(value) = value.as_ref() {
            return value.clone();
        }
        let fetched = rt::fetch(key).await;
        self.entries
            .with_mut(|entries| entries.push((key.to_string(), fetched.clone())));
        *value = Some(fetched.clone());
        fetched
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
