//! Упражнение `cpu_bound` — вычисления: потоки, процессы и задачи.
//! Exercise `cpu_bound` — computation: threads, processes and tasks.
//!
//! `primes::count(lo, hi)` только считает: ни сети, ни диска. Такую работу
//! ускоряет лишь то, что занимает несколько ядер сразу — потоки (в Rust нет
//! GIL) или процессы. Задачи в одном потоке делят одно ядро и не ускоряют её.
//! `primes::count(lo, hi)` only computes: no network, no disk. Only what uses
//! several cores at once speeds it up — threads (Rust has no GIL) or
//! processes. Tasks on one thread share one core and do not.
//!
//! Задание / Task: разделите отрезок [0, limit) на `workers` частей
//! (`primes::range`) и посчитайте их потоками, дочерними процессами
//! (`crate::process::worker`) и задачами (`crate::rt::spawn`). Все ответы
//! должны совпасть; части — без пропусков и наложений.
//! Split [0, limit) into `workers` parts (`primes::range`) and count them
//! with threads, with child processes (`crate::process::worker`) and with
//! tasks (`crate::rt::spawn`). All answers must agree; the parts must cover
//! the range with no gap and no overlap.

use crate::primes;

/// Последовательно. Дано. Sequentially. Given.
pub fn count_sequential(limit: u64) -> u64 {
    primes::count(0, limit)
}

/// Потоками: по потоку на часть. With threads: a thread per part.
pub fn count_threads(limit: u64, workers: u64) -> u64 {
    let _ = (limit, workers);
    todo!("по потоку на часть: crate::sync::thread::spawn / a thread per part")
}

/// Процессами: по дочернему процессу на часть; ответ — из его stdout.
/// With processes: a child process per part; its answer comes on its stdout.
pub fn count_processes(limit: u64, workers: u64) -> u64 {
    let _ = (limit, workers);
    todo!("crate::process::worker(\"primes\", &[lo, hi]) на часть, ответ — process::answer(&stdout) / per part, the answer from process::answer(&stdout)")
}

/// Задачами в одном потоке. With tasks on one thread.
pub async fn count_async(limit: u64, workers: u64) -> u64 {
    let _ = (limit, workers);
    todo!("по задаче на часть: crate::rt::spawn / a task per part")
}
