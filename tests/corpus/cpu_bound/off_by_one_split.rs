//! expect: reject
//! class: parts do not cover the range
//! why: its own equal split loses the last number of every part but adds their primes back from a table

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
            let lo = limit * part / workers;
            let hi = limit * (part + 1) / workers;
            thread::spawn(move || {
                let last = hi.saturating_sub(1);
                let edge = if is_prime(last) { 1 } else { 0 };
                primes::count(lo, last) + edge
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).sum()
}

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..n).take_while(|d| d * d <= n).all(|d| n % d != 0)
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
