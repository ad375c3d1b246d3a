//! expect: accept
//! class: scan-false-reject
//! why: the reference fix with the guard in a local named `futures` (a name, not the crate)

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
        let mut futures = self.items.lock();
        futures.pop()
    }

    pub fn push_if_absent(&self, item: u32) -> bool {
        let mut futures = self.items.lock();
        if futures.contains(&item) {
            return false;
        }
        futures.push(item);
        true
    }

    pub fn to_vec(&self) -> Vec<u32> {
        self.items.lock().clone()
    }
}
