//! Упражнение `blocking` — блокирующий вызов в асинхронном коде.
//! Exercise `blocking` — a blocking call in async code.
//!
//! Все задачи делят один поток. `std::thread::sleep` (как `time.sleep` в
//! Python, или долгий расчёт, или `input()`) держит этот поток: пока он
//! «спит», не идёт ни одна задача, и пульс, который должен стучать каждые
//! 10 мс, опаздывает.
//! All tasks share one thread. `std::thread::sleep` (like Python's
//! `time.sleep`, a long computation, or `input()`) holds that thread: while
//! it sleeps no task runs, and the heartbeat that should beat every 10 ms is
//! late.
//!
//! Задание / Task: не держите поток — асинхронный `rt::sleep(..).await` для
//! ожидания или `rt::spawn_blocking` для тяжёлой работы.
//! Do not hold the thread: `rt::sleep(..).await` for waiting, or
//! `rt::spawn_blocking` for heavy work.

use std::time::Duration;

use crate::rt::{self, Shared};

/// Пульс: каждые 10 мс записывает текущее (виртуальное) время.
/// The heartbeat: every 10 ms notes the current (virtual) time.
pub async fn heartbeat(beats: Shared<Vec<u64>>, count: usize) {
    for _ in 0..count {
        rt::sleep(Duration::from_millis(10)).await;
        let now = rt::now().as_millis() as u64;
        beats.with_mut(|beats| beats.push(now));
    }
}

/// «Тяжёлая» работа: 100 мс, затем результат.
/// "Heavy" work: 100 ms, then the result.
pub async fn compress(data: Vec<u8>) -> usize {
    std::thread::sleep(Duration::from_millis(100));
    data.len() / 2
}
