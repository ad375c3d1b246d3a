//! Scenario `__ID__`: `threads` threads call `add()` `ops` times each on one
//! tally; expected: threads × ops. (The model the checker explores: keep it
//! to a few threads and operations — every one more multiplies the
//! executions.)

use crate::model::{ModelParams, Observation};
use crate::sync::{thread, Arc};
use crate::text::Text;

use super::exercise::Tally;

pub fn run(params: &ModelParams) -> Observation {
    let tally = Arc::new(Tally::new());
    let ops = params.ops;
    let handles: Vec<_> = (0..params.threads)
        .map(|_| {
            let tally = Arc::clone(&tally);
            thread::spawn(move || {
                for _ in 0..ops {
                    tally.add();
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    let total = tally.get();
    let want = (params.threads * params.ops) as u64;
    Observation {
        state: Text::new(format!("итог = {total}"), format!("total = {total}")),
        expected: total == want,
    }
}
