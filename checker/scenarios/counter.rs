//! Scenario `counter`: `threads` threads call `increment()` `ops` times each
//! on one shared counter; expected: nothing lost.

use crate::model::{ModelParams, Observation};
use crate::sync::{thread, Arc};
use crate::text::Text;

use super::exercise::Counter;

pub fn run(params: &ModelParams) -> Observation {
    let counter = Arc::new(Counter::new());
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
