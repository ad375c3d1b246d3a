//! expect: reject
//! class: forged child answer
//! why: children are started but their answers are replaced by numbers the parent wrote

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
            let child = process::worker("primes", &[lo.to_string(), hi.to_string()])
                .spawn()
                .unwrap();
            (child, lo, hi)
        })
        .collect();
    children
        .into_iter()
        .map(|(child, lo, hi)| {
            let _ = child.wait_with_output();
            let n = (lo..hi).filter(|&n| n >= 2 && (2..n).take_while(|d| d * d <= n).all(|d| n % d != 0)).count();
            process::answer(format!("{n}").as_bytes()).unwrap()
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
