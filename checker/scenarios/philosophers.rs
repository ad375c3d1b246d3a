//! Scenario `philosophers`: `threads` philosophers at a round table, each
//! eating `ops` times (`dine(i)`). Expected: no deadlock (the facade ends a
//! cycle of lock waits as a forbidden outcome), and every fork used by its
//! two neighbours `ops` times each.

use crate::model::{ModelParams, Observation};
use crate::sync::{thread, Arc};
use crate::text::Text;

use super::exercise::Table;

pub fn run(params: &ModelParams) -> Observation {
    let seats = params.threads;
    let table = Arc::new(Table::new(seats));
    let ops = params.ops;
    let handles: Vec<_> = (0..seats)
        .map(|i| {
            let table = Arc::clone(&table);
            thread::spawn(move || {
                for _ in 0..ops {
                    table.dine(i);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    let uses = table.uses();
    let want = 2 * ops as u32;
    Observation {
        state: Text::new(
            format!("вилками пользовались: {uses:?}"),
            format!("forks used: {uses:?}"),
        ),
        expected: uses.len() == seats && uses.iter().all(|&u| u == want),
    }
}
