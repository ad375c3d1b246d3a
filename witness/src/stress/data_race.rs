use labs::data_race::RacyCounter;

use super::increment_rounds;
use crate::params::Params;

pub fn run(params: &mut Params) -> Result<String, String> {
    increment_rounds(
        params,
        RacyCounter::new,
        RacyCounter::increment,
        RacyCounter::get,
    )
}
