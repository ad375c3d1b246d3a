//! expect: reject
//! class: blocking
//! why: std::thread::sleep behind a helper fn called from the task (40 ms)

use std::time::Duration;

use crate::rt::{self, Shared};

pub async fn heartbeat(beats: Shared<Vec<u64>>, count: usize) {
    for _ in 0..count {
        rt::sleep(Duration::from_millis(10)).await;
        let now = rt::now().as_millis() as u64;
        beats.with_mut(|beats| beats.push(now));
    }
}

fn pause(ms: u64) {
    std::thread::sleep(Duration::from_millis(ms));
}

pub async fn compress(data: Vec<u8>) -> usize {
    rt::sleep(Duration::from_millis(10)).await;
    pause(40);
    rt::sleep(Duration::from_millis(50)).await;
    data.len() / 2
}
