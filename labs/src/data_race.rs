//! Упражнение `data_race` — настоящая гонка данных.
//! Exercise `data_race` — a true data race.
//!
//! Безопасный Rust не даст разделить между потоками обычную переменную без
//! синхронизации: это отсекает компилятор. `RaceCell` — намеренная «дыра»
//! набора (как `static mut` или `unsafe`), чтобы увидеть, что такое гонка
//! данных: два несинхронизированных доступа, и хотя бы один — запись.
//! Safe Rust will not let threads share a plain variable without
//! synchronisation. `RaceCell` is the kit's deliberate hole (like
//! `static mut` or `unsafe`) to show what a data race is: two unsynchronised
//! accesses, at least one of them a write.
//!
//! Задание / Task: замените `RaceCell` на атомик (или мьютекс).
//! Replace `RaceCell` with an atomic (or a mutex).

use crate::sync::RaceCell;

pub struct RacyCounter {
    value: RaceCell<u64>,
}

impl RacyCounter {
    pub fn new() -> Self {
        RacyCounter {
            value: RaceCell::new(0),
        }
    }

    pub fn increment(&self) {
        let current = self.value.get();
        self.value.set(current + 1);
    }

    pub fn get(&self) -> u64 {
        self.value.get()
    }
}

impl Default for RacyCounter {
    fn default() -> Self {
        RacyCounter::new()
    }
}
