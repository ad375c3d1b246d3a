//! expect: accept
//! class: correct-unusual
//! why: an async rt::Mutex held across read, database call and write, in an Rc-shared guard field

use std::rc::Rc;
use std::time::Duration;

use crate::rt::{self, Shared};

pub async fn save_to_db(_value: u64) {
    rt::sleep(Duration::from_millis(10)).await;
}

pub struct Counter {
    value: Shared<u64>,
    turn: Rc<rt::Mutex<u32>>,
}

impl Counter {
    pub fn new() -> Self {
        Counter {
            value: Shared::new(0),
            turn: Rc::new(rt::Mutex::new(0)),
        }
    }

    pub async fn increment(&self) {
        let turn = Rc::clone(&self.turn);
        let mut held = turn.lock().await;
        *held += 1;
        let current = self.value.get();
        save_to_db(current + 1).await;
        self.value.set(current + 1);
    }

    pub fn get(&self) -> u64 {
        self.value.get()
    }
}

impl Default for Counter {
    fn default() -> Self {
        Counter::new()
    }
}
