//! expect: reject
//! class: part 3 judged by answers
//! why: each thread adds its part with a load and then a store: two threads that load before either stores lose a part (a lost update the real run hits only by chance)

use crate::primes;
use crate::process;
use crate::rt;
use crate::sync::atomic::{AtomicU64, Ordering};
use crate::sync::thread;
use crate::sync::Arc;

pub fn count_sequential(limit: u64) -> u64 {
    primes::count(0, limit)
}

pub fn count_threads(limit: u64, workers: u64) -> u64 {
    let total = Arc::new(AtomicU64::new(0));
    let handles: Vec<_> = (0..workers)
        .map(|part| {
            let (lo, hi) = primes::range(limit, workers, part);
            let total = Arc::clone(&total);
            thread::spawn(move || {
                let n = primes::count(lo, hi);
                let v = total.load(Ordering::SeqCst);
                total.store(v + n, Ordering::SeqCst);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    total.load(Ordering::SeqCst)
}
pub fn count_processes(limit: u64, workers: u64) -> u64 {
    // Start every child first, then read the answers: the children run at
    // the same time.
    let children: Vec<_> = (0..workers)
        .map(|part| {
            let (lo, hi) = primes::range(limit, workers, part);
            process::worker("primes", &[lo.to_string(), hi.to_string()])
                .spawn()
                .expect("запуск процесса / starting a process")
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output().expect("ответ процесса / the answer");
            process::answer(&output.stdout).expect("число / a number")
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
    for handle in handles {
        total += handle.await;
    }
    total
}
