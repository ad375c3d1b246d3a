//! expect: accept
//! class: unusual correct fix
//! why: children spawned all at once into a Vec, outputs collected first, answers summed after; tasks on spawn_blocking

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
    let mut children = Vec::new();
    for part in 0..workers {
        let (lo, hi) = primes::range(limit, workers, part);
        children.push(
            process::worker("primes", &[lo.to_string(), hi.to_string()])
                .spawn()
                .expect("a child"),
        );
    }
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().expect("its output"))
        .collect();
    outputs
        .iter()
        .map(|o| process::answer(&o.stdout).expect("a number"))
        .sum()
}

pub async fn count_async(limit: u64, workers: u64) -> u64 {
    let mut handles = Vec::new();
    for part in 0..workers {
        let (lo, hi) = primes::range(limit, workers, part);
        handles.push(rt::spawn_blocking(move || primes::count(lo, hi)));
    }
    let mut total = 0;
    for h in handles {
        total += h.await;
    }
    total
}
