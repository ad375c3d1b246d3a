//! Stress run of `philosophers` on OS threads: 2–5 philosophers eat many
//! times each. Nobody may be left waiting (a deadlock never returns: each
//! round has a deadline, and the stuck threads end with this process), and
//! every fork must be used by both neighbours every time they ate.

use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use labs::philosophers::Table;

use crate::params::Params;

/// Far longer than a round takes when nothing deadlocks.
const DEADLINE: Duration = Duration::from_secs(5);

pub fn run(params: &mut Params) -> Result<String, String> {
    let rounds = 100;
    for round in 0..rounds {
        let seats = params.draw(2usize..=5);
        let meals = params.draw(100usize..=2000);
        let table = Arc::new(Table::new(seats));
        let (done, finished) = mpsc::channel();
        for i in 0..seats {
            let table = Arc::clone(&table);
            let done = done.clone();
            std::thread::spawn(move || {
                for _ in 0..meals {
                    table.dine(i);
                }
                let _ = done.send(());
            });
        }
        drop(done);
        for _ in 0..seats {
            if finished.recv_timeout(DEADLINE).is_err() {
                return Err(format!(
                    "раунд {round}: {seats} философов по {meals} раз — обед не закончился, взаимная блокировка / round {round}: {seats} philosophers × {meals} meals — dinner never ended, a deadlock"
                ));
            }
        }
        let uses = table.uses();
        let want = (2 * meals) as u32;
        if uses.iter().any(|&u| u != want) {
            return Err(format!(
                "раунд {round}: вилками пользовались {uses:?}, а не по {want} / round {round}: the forks were used {uses:?} times, not {want} each"
            ));
        }
    }
    Ok(format!(
        "{rounds} раундов: все пообедали, взаимных блокировок нет / {rounds} rounds: everyone ate, no deadlock"
    ))
}
