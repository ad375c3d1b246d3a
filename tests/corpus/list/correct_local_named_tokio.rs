//! expect: accept
//! class: scan-false-reject
//! why: a correct fix whose locals are named `tokio` and `loom`

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
        let mut tokio = self.items.lock();
        let loom = tokio.pop();
        loom
    }

    pub fn push_if_absent(&self, item: u32) -> bool {
        let mut tokio = self.items.lock();
        let loom = !tokio.contains(&item);
        if loom {
            tokio.push(item);
        }
        loom
    }

    pub fn to_vec(&self) -> Vec<u32> {
        self.items.lock().clone()
    }
}
