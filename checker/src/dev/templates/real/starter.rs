//! Упражнение `__ID__` — TODO: название.
//! Exercise `__ID__` — TODO: title.
//!
//! TODO: что делает код и что проверяет настоящий запуск (по-русски).
//! TODO: what the code does and what the real run checks (in English).
//!
//! Задание / Task: TODO.
//!
//! (Written by `cargo lab new`: a working racy example to replace — OS
//! threads add to one total with a read and a separate write.)

use crate::sync::atomic::{AtomicU64, Ordering};
use crate::sync::{thread, Arc};

/// Starts `threads` OS threads that each add 1 to a shared total `adds`
/// times, and returns the total.
pub fn add_in_threads(threads: usize, adds: usize) -> u64 {
    let total = Arc::new(AtomicU64::new(0));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let total = Arc::clone(&total);
            thread::spawn(move || {
                for _ in 0..adds {
                    let current = total.load(Ordering::SeqCst);
                    thread::yield_now();
                    total.store(current + 1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    total.load(Ordering::SeqCst)
}
