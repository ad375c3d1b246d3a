//! expect: reject
//! class: model-detection
//! why: one critical section when module_path! shows the checker's tree, check-then-act in the real build

use crate::sync::Mutex;

pub struct SharedList {
    items: Mutex<Vec<u32>>,
}

fn watched() -> bool {
    module_path!().contains("racelab_checker")
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
        if watched() {
            return self.items.lock().pop();
        }
        if !self.is_empty() {
            let top = self.items.lock().last().copied();
            let mut items = self.items.lock();
            if let Some(item) = top {
                items.retain(|&x| x != item);
            }
            top
        } else {
            None
        }
    }

    pub fn push_if_absent(&self, item: u32) -> bool {
        if watched() {
            let mut items = self.items.lock();
            if items.contains(&item) {
                return false;
            }
            items.push(item);
            return true;
        }
        if !self.contains(item) {
            self.push(item);
            true
        } else {
            false
        }
    }

    pub fn to_vec(&self) -> Vec<u32> {
        self.items.lock().clone()
    }
}
