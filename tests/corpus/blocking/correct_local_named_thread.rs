//! expect: accept
//! class: scan-false-reject
//! why: spawn_blocking whose handle is a local named `thread` and whose result is named `sync`

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
    let thread = rt::spawn_blocking(move || {
        std::thread::sleep(Duration::from_millis(100));
        data.len() / 2
    });
    let sync = thread.await;
    sync
}
