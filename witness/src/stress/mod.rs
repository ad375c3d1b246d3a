//! One stress test per exercise, by id.

mod async_cache;
mod async_counter;
mod bank;
mod blocking;
mod counter;
mod cpu_bound;
mod data_race;
mod io_bound;
mod list;
mod processes;

use crate::params::Params;

pub type Stress = fn(&mut Params) -> Result<String, String>;

const ALL: &[(&str, Stress)] = &[
    ("counter", counter::run),
    ("list", list::run),
    ("bank", bank::run),
    ("data_race", data_race::run),
    ("async_counter", async_counter::run),
    ("async_cache", async_cache::run),
    ("blocking", blocking::run),
    ("io_bound", io_bound::run),
    ("cpu_bound", cpu_bound::run),
    ("processes", processes::run),
];

pub fn find(id: &str) -> Option<Stress> {
    ALL.iter()
        .find(|(name, _)| *name == id)
        .map(|&(_, run)| run)
}

/// Runs `body` on `threads` OS threads at once (a barrier lines them up).
pub fn together<T: Send>(threads: usize, body: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let barrier = std::sync::Barrier::new(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let barrier = &barrier;
                let body = &body;
                scope.spawn(move || {
                    barrier.wait();
                    body(i)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}
