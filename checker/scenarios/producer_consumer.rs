//! Scenario `producer_consumer`: of the `threads` threads the first half
//! (rounded up) are producers, each sending `ops` numbers of its own, and
//! the rest consumers, each receiving `ops`. Expected: every consumer gets
//! its `ops` numbers, none twice, each producer's in the order sent, and
//! nobody is left waiting (a lost wakeup ends the execution as a forbidden
//! outcome: the facade sees that nobody is left to notify).

use crate::model::{note, ModelParams, Observation};
use crate::sync::{thread, Arc};
use crate::text::Text;

use super::exercise::Channel;

/// Producer `p`'s `i`-th number.
fn item(p: usize, i: usize) -> u32 {
    (10 * (p + 1) + i + 1) as u32
}

pub fn run(params: &ModelParams) -> Observation {
    let channel = Arc::new(Channel::new());
    let producers = params.threads.div_ceil(2);
    let ops = params.ops;
    let handles: Vec<_> = (0..params.threads)
        .map(|t| {
            let channel = Arc::clone(&channel);
            thread::spawn(move || {
                if t < producers {
                    for i in 0..ops {
                        channel.send(item(t, i));
                    }
                    Vec::new()
                } else {
                    (0..ops)
                        .map(|_| {
                            let got = channel.recv();
                            note(Text::new(format!("recv() → {got}"), format!("recv() → {got}")));
                            got
                        })
                        .collect()
                }
            })
        })
        .collect();
    let got: Vec<Vec<u32>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let received: Vec<&Vec<u32>> = got[producers..].iter().collect();
    let mut all: Vec<u32> = received.iter().flat_map(|r| r.iter().copied()).collect();
    let count = all.len();
    all.sort_unstable();
    all.dedup();
    let in_order = received.iter().all(|r| {
        (0..producers).all(|p| {
            let mine: Vec<u32> = r
                .iter()
                .copied()
                .filter(|&x| (0..ops).any(|i| item(p, i) == x))
                .collect();
            mine.windows(2).all(|w| w[0] < w[1])
        })
    });
    let sent: Vec<u32> = (0..producers)
        .flat_map(|p| (0..ops).map(move |i| item(p, i)))
        .collect();
    let known = all.iter().all(|x| sent.contains(x));
    let shown: Vec<String> = received.iter().map(|r| format!("{r:?}")).collect();
    let shown = shown.join(", ");
    Observation {
        state: Text::new(format!("получено: {shown}"), format!("received: {shown}")),
        expected: count == all.len() && known && in_order,
    }
}
