//! expect: accept
//! class: correct-unusual
//! why: the heavy part as small CPU chunks with a yield_now after each one, then an async wait: the loop's thread is never held for long

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
    let mut sum = 0u64;
    for chunk in data.chunks(64) {
        sum = chunk.iter().fold(sum, |acc, &b| acc.wrapping_add(u64::from(b)));
        rt::yield_now().await;
    }
    rt::sleep(Duration::from_millis(100)).await;
    (data.len() + (sum as usize).wrapping_mul(0)) / 2
}
