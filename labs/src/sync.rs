//! The kit's concurrency facade: everything concurrent in an exercise comes
//! from here (`use crate::sync::…`).
//!
//! In this crate it is the real thing: std threads and atomics, parking_lot
//! locks (`lock()` returns the guard; no poisoning). The checker compiles the
//! very same exercise files against a model-checked twin of this module
//! (`checker/src/sync/`), so the two must offer the same API.

pub use parking_lot::{Condvar, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
pub use std::sync::Arc;

/// Atomic integers and flags (std's), plus `Ordering`.
pub mod atomic {
    pub use std::sync::atomic::{
        AtomicBool, AtomicI32, AtomicI64, AtomicU32, AtomicU64, AtomicUsize, Ordering,
    };
}

/// OS threads (std's): `spawn`, `JoinHandle`, `yield_now`.
pub mod thread {
    pub use std::thread::{yield_now, JoinHandle};

    /// Starts an OS thread running `f`, as `std::thread::spawn` does. The
    /// kit counts the spawn and marks the new thread, so that the part-3
    /// checks know which thread did what.
    pub fn spawn<F, T>(f: F) -> JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let id = crate::__kit::next_thread();
        std::thread::spawn(move || {
            crate::__kit::enter_thread(id);
            f()
        })
    }
}

/// A shared variable with no synchronisation at all: the kit's stand-in for
/// `static mut` or a raw pointer, for the one exercise that shows a true data
/// race (`data_race`).
///
/// Under the checker every pair of unsynchronised accesses (at least one a
/// write) is reported as a data race, whatever the timing. This build keeps
/// the demonstration memory-safe: each `get`/`set` is individually locked, so
/// a `get` followed by a `set` still loses updates, but never tears a value.
pub struct RaceCell<T> {
    value: parking_lot::Mutex<T>,
}

impl<T: Copy + std::fmt::Debug> RaceCell<T> {
    pub fn new(value: T) -> Self {
        RaceCell {
            value: parking_lot::Mutex::new(value),
        }
    }

    pub fn get(&self) -> T {
        *self.value.lock()
    }

    pub fn set(&self, value: T) {
        *self.value.lock() = value;
    }
}

impl<T: Copy + Default + std::fmt::Debug> Default for RaceCell<T> {
    fn default() -> Self {
        RaceCell::new(T::default())
    }
}
