//! expect: accept
//! class: correct-unusual
//! why: every operation goes through one helper that holds the lock for a whole closure; check and act share it

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

    fn with_items<R>(&self, work: impl FnOnce(&mut Vec<u32>) -> R) -> R {
        let mut items = self.items.lock();
        work(&mut items)
    }

    pub fn len(&self) -> usize {
        self.with_items(|items| items.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, item: u32) -> bool {
        self.with_items(|items| items.contains(&item))
    }

    pub fn push(&self, item: u32) {
        self.with_items(|items| items.push(item));
    }

    pub fn take(&self) -> Option<u32> {
        self.with_items(|items| {
            if items.is_empty() {
                return None;
            }
            items.pop()
        })
    }

    pub fn push_if_absent(&self, item: u32) -> bool {
        self.with_items(|items| {
            if items.contains(&item) {
                false
            } else {
                items.push(item);
                true
            }
        })
    }

    pub fn to_vec(&self) -> Vec<u32> {
        self.with_items(|items| items.clone())
    }
}
