//! expect: accept
//! class: correct-unusual
//! why: the heavy work in a helper fn that sleeps, run through rt::spawn_blocking

use std::time::Duration;

use crate::rt::{self, Shared};

pub async fn heartbeat(beats: Shared<Vec<u64>>, count: usize) {
    for _ in 0..count {
        rt::sleep(Duration::from_millis(10)).await;
        let now = rt::now().as_millis() as u64;
        beats.with_mut(|beats| beats.push(now));
    }
}

fn heavy(data: Vec<u8>) -> usize {
    std::thread::sleep(Duration::from_millis(100));
    data.len() / 2
}

pub async fn compress(data: Vec<u8>) -> usize {
    rt::spawn_blocking(move || heavy(data)).await
}
