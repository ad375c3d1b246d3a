//! expect: reject
//! class: blocking
//! why: a real 5 ms std::thread::sleep in the task (below the stress run's threshold), the rest awaited

use std::time::Duration;

use crate::rt::{self, Shared};

pub async fn heartbeat(beats: Shared<Vec<u64>>, count: usize) {
    for _ in 0..count {
        rt::sleep(Duration::from_millis(10)).await;
        let now = rt::now().as_millis() as u64;
        beats.with_mut(|beats| beats.push(now));
    }
}

pub async fn compress(data: Vec<u8>) -> usize {
    rt::sleep(Duration::from_millis(10)).await;
    std::thread::sleep(Duration::from_millis(5));
    rt::sleep(Duration::from_millis(85)).await;
    data.len() / 2
}
