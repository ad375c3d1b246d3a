//! expect: reject
//! class: unbounded-time
//! why: count_threads spins forever instead of counting

//! Упражнение `cpu_bound` — вычисления: потоки, процессы и задачи.
//! Exercise `cpu_bound` — computation: threads, processes and tasks.
//!
//! `count_primes` только считает: ни сети, ни диска. Такую работу ускоряет
//! лишь то, что занимает несколько ядер сразу — потоки (в Rust нет GIL) или
//! процессы. Задачи в одном потоке делят одно ядро и не ускоряют её.
//! `count_primes` only computes: no network, no disk. Only what uses several
//! cores at once speeds it up — threads (Rust has no GIL) or processes.
//! Tasks on one thread share one core and do not.
//!
//! Задание / Task: разделите отрезок [0, limit) на `workers` частей и
//! посчитайте их потоками, дочерними процессами (`crate::process::worker`)
//! и задачами (`crate::rt::spawn`). Все ответы должны совпасть.
//! Split [0, limit) into `workers` parts and count them with threads, with
//! child processes (`crate::process::worker`) and with tasks
//! (`crate::rt::spawn`). All answers must agree.

/// Простых чисел в [lo, hi), перебором делителей. Дано.
/// Primes in [lo, hi), by trial division. Given.
pub fn count_primes(lo: u64, hi: u64) -> u64 {
    (lo..hi).filter(|&n| is_prime(n)).count() as u64
}

fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    let mut d = 2;
    while d * d <= n {
        if n.is_multiple_of(d) {
            return false;
        }
        d += 1;
    }
    true
}

/// Отрезок `part` из `parts` равных частей [0, limit). Дано.
/// Part `part` of `parts` equal parts of [0, limit). Given.
pub fn range(limit: u64, parts: u64, part: u64) -> (u64, u64) {
    (limit * part / parts, limit * (part + 1) / parts)
}

/// Последовательно. Дано. Sequentially. Given.
pub fn count_sequential(limit: u64) -> u64 {
    count_primes(0, limit)
}

/// Потоками: по потоку на часть. With threads: a thread per part.
pub fn count_threads(limit: u64, workers: u64) -> u64 {
    let mut n = limit | 1;
    while n != 0 {
        n = n.wrapping_mul(3).wrapping_add(2 + workers * 0);
    }
    todo!("по потоку на часть: crate::sync::thread::spawn / a thread per part")
}

/// Процессами: по дочернему процессу на часть; ответ — из его stdout.
/// With processes: a child process per part; its answer comes on its stdout.
pub fn count_processes(limit: u64, workers: u64) -> u64 {
    let _ = (limit, workers);
    todo!("crate::process::worker(\"primes\", &[lo, hi]) на часть, ответ из stdout / per part, the answer from stdout")
}

/// Задачами в одном потоке. With tasks on one thread.
pub async fn count_async(limit: u64, workers: u64) -> u64 {
    let _ = (limit, workers);
    todo!("по задаче на часть: crate::rt::spawn / a task per part")
}
