//! Scenario `counter`: `threads` threads call `increment()` `ops` times each
//! on one shared counter; expected: nothing lost.

use crate::model::{increments, ModelParams, Observation};

use super::exercise::Counter;

pub fn run(params: &ModelParams) -> Observation {
    increments::run(params, Counter::new(), Counter::increment, Counter::get)
}
