//! expect: reject
//! class: part 3 judged by answers
//! why: count_threads counts everything on the calling thread: the right answer, no thread

use crate::primes;
use crate::process;
use crate::rt;
use crate::sync::thread;

pub fn count_sequential(limit: u64) -> u64 {
    primes::count(0, limit)
}

pub fn count_threads(limit: u64, _workers: u64) -> u64 {
    primes::count(0, limit)
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
