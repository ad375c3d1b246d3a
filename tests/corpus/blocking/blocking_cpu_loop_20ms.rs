//! expect: reject
//! class: blocking
//! why: about 20 ms of pure CPU work in the task: the model's clock does not move, the loop's thread is held

use std::time::Duration;

use crate::rt::{self, Shared};

pub async fn heartbeat(beats: Shared<Vec<u64>>, count: usize) {
    for _ in 0..count {
        rt::sleep(Duration::from_millis(10)).await;
        let now = rt::now().as_millis() as u64;
        beats.with_mut(|beats| beats.push(now));
    }
}

fn checksum(data: &[u8], rounds: u64) -> u64 {
    let mut acc = 0u64;
    for i in 0..rounds {
        acc = acc.wrapping_mul(31).wrapping_add(i ^ data.len() as u64);
    }
    acc
}

pub async fn compress(data: Vec<u8>) -> usize {
    rt::sleep(Duration::from_millis(10)).await;
    let acc = checksum(&data, 4_000_000);
    rt::sleep(Duration::from_millis(90)).await;
    (data.len() + (acc as usize).wrapping_mul(0)) / 2
}
