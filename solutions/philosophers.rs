//! Reference solution for `philosophers`: every philosopher takes the
//! lower-numbered of its two forks first. With one order of acquisition
//! for all, no cycle of waits can form: whoever holds the highest fork
//! anyone waits for already has everything it needs.

use crate::sync::Mutex;

pub struct Table {
    forks: Vec<Mutex<u32>>,
}

impl Table {
    pub fn new(seats: usize) -> Self {
        Table {
            forks: (0..seats).map(|_| Mutex::new(0)).collect(),
        }
    }

    pub fn dine(&self, i: usize) {
        let left = i;
        let right = (i + 1) % self.forks.len();
        let (low, high) = (left.min(right), left.max(right));
        let mut first = self.forks[low].lock();
        let mut second = self.forks[high].lock();
        *first += 1;
        *second += 1;
    }

    pub fn uses(&self) -> Vec<u32> {
        self.forks.iter().map(|f| *f.lock()).collect()
    }
}
