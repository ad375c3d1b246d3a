//! ЛР 2. Потоки. Процессы. Асинхронность. — the student's crate.
//!
//! Each exercise is one file in this folder; `lab.toml` next to this crate's
//! Cargo.toml lists them. Edit the exercise files, then run `cargo lab check`.
//! `sync` (threads), `rt` (async tasks), `net` (the lab's server and its
//! clients), `process` (worker processes) and `primes` (the computation of
//! `cpu_bound`) are the kit's: do not edit them (the checker uses its own
//! `sync` and `rt`).

pub mod net;
pub mod primes;
pub mod process;
pub mod rt;
pub mod sync;

/// The kit's record of what exercise code did (for its own checks; not for
/// exercise code).
#[doc(hidden)]
pub mod __kit;

// The exercise modules, one per registry entry (`lab.toml`), declared by
// build.rs.
include!(concat!(env!("OUT_DIR"), "/exercises.rs"));
