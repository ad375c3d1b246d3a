//! expect: reject
//! class: blocking
//! why: `use std::thread::sleep;` then a plain `sleep(..)` of 100 ms in the task

use std::time::Duration;

use crate::rt::{self, Shared};

pub async fn heartbeat(beats: Shared<Vec<u64>>, count: usize) {
    for _ in 0..count {
        rt::sleep(Duration::from_millis(10)).await;
        let now = rt::now().as_millis() as u64;
        beats.with_mut(|beats| beats.push(now));
    }
}

use std::thread::sleep;

pub async fn compress(data: Vec<u8>) -> usize {
    sleep(Duration::from_millis(100));
    data.len() / 2
}
