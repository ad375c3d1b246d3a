//! expect: reject
//! class: sequential in disguise
//! why: one task counts every part in turn

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
    rt::spawn(async move {
        (0..workers)
            .map(|part| {
                let (lo, hi) = primes::range(limit, workers, part);
                primes::count(lo, hi)
            })
            .sum::<u64>()
    })
    .await
}
