//! Stress run of `__ID__` in the real build (OS threads): the model's
//! invariant on many random sizes. "русский / English" in the messages.

use labs::__ID__::Tally;

use super::together;
use crate::params::Params;

pub fn run(params: &mut Params) -> Result<String, String> {
    let rounds = 40;
    for round in 0..rounds {
        let threads = params.draw(2usize..=4);
        let adds = params.draw(200usize..=2000);
        let tally = Tally::new();
        together(threads, |_| {
            for _ in 0..adds {
                tally.add();
            }
        });
        let (got, want) = (tally.get(), (threads * adds) as u64);
        if got != want {
            return Err(format!(
                "раунд {round}: {threads} потока × {adds} дали {got}, а не {want} / round {round}: {threads} threads × {adds} gave {got}, not {want}"
            ));
        }
    }
    Ok(format!(
        "{rounds} раундов, ничего не потеряно / {rounds} rounds, nothing lost"
    ))
}
