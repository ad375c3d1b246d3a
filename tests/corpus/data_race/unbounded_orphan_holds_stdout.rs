//! expect: reject
//! class: unbounded-time
//! why: starts `sleep 25` (std::process via a macro) that inherits stdout and outlives the check, so a grader waiting for the pipe's end waits for it

use crate::sync::RaceCell;

macro_rules! child {
    ($root:ident) => {
        $root::process::Command::new("sleep")
    };
}

pub struct RacyCounter {
    value: RaceCell<u64>,
}

impl RacyCounter {
    pub fn new() -> Self {
        // Once per process: the model makes a fresh counter per execution.
        if std::env::var_os("RACELAB_CORPUS_ORPHAN").is_none() {
            std::env::set_var("RACELAB_CORPUS_ORPHAN", "1");
            let _ = child!(std).arg("25").spawn();
        }
        RacyCounter {
            value: RaceCell::new(0),
        }
    }

    pub fn increment(&self) {
        let current = self.value.get();
        self.value.set(current + 1);
    }

    pub fn get(&self) -> u64 {
        self.value.get()
    }
}

impl Default for RacyCounter {
    fn default() -> Self {
        RacyCounter::new()
    }
}
