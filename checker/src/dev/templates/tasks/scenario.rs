//! Scenario `__ID__`: `threads` tasks on one thread call `add()` `ops`
//! times each on one tally; expected: tasks × ops. (Every schedule of the
//! tasks is explored: keep it to a few tasks and awaits.)

use std::rc::Rc;

use crate::model::{ModelParams, Observation};
use crate::rt;
use crate::text::Text;

use super::exercise::Tally;

pub fn run(params: &ModelParams) -> Observation {
    let (tasks, ops) = (params.threads, params.ops);
    let total = rt::run(async move {
        let tally = Rc::new(Tally::new());
        let handles: Vec<_> = (0..tasks)
            .map(|_| {
                let tally = Rc::clone(&tally);
                rt::spawn(async move {
                    for _ in 0..ops {
                        tally.add().await;
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.await;
        }
        tally.get()
    });
    let want = (tasks * ops) as u64;
    Observation {
        state: Text::new(format!("итог = {total}"), format!("total = {total}")),
        expected: total == want,
    }
}
