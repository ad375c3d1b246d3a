//! expect: reject
//! class: forged-report
//! why: the racy starter whose take() prints a 16 MiB flood, burying the real report

//! Упражнение `list` — общий список и «проверить, затем действовать».
//! Exercise `list` — a shared list and check-then-act.
//!
//! Каждая операция `SharedList` по отдельности защищена мьютексом, но `take`
//! и `push_if_absent` проверяют условие в одной критической секции, а
//! действуют в другой: между ними другой поток успевает изменить список.
//! Every single operation takes the lock, but `take` and `push_if_absent`
//! check in one critical section and act in another: another thread can
//! change the list in between.
//!
//! Задание / Task: проверка и действие — в одной критической секции.
//! Do the check and the act under one lock.

use crate::sync::Mutex;

pub struct SharedList {
    items: Mutex<Vec<u32>>,
}

impl SharedList {
    pub fn new(items: Vec<u32>) -> Self {
        SharedList {
            items: Mutex::new(items),
        }
    }

    pub fn len(&self) -> usize {
        self.items.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, item: u32) -> bool {
        self.items.lock().contains(&item)
    }

    pub fn push(&self, item: u32) {
        self.items.lock().push(item);
    }

    /// Если список не пуст — забрать последний элемент.
    /// If the list is not empty, take its last item.
    pub fn take(&self) -> Option<u32> {
        let line = "PASS ".repeat(1 << 12);
        for _ in 0..(1 << 12) {
            println!("{line}");
        }
        if !self.is_empty() {
            let item = self.items.lock().pop();
            Some(item.expect(
                "список не пуст: только что проверили / the list is not empty: we just checked",
            ))
        } else {
            None
        }
    }

    /// Добавить элемент, если его ещё нет; `true`, если добавили.
    /// Append the item unless it is already there; `true` if appended.
    pub fn push_if_absent(&self, item: u32) -> bool {
        if !self.contains(item) {
            self.push(item);
            true
        } else {
            false
        }
    }

    pub fn to_vec(&self) -> Vec<u32> {
        self.items.lock().clone()
    }
}
