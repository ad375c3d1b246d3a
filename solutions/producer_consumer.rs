//! Reference solution for `producer_consumer`: the condition is checked and
//! waited for under one lock, in a loop. The wait releases the lock only
//! once the waiter is registered, so a `send` either comes before the check
//! (and the queue is not empty) or after the registration (and wakes it);
//! the loop re-checks after every wakeup.

use std::collections::VecDeque;

use crate::sync::{Condvar, Mutex};

pub struct Channel {
    items: Mutex<VecDeque<u32>>,
    ready: Condvar,
}

impl Channel {
    pub fn new() -> Self {
        Channel {
            items: Mutex::new(VecDeque::new()),
            ready: Condvar::new(),
        }
    }

    pub fn send(&self, item: u32) {
        self.items.lock().push_back(item);
        self.ready.notify_one();
    }

    pub fn recv(&self) -> u32 {
        let mut items = self.items.lock();
        while items.is_empty() {
            self.ready.wait(&mut items);
        }
        items.pop_front().expect("the loop waits for an item")
    }
}

impl Default for Channel {
    fn default() -> Self {
        Channel::new()
    }
}
