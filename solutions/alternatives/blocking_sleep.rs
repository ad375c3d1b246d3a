//! Second reference solution for `blocking`: when the 100 ms are waiting
//! (I/O), not computing, the async sleep is the fix.

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
    rt::sleep(Duration::from_millis(100)).await;
    data.len() / 2
}
