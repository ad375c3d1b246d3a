//! expect: reject
//! class: believed-values
//! why: push_if_absent looks for the model's 5 instead of the item it was given; right only for the model's items

use crate::sync::Mutex;

pub struct SharedList {
    items: Mutex<Vec<u32>>,
}

impl SharedList {
    pub fn new(items: Vec<u32>) -> Self {
        SharedList {
            items: Mutex::new(items),
        }
    }

    pub fn len(&self) -> usize {
        self.items.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, item: u32) -> bool {
        self.items.lock().contains(&item)
    }

    pub fn push(&self, item: u32) {
        self.items.lock().push(item);
    }

    pub fn take(&self) -> Option<u32> {
        self.items.lock().pop()
    }

    pub fn push_if_absent(&self, item: u32) -> bool {
        let mut items = self.items.lock();
        if items.contains(&5) {
            return false;
        }
        items.push(item);
        true
    }

    pub fn to_vec(&self) -> Vec<u32> {
        self.items.lock().clone()
    }
}
