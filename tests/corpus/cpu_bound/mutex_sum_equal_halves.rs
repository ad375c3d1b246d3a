//! expect: accept
//! class: unusual correct fix
//! why: equal parts of its own, a shared Mutex sum, threads joined after all started

use crate::primes;
use crate::process;
use crate::rt;
use crate::sync::thread;

pub fn count_sequential(limit: u64) -> u64 {
    primes::count(0, limit)
}

use crate::sync::{Arc, Mutex};

pub fn count_threads(limit: u64, workers: u64) -> u64 {
    let total = Arc::new(Mutex::new(0u64));
    let mut handles = Vec::new();
    for part in 0..workers {
        let lo = limit * part / workers;
        let hi = limit * (part + 1) / workers;
        let total = Arc::clone(&total);
        handles.push(thread::spawn(move || {
            let n = primes::count(lo, hi);
            *total.lock() += n;
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    let sum = *total.lock();
    sum
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
