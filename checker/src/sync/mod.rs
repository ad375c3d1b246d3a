//! The model twin of `labs/src/sync.rs`: the same API (parking_lot-style
//! locks, std-style atomics and threads, `RaceCell`), backed by loom and
//! reporting every shared access to the recorder. Exercise files compiled
//! into the checker resolve `crate::sync` to this module.
//!
//! Only the thin API lives here; the engine is in `crate::model`.

mod atomic_int;
mod debug;
mod lock;
mod race_cell;
mod shown;

pub mod atomic {
    pub use super::atomic_int::{
        AtomicBool, AtomicI32, AtomicI64, AtomicU32, AtomicU64, AtomicUsize,
    };
    pub use std::sync::atomic::Ordering;
}
pub mod thread;

pub use lock::{Condvar, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
pub use race_cell::RaceCell;
// Model threads are coroutines on one OS thread: std's Arc is exact here and
// adds no scheduling points of its own.
pub use std::sync::Arc;
