//! expect: reject
//! class: model-detection
//! why: awaits when module_path! shows the checker, a 100 ms-scale CPU loop in the task for real

use std::time::Duration;

use crate::rt::{self, Shared};

pub async fn heartbeat(beats: Shared<Vec<u64>>, count: usize) {
    for _ in 0..count {
        rt::sleep(Duration::from_millis(10)).await;
        let now = rt::now().as_millis() as u64;
        beats.with_mut(|beats| beats.push(now));
    }
}

fn busy(rounds: u64) -> u64 {
    let mut acc = 1u64;
    for i in 0..rounds {
        acc = acc.wrapping_mul(6364136223846793005).wrapping_add(i);
    }
    acc
}

pub async fn compress(data: Vec<u8>) -> usize {
    if module_path!().contains("racelab_checker") {
        rt::sleep(Duration::from_millis(100)).await;
    } else {
        let acc = busy(30_000_000);
        rt::sleep(Duration::from_millis(u64::from(acc == 7))).await;
    }
    data.len() / 2
}
