//! racelab's checker: compiles the exercises against a loom-backed facade,
//! explores their interleavings, and reports outcome tables and minimal
//! counterexamples.
//!
//! `sync` is the facade exercise code sees as `crate::sync` when compiled in
//! here; everything else is the engine and its front ends.

pub mod sync;

pub mod check;
pub mod cli;
pub mod isolate;
pub mod model;
pub mod registry;
pub mod report;
pub mod scan;
pub mod text;
pub mod trees;
