//! ЛР 2. Потоки. Процессы. Асинхронность. — the student's crate.
//!
//! Each exercise is one file in this folder; `lab.toml` next to this crate's
//! Cargo.toml lists them. Edit the exercise files, then run `cargo lab check`.
//! `sync` is the kit's facade: do not edit it (the checker uses its own).

pub mod sync;

pub mod bank;
pub mod counter;
pub mod data_race;
pub mod list;
