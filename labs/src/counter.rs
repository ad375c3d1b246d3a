//! Упражнение `counter` — общий счётчик.
//! Exercise `counter` — a shared counter.
//!
//! Несколько потоков вызывают `increment()` у одного `Counter`. Сейчас
//! увеличение — это чтение, а затем запись: два потока могут прочитать одно и
//! то же значение, и одно увеличение потеряется (lost update).
//! Several threads call `increment()` on one `Counter`. The increment is a
//! read followed by a write: two threads can read the same value and one
//! update is lost.
//!
//! Задание / Task: сделайте `increment` неделимым — атомарным `fetch_add`
//! или мьютексом, который держится и на чтение, и на запись.
//! Make `increment` indivisible: an atomic `fetch_add`, or a mutex held
//! across both the read and the write.

use crate::sync::atomic::{AtomicU64, Ordering};

pub struct Counter {
    value: AtomicU64,
}

impl Counter {
    pub fn new() -> Self {
        Counter {
            value: AtomicU64::new(0),
        }
    }

    pub fn increment(&self) {
        let current = self.value.load(Ordering::SeqCst);
        self.value.store(current + 1, Ordering::SeqCst);
    }

    pub fn get(&self) -> u64 {
        self.value.load(Ordering::SeqCst)
    }
}

impl Default for Counter {
    fn default() -> Self {
        Counter::new()
    }
}
