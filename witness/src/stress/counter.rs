use labs::counter::Counter;

use super::increment_rounds;
use crate::params::Params;

pub fn run(params: &mut Params) -> Result<String, String> {
    increment_rounds(params, Counter::new, Counter::increment, Counter::get)
}
