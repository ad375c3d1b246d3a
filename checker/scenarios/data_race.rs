//! Scenario `data_race`: as `counter`, on the `RacyCounter`.

use crate::model::{increments, ModelParams, Observation};

use super::exercise::RacyCounter;

pub fn run(params: &ModelParams) -> Observation {
    increments::run(params, RacyCounter::new(), RacyCounter::increment, RacyCounter::get)
}
