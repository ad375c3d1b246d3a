//! expect: reject
//! class: model-detection
//! why: the model's atomic prints its type name under {:?}, std's prints the value: atomic when watched, the RaceCell for real

use crate::sync::atomic::{AtomicU64, Ordering};
use crate::sync::RaceCell;

pub struct RacyCounter {
    atomic: AtomicU64,
    cell: RaceCell<u64>,
    watched: bool,
}

impl RacyCounter {
    pub fn new() -> Self {
        let atomic = AtomicU64::new(0);
        let watched = format!("{atomic:?}").contains("Atomic");
        RacyCounter {
            atomic,
            cell: RaceCell::new(0),
            watched,
        }
    }

    pub fn increment(&self) {
        if self.watched {
            self.atomic.fetch_add(1, Ordering::SeqCst);
        } else {
            let current = self.cell.get();
            self.cell.set(current + 1);
        }
    }

    pub fn get(&self) -> u64 {
        if self.watched {
            self.atomic.load(Ordering::SeqCst)
        } else {
            self.cell.get()
        }
    }
}

impl Default for RacyCounter {
    fn default() -> Self {
        RacyCounter::new()
    }
}
