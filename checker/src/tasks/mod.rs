//! The task explorer: a deterministic single-thread executor that tries every
//! order in which ready tasks can be polled. A task switches only when it
//! returns `Pending` (at an `.await`); timers run on virtual time, and timers
//! due at the same instant may wake their tasks in any order. Depth-first
//! with replay, as loom does for threads.
//!
//! `crate::rt` is the facade exercise code sees; the executor lives here.

pub mod executor;
pub mod explore;
pub mod probe;
