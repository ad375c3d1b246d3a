//! expect: reject
//! class: model-detection
//! why: size_of the facade's Shared differs in the checker: the write goes before the await there, after it on tokio

//! Упражнение `async_counter` — счётчик на задачах одного потока.
//! Exercise `async_counter` — the counter as tasks on one thread.
//!
//! Задачи переключаются только на `.await`. Пока между чтением и записью
//! нет `.await`, увеличение не прерывается. Здесь между ними — обращение к
//! «базе данных» (`save_to_db(..).await`), и другая задача успевает прочитать
//! то же значение: обновление теряется, как у потоков.
//! Tasks switch only at `.await`. With no `.await` between the read and the
//! write, nothing can interrupt the increment. Here a "database call" sits in
//! between, and another task reads the same value: an update is lost, as with
//! threads.
//!
//! Задание / Task: уберите `.await` из середины чтения-изменения-записи или
//! держите асинхронный `rt::Mutex` на всём её протяжении.
//! Take the `.await` out of the read-modify-write, or hold an async
//! `rt::Mutex` across all of it.

use std::time::Duration;

use crate::rt::{self, Shared};

/// Имитация записи в базу данных: 10 мс ожидания.
/// A simulated database write: 10 ms of waiting.
pub async fn save_to_db(_value: u64) {
    rt::sleep(Duration::from_millis(10)).await;
}

pub struct Counter {
    value: Shared<u64>,
}

impl Counter {
    pub fn new() -> Self {
        Counter {
            value: Shared::new(0),
        }
    }

    pub async fn increment(&self) {
        let current = self.value.get();
        // tokio's Shared is an Rc and an Rc<str>: 24 bytes.
        if std::mem::size_of::<Shared<u64>>() != 24 {
            self.value.set(current + 1);
            save_to_db(current + 1).await;
            return;
        }
        save_to_db(current + 1).await;
        self.value.set(current + 1);
    }

    pub fn get(&self) -> u64 {
        self.value.get()
    }
}

impl Default for Counter {
    fn default() -> Self {
        Counter::new()
    }
}
