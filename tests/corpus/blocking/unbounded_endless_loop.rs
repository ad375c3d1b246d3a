//! expect: reject
//! class: unbounded-time
//! why: an endless loop with no await in compress: the task never gives the thread back

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
    let mut n = data.len() as u64 | 1;
    loop {
        n = n.wrapping_mul(3).wrapping_add(2);
        if n == 0 {
            break;
        }
    }
    data.len() / 2
}
