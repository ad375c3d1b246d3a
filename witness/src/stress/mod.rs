//! One stress test per exercise, by id.

use crate::params::Params;

pub type Stress = fn(&mut Params) -> Result<String, String>;

// The stress runs, one per registry entry that has its file here
// (src/stress/ID.rs), gathered by build.rs.
include!(concat!(env!("OUT_DIR"), "/stress.rs"));

/// The ids that have a stress run.
pub fn ids() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|&(id, _)| id)
}

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

/// Rounds of `threads` threads incrementing one counter: no update may be
/// lost (counter and data_race).
pub fn increment_rounds<C: Sync>(
    params: &mut Params,
    make: fn() -> C,
    increment: fn(&C),
    get: fn(&C) -> u64,
) -> Result<String, String> {
    let rounds = 40;
    for round in 0..rounds {
        let threads = params.draw(2usize..=4);
        let increments = params.draw(200usize..=2000);
        let counter = make();
        together(threads, |_| {
            for _ in 0..increments {
                increment(&counter);
            }
        });
        let want = (threads * increments) as u64;
        let got = get(&counter);
        if got != want {
            return Err(format!(
                "раунд {round}: {threads} потока × {increments} увеличений дали {got}, а не {want} / round {round}: {threads} threads × {increments} increments gave {got}, not {want}"
            ));
        }
    }
    Ok(format!(
        "{rounds} раундов, ни одно обновление не потеряно / {rounds} rounds, no update lost"
    ))
}

/// The kinds of breakage a stress run saw, each with how often and its
/// first instance, in the order first seen.
#[derive(Default)]
pub struct Problems {
    seen: Vec<Problem>,
}

struct Problem {
    kind: &'static str,
    times: usize,
    /// Rounds in which this check ran.
    of: usize,
    ru: String,
    en: String,
}

impl Problems {
    /// Notes one instance of `kind`, a check run in `of` rounds (the texts
    /// of the first instance are kept).
    pub fn add(&mut self, kind: &'static str, of: usize, ru: String, en: String) {
        match self.seen.iter_mut().find(|p| p.kind == kind) {
            Some(problem) => problem.times += 1,
            None => self.seen.push(Problem {
                kind,
                times: 1,
                of,
                ru,
                en,
            }),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// `Ok(summary)` if nothing broke; otherwise every kind, how often, and
    /// its first instance ("русский / English").
    pub fn verdict(&self, summary: String) -> Result<String, String> {
        if self.seen.is_empty() {
            return Ok(summary);
        }
        let ru: Vec<String> = self
            .seen
            .iter()
            .map(|p| format!("{} (раундов: {} из {})", p.ru, p.times, p.of))
            .collect();
        let en: Vec<String> = self
            .seen
            .iter()
            .map(|p| format!("{} ({} of {} rounds)", p.en, p.times, p.of))
            .collect();
        // " / " separates the languages: keep it out of the texts.
        let clean = |s: String| s.replace(" / ", " ∕ ");
        Err(format!(
            "{} / {}",
            clean(ru.join("; ")),
            clean(en.join("; "))
        ))
    }
}
