use labs::data_race::RacyCounter;

use super::together;
use crate::params::Params;

pub fn run(params: &mut Params) -> Result<String, String> {
    let rounds = 40;
    for round in 0..rounds {
        let threads = params.draw(2usize..=4);
        let increments = params.draw(200usize..=2000);
        let counter = RacyCounter::new();
        together(threads, |_| {
            for _ in 0..increments {
                counter.increment();
            }
        });
        let want = (threads * increments) as u64;
        if counter.get() != want {
            return Err(format!(
                "раунд {round}: {threads} потока × {increments} увеличений дали {0}, а не {want} / round {round}: {threads} threads × {increments} increments gave {0}, not {want}",
                counter.get()
            ));
        }
    }
    Ok(format!(
        "{rounds} раундов, ни одно обновление не потеряно / {rounds} rounds, no update lost"
    ))
}
