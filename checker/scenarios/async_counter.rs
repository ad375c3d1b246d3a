//! Scenario `async_counter`: `threads` tasks on one thread call
//! `increment()` `ops` times each on one shared counter; expected: nothing
//! lost.

use std::rc::Rc;

use crate::model::{ModelParams, Observation};
use crate::rt;
use crate::text::Text;

use super::exercise::Counter;

pub fn run(params: &ModelParams) -> Observation {
    let (tasks, ops) = (params.threads, params.ops);
    let total = rt::run(async move {
        let counter = Rc::new(Counter::new());
        let handles: Vec<_> = (0..tasks)
            .map(|_| {
                let counter = Rc::clone(&counter);
                rt::spawn(async move {
                    for _ in 0..ops {
                        counter.increment().await;
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.await;
        }
        counter.get()
    });
    let want = (tasks * ops) as u64;
    Observation {
        state: Text::new(format!("счётчик = {total}"), format!("counter = {total}")),
        expected: total == want,
    }
}
