//! ЛР 2. Потоки. Процессы. Асинхронность. — the student's crate.
//!
//! Each exercise is one file in this folder; `lab.toml` next to this crate's
//! Cargo.toml lists them. Edit the exercise files, then run `cargo lab check`.
//! `sync` (threads) and `rt` (async tasks) are the kit's facades: do not edit
//! them (the checker uses its own).

pub mod rt;
pub mod sync;

pub mod async_cache;
pub mod async_counter;
pub mod bank;
pub mod blocking;
pub mod counter;
pub mod data_race;
pub mod list;
