//! Reference solution for `cpu_bound`: the range split into parts of equal
//! cost (`primes::range`), counted by threads, by child processes (answers
//! through pipes) and by tasks on one thread (the same answer, no faster).

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
    handles
        .into_iter()
        .map(|h| h.join().expect("поток не запаниковал / the thread did not panic"))
        .sum()
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
