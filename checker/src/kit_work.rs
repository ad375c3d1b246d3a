//! What the labs crate's `primes` module needs of the kit (`crate::__kit`
//! there), in the model: a part counted is recorded as the counting
//! thread's work, so its step shows in the counterexample and the thread
//! counts as a worker.

use crate::model::recorder::{self, Action};
use crate::text::Text;

pub fn part(lo: u64, hi: u64, count: impl FnOnce() -> u64) -> u64 {
    let n = count();
    recorder::record(Action::Work(Text::same(format!(
        "primes::count({lo}, {hi}) → {n}"
    ))));
    n
}
