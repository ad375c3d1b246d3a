//! Scenario `blocking`: a heartbeat task beats every 10 ms (3 beats) while
//! another task compresses 1024 bytes. Expected: the beats on time, at 10,
//! 20 and 30 ms, and the right result.

use crate::model::{ModelParams, Observation};
use crate::rt::{self, Shared};
use crate::text::Text;

use super::exercise::{compress, heartbeat};

const BEATS: usize = 3;

pub fn run(_params: &ModelParams) -> Observation {
    let (beats, size) = rt::run(async {
        let beats = Shared::new(Vec::new());
        let pulse = rt::spawn(heartbeat(beats.clone(), BEATS));
        let work = rt::spawn(compress(vec![0u8; 1024]));
        pulse.await;
        let size = work.await;
        (beats.get(), size)
    });
    let on_time: Vec<u64> = (1..=BEATS as u64).map(|i| i * 10).collect();
    Observation {
        state: Text::new(
            format!("пульс: {beats:?} мс, compress → {size}"),
            format!("heartbeat: {beats:?} ms, compress → {size}"),
        ),
        expected: beats == on_time && size == 512,
    }
}
