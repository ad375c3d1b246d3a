use std::rc::Rc;

use labs::async_counter::Counter;
use labs::rt;

use crate::params::Params;

pub fn run(params: &mut Params) -> Result<String, String> {
    let rounds = 20;
    let mut held_in = 0;
    let mut first_held = None;
    for round in 0..rounds {
        let tasks = params.draw(2usize..=5);
        let increments = params.draw(1usize..=5);
        let total = rt::run(async move {
            let counter = Rc::new(Counter::new());
            let handles: Vec<_> = (0..tasks)
                .map(|_| {
                    let counter = Rc::clone(&counter);
                    rt::spawn(async move {
                        for _ in 0..increments {
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
        // A step that holds the thread is a blocking call in a task, however
        // it is written.
        if let Some(held) = rt::held().into_iter().next() {
            held_in += 1;
            first_held.get_or_insert(held);
        }
        let want = (tasks * increments) as u64;
        if total != want {
            return Err(format!("раунд {round}: {tasks} задач × {increments} дали {total}, а не {want} / round {round}: {tasks} tasks × {increments} gave {total}, not {want}"));
        }
    }
    if let Some(held) = first_held {
        return Err(super::blocking::held_report(&held, held_in, rounds));
    }
    Ok(format!(
        "{rounds} раундов на tokio без потерь / {rounds} rounds on tokio, no update lost"
    ))
}
