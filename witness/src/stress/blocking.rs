use labs::blocking::{compress, heartbeat};
use labs::rt::{self, Shared};

use crate::params::Params;

/// Rounds of the exercise's own scenario: a heartbeat task beside
/// `compress`, every poll of every task measured by the facade (`rt::held`:
/// the thread's CPU time and its voluntary waits, so a loaded machine does
/// not count). Each costs `compress`'s real 100 ms, so a few are enough:
/// a blocking call blocks every time.
const ROUNDS: usize = 4;
const BEATS: usize = 3;

pub fn run(params: &mut Params) -> Result<String, String> {
    let mut held_in = 0;
    let mut first_held = None;
    for round in 0..ROUNDS {
        let size = params.draw(256usize..=4096);
        let (beats, result) = rt::run(async move {
            let beats = Shared::new(Vec::new());
            let pulse = rt::spawn(heartbeat(beats.clone(), BEATS));
            let work = rt::spawn(compress(vec![0u8; size]));
            pulse.await;
            let result = work.await;
            (beats.get(), result)
        });
        if result != size / 2 {
            return Err(format!(
                "раунд {round}: compress вернул {result}, а не {0} / round {round}: compress returned {result}, not {0}",
                size / 2
            ));
        }
        let on_time: Vec<u64> = (1..=BEATS as u64).map(|i| i * 10).collect();
        if beats != on_time {
            return Err(format!(
                "раунд {round}: пульс {beats:?} мс, а не {on_time:?} / round {round}: heartbeat {beats:?} ms, not {on_time:?}"
            ));
        }
        let held = rt::held();
        if let Some(first) = held.into_iter().next() {
            held_in += 1;
            first_held.get_or_insert(first);
        }
    }
    if let Some(held) = first_held {
        return Err(held_report(&held, held_in, ROUNDS));
    }
    Ok(format!(
        "раундов: {ROUNDS}, ни один шаг задачи не держал поток / {ROUNDS} rounds, no task's step held the thread"
    ))
}

/// "In 4 of 4 rounds task T2 held the thread ≥ 3 ms …": what broke and how
/// often, with the limit rather than the measured time (which depends on the
/// machine's load).
pub(super) fn held_report(held: &rt::Held, held_in: usize, rounds: usize) -> String {
    let ms = held.limit.as_millis();
    let (how_ru, how_en) = if held.computing {
        ("расчётом без .await", "computing with no .await")
    } else {
        (
            "сном или блокирующим вводом-выводом",
            "in a sleep or blocking I/O",
        )
    };
    let (at_ru, at_en) = if held.after == "start" {
        ("в первом шаге".to_string(), "in its first step".to_string())
    } else {
        (
            format!("после await {}", held.after),
            format!("after await {}", held.after),
        )
    };
    format!(
        "в {held_in} из {rounds} раундов задача {0} {at_ru} держала поток ≥ {ms} мс {how_ru}: остальные задачи стояли / in {held_in} of {rounds} rounds task {0} held the thread ≥ {ms} ms {how_en} {at_en}: every other task stood still",
        held.task
    )
}
