//! The check of `__ID__` (engine "real": no model, this run is the whole
//! check): the real build on many random sizes. "русский / English" in the
//! messages.

use labs::__ID__::add_in_threads;

use crate::params::Params;

pub fn run(params: &mut Params) -> Result<String, String> {
    let rounds = 20;
    for round in 0..rounds {
        let threads = params.draw(2usize..=4);
        let adds = params.draw(200usize..=2000);
        let (got, want) = (add_in_threads(threads, adds), (threads * adds) as u64);
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
