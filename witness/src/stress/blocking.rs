use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use labs::blocking::compress;

use crate::params::Params;

const STALL: Duration = Duration::from_millis(60);

/// On a real clock (the facade's paused clock would hide a stall): while
/// `compress` works, a ticker task on the same thread must keep ticking.
pub fn run(params: &mut Params) -> Result<String, String> {
    let size = params.draw(256usize..=4096);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|e| e.to_string())?;
    let local = tokio::task::LocalSet::new();
    let ticks: Rc<RefCell<Vec<Instant>>> = Rc::default();
    let ticks_end = Rc::clone(&ticks);
    let result = local.block_on(&runtime, {
        let ticks = Rc::clone(&ticks);
        async move {
            let ticker = tokio::task::spawn_local(async move {
                loop {
                    ticks.borrow_mut().push(Instant::now());
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            });
            tokio::task::yield_now().await;
            let result = tokio::task::spawn_local(compress(vec![0u8; size]))
                .await
                .map_err(|e| e.to_string());
            ticker.abort();
            ticks_end.borrow_mut().push(Instant::now());
            result
        }
    })?;
    if result != size / 2 {
        return Err(format!(
            "compress вернул {result}, а не {0} / compress returned {result}, not {0}",
            size / 2
        ));
    }
    let ticks = ticks.borrow();
    let worst = ticks
        .windows(2)
        .map(|w| w[1] - w[0])
        .max()
        .unwrap_or_default();
    // The report states the threshold, not the measured time: that varies
    // with the machine's load, and the report must not.
    if worst > STALL {
        return Err(format!(
            "остальные задачи стояли дольше {0} мс, пока работал compress / the other tasks stood still for more than {0} ms while compress ran",
            STALL.as_millis()
        ));
    }
    Ok(format!(
        "{0} тиков, цикл задач не блокировался / {0} ticks, the loop stayed free",
        ticks.len() - 1
    ))
}
