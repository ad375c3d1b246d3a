//! expect: reject
//! class: no child process
//! why: count_processes counts in the parent and never starts a child

use crate::primes;
use crate::process;
use crate::rt;
use crate::sync::thread;

pub fn count_sequential(limit: u64) -> u64 {
    primes::count(0, limit)
}

pub fn count_threads(limit: u64, workers: u64) -> u64 {
    let handles: Vec<_> = (0..workers)
        .map(|part| {
            let (lo, hi) = primes::range(limit, workers, part);
            thread::spawn(move || primes::count(lo, hi))
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).sum()
}

pub fn count_processes(limit: u64, workers: u64) -> u64 {
    (0..workers)
        .map(|part| {
            let (lo, hi) = primes::range(limit, workers, part);
            primes::count(lo, hi)
        })
        .sum()
}

pub async fn count_async(limit: u64, workers: u64) -> u64 {
    let handles: Vec<_> = (0..workers)
        .map(|part| {
            let (lo, hi) = primes::range(limit, workers, part);
            rt::spawn(async move { primes::count(lo, hi) })
        })
        .collect();
    let mut total = 0;
    for h in handles {
        total += h.await;
    }
    total
}
