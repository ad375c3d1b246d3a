//! expect: accept
//! class: correct-unusual
//! why: waits in ten async sleeps of 10 ms, giving the loop back each time

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
    for _ in 0..10 {
        rt::sleep(Duration::from_millis(10)).await;
    }
    data.len() / 2
}
