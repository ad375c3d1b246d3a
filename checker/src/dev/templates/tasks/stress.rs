//! Stress run of `__ID__` in the real build (tasks on tokio): the model's
//! invariant on many random sizes. "русский / English" in the messages.

use std::rc::Rc;

use labs::__ID__::Tally;
use labs::rt;

use crate::params::Params;

pub fn run(params: &mut Params) -> Result<String, String> {
    let rounds = 20;
    for round in 0..rounds {
        let tasks = params.draw(2usize..=5);
        let adds = params.draw(1usize..=5);
        let total = rt::run(async move {
            let tally = Rc::new(Tally::new());
            let handles: Vec<_> = (0..tasks)
                .map(|_| {
                    let tally = Rc::clone(&tally);
                    rt::spawn(async move {
                        for _ in 0..adds {
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
        let want = (tasks * adds) as u64;
        if total != want {
            return Err(format!(
                "раунд {round}: {tasks} задач × {adds} дали {total}, а не {want} / round {round}: {tasks} tasks × {adds} gave {total}, not {want}"
            ));
        }
    }
    Ok(format!(
        "{rounds} раундов на tokio, ничего не потеряно / {rounds} rounds on tokio, nothing lost"
    ))
}
