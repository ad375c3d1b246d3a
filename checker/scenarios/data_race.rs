//! Scenario `data_race`: as `counter`, on the `RacyCounter`.

use crate::model::{ModelParams, Observation};
use crate::sync::{thread, Arc};
use crate::text::Text;

use super::exercise::RacyCounter;

pub fn run(params: &ModelParams) -> Observation {
    let counter = Arc::new(RacyCounter::new());
    let handles: Vec<_> = (0..params.threads)
        .map(|_| {
            let counter = Arc::clone(&counter);
            let ops = params.ops;
            thread::spawn(move || {
                for _ in 0..ops {
                    counter.increment();
                }
            })
        })
        .collect();
    for handle in handles {
        let _ = handle.join();
    }
    let total = counter.get();
    let want = (params.threads * params.ops) as u64;
    Observation {
        state: Text::new(format!("счётчик = {total}"), format!("counter = {total}")),
        expected: total == want,
    }
}
