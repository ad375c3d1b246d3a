//! Reference solution for `blocking`: the heavy work runs on a blocking
//! thread (`spawn_blocking`), so the loop's thread stays free and the
//! heartbeat keeps time.

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
    rt::spawn_blocking(move || {
        std::thread::sleep(Duration::from_millis(100));
        data.len() / 2
    })
    .await
}
