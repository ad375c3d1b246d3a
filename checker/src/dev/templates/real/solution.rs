//! Reference solution for `__ID__`: TODO (why this is correct).

use crate::sync::atomic::{AtomicU64, Ordering};
use crate::sync::{thread, Arc};

pub fn add_in_threads(threads: usize, adds: usize) -> u64 {
    let total = Arc::new(AtomicU64::new(0));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let total = Arc::clone(&total);
            thread::spawn(move || {
                for _ in 0..adds {
                    total.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    total.load(Ordering::SeqCst)
}
