//! Scenario `cpu_bound`: the threads strategy only — `count_threads(limit,
//! threads)` on a range small enough to count at once, so that what the
//! model explores is how the parts' answers are put together (a sum that
//! loses a part's answer is a lost update, whatever the timing). Expected:
//! the kit's own count. Processes and tasks, and whether the threads really
//! run at the same time, are the real build's to judge (labwitness).

use crate::model::{ModelParams, Observation};
use crate::text::Text;

use super::exercise::count_threads;

/// Primes below 30: 2, 3, 5, 7, 11, 13, 17, 19, 23, 29.
const LIMIT: u64 = 30;

pub fn run(params: &ModelParams) -> Observation {
    let want = crate::primes::count_quietly(0, LIMIT);
    let got = count_threads(LIMIT, params.threads as u64);
    Observation {
        state: Text::new(
            format!("count_threads({LIMIT}, {}) = {got}", params.threads),
            format!("count_threads({LIMIT}, {}) = {got}", params.threads),
        ),
        expected: got == want,
    }
}
