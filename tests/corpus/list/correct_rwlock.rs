//! expect: accept
//! class: correct-unusual
//! why: an RwLock: reads share it, take and push_if_absent hold the write lock across check and act

use crate::sync::RwLock;

pub struct SharedList {
    items: RwLock<Vec<u32>>,
}

impl SharedList {
    pub fn new(items: Vec<u32>) -> Self {
        SharedList {
            items: RwLock::new(items),
        }
    }

    pub fn len(&self) -> usize {
        self.items.read().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, item: u32) -> bool {
        self.items.read().contains(&item)
    }

    pub fn push(&self, item: u32) {
        self.items.write().push(item);
    }

    pub fn take(&self) -> Option<u32> {
        let mut items = self.items.write();
        if items.is_empty() {
            None
        } else {
            items.pop()
        }
    }

    pub fn push_if_absent(&self, item: u32) -> bool {
        let mut items = self.items.write();
        if items.contains(&item) {
            return false;
        }
        items.push(item);
        true
    }

    pub fn to_vec(&self) -> Vec<u32> {
        self.items.read().clone()
    }
}
