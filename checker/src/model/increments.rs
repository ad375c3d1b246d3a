//! The scenario shared by every counter-like exercise: `threads` threads
//! increment one shared value `ops` times each; nothing may be lost.

use super::{ModelParams, Observation};
use crate::sync::{thread, Arc};
use crate::text::Text;

pub fn run<C: Send + Sync + 'static>(
    params: &ModelParams,
    counter: C,
    increment: fn(&C),
    get: fn(&C) -> u64,
) -> Observation {
    let counter = Arc::new(counter);
    let handles: Vec<_> = (0..params.threads)
        .map(|_| {
            let counter = Arc::clone(&counter);
            let ops = params.ops;
            thread::spawn(move || {
                for _ in 0..ops {
                    increment(&counter);
                }
            })
        })
        .collect();
    for handle in handles {
        let _ = handle.join();
    }
    let total = get(&counter);
    let want = (params.threads * params.ops) as u64;
    Observation {
        state: Text::new(format!("счётчик = {total}"), format!("counter = {total}")),
        expected: total == want,
    }
}
