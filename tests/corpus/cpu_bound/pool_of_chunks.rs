//! expect: accept
//! class: unusual correct fix
//! why: two worker threads take small chunks from a shared cursor: more parts than workers, all covered once

use crate::primes;
use crate::process;
use crate::rt;
use crate::sync::thread;

pub fn count_sequential(limit: u64) -> u64 {
    primes::count(0, limit)
}

use crate::sync::atomic::{AtomicU64, Ordering};
use crate::sync::Arc;

pub fn count_threads(limit: u64, workers: u64) -> u64 {
    let next = Arc::new(AtomicU64::new(0));
    let chunk = (limit / (workers * 4)).max(1);
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let next = Arc::clone(&next);
            thread::spawn(move || {
                let mut mine = 0;
                loop {
                    let lo = next.fetch_add(chunk, Ordering::SeqCst);
                    if lo >= limit {
                        break mine;
                    }
                    mine += primes::count(lo, (lo + chunk).min(limit));
                }
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).sum()
}

pub fn count_processes(limit: u64, workers: u64) -> u64 {
    let children: Vec<_> = (0..workers)
        .map(|part| {
            let (lo, hi) = primes::range(limit, workers, part);
            process::worker("primes", &[lo.to_string(), hi.to_string()])
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| process::answer(&c.wait_with_output().unwrap().stdout).unwrap())
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
