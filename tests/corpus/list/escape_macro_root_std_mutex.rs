//! expect: reject
//! class: scan-escape
//! why: std::sync::Mutex reached through a macro_rules! $root path (no scheduling point for the model) around the starter's check-then-act; a facade atomic touched for show

use crate::sync::atomic::{AtomicUsize, Ordering};

macro_rules! plain_mutex {
    ($root:ident, $t:ty) => {
        $root::sync::Mutex<$t>
    };
}

pub struct SharedList {
    items: plain_mutex!(std, Vec<u32>),
    calls: AtomicUsize,
}

impl SharedList {
    pub fn new(items: Vec<u32>) -> Self {
        SharedList {
            items: <plain_mutex!(std, Vec<u32>)>::new(items),
            calls: AtomicUsize::new(0),
        }
    }

    fn touch(&self) {
        self.calls.fetch_add(1, Ordering::SeqCst);
    }

    pub fn len(&self) -> usize {
        self.items.lock().unwrap().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, item: u32) -> bool {
        self.items.lock().unwrap().contains(&item)
    }

    pub fn push(&self, item: u32) {
        self.items.lock().unwrap().push(item);
    }

    pub fn take(&self) -> Option<u32> {
        self.touch();
        if !self.is_empty() {
            let item = self.items.lock().unwrap().pop();
            Some(item.expect("только что проверили / we just checked"))
        } else {
            None
        }
    }

    pub fn push_if_absent(&self, item: u32) -> bool {
        self.touch();
        if !self.contains(item) {
            self.push(item);
            true
        } else {
            false
        }
    }

    pub fn to_vec(&self) -> Vec<u32> {
        self.items.lock().unwrap().clone()
    }
}
