//! Упражнение `producer_consumer` — производитель и потребитель на Condvar.
//! Exercise `producer_consumer` — a producer and a consumer on a Condvar.
//!
//! Производитель кладёт числа в очередь (`send`) и будит потребителя
//! (`notify_one`); потребитель (`recv`) ждёт на `Condvar`, пока очередь
//! пуста. Сейчас `recv` проверяет «пусто ли» под одним захватом замка, а
//! ждёт под другим: если между ними производитель положит число и позовёт,
//! звать ещё некого — уведомление теряется, и потребитель спит вечно
//! (потерянное пробуждение, lost wakeup).
//! The producer puts numbers into a queue (`send`) and wakes the consumer
//! (`notify_one`); the consumer (`recv`) waits on a `Condvar` while the queue
//! is empty. `recv` checks "empty?" under one acquisition of the lock and
//! waits under another: if the producer sends and notifies in between, there
//! is nobody to notify yet — the notification is lost and the consumer sleeps
//! forever (a lost wakeup).
//!
//! Задание / Task: проверяйте условие и ждите под одним замком, в цикле
//! `while items.is_empty() { self.ready.wait(&mut items); }`.
//! Check the condition and wait under one lock, in a loop
//! `while items.is_empty() { self.ready.wait(&mut items); }`.

use std::collections::VecDeque;

use crate::sync::{Condvar, Mutex};

pub struct Channel {
    items: Mutex<VecDeque<u32>>,
    ready: Condvar,
}

impl Channel {
    pub fn new() -> Self {
        Channel {
            items: Mutex::new(VecDeque::new()),
            ready: Condvar::new(),
        }
    }

    /// Кладёт число в очередь и будит одного ждущего.
    /// Puts a number into the queue and wakes one waiter.
    pub fn send(&self, item: u32) {
        self.items.lock().push_back(item);
        self.ready.notify_one();
    }

    /// Забирает первое число, дожидаясь его, если очередь пуста.
    /// Takes the first number, waiting for one while the queue is empty.
    pub fn recv(&self) -> u32 {
        let empty = self.items.lock().is_empty();
        let mut items = self.items.lock();
        if empty {
            self.ready.wait(&mut items);
        }
        items.pop_front().expect("an item after the wait")
    }
}

impl Default for Channel {
    fn default() -> Self {
        Channel::new()
    }
}
