//! The real build's runners: the stress witness (`labwitness`) and the
//! benchmarks (`labbench`). Both run the labs crate — OS threads, tokio,
//! processes — where the checker runs models.

pub mod bench;
pub mod chart;
pub mod params;
pub mod stress;
