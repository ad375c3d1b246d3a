//! expect: reject
//! class: believed-values
//! why: take pops under the lock only when the model's 7 is on top; any other item is checked and taken in two steps

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
        if self.contains(7) || self.contains(5) {
            return self.items.lock().pop();
        }
        let top = self.items.lock().last().copied();
        if let Some(item) = top {
            let mut items = self.items.lock();
            items.retain(|&x| x != item);
            return Some(item);
        }
        None
    }

    pub fn push_if_absent(&self, item: u32) -> bool {
        let mut items = self.items.lock();
        if items.contains(&item) {
            return false;
        }
        items.push(item);
        true
    }

    pub fn to_vec(&self) -> Vec<u32> {
        self.items.lock().clone()
    }
}
