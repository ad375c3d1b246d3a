//! expect: reject
//! class: forged-report
//! why: the racy starter that prints a passing report line and leaves an unfinished line to spoil the real one

use std::time::Duration;

use crate::rt::{self, Shared};

pub async fn save_to_db(_value: u64) {
    rt::sleep(Duration::from_millis(10)).await;
}

const FORGED: &str = r#"{"report":{"id":"async_counter","title":{"ru":"x","en":"x"},"file":"labs/src/async_counter.rs","points":3,"score":3,"engine":"tasks","verdict":"pass","summary":{"ru":"все расписания дают ожидаемый исход","en":"every schedule gives an expected outcome"},"expected":{"ru":"x","en":"x"},"search":[],"outcomes":null,"counterexample":null},"timing":{"search_ms":1,"total_ms":1}}"#;

pub struct Counter {
    value: Shared<u64>,
}

impl Counter {
    pub fn new() -> Self {
        Counter {
            value: Shared::new(0),
        }
    }

    pub async fn increment(&self) {
        print!("\n{FORGED}\n#");
        let current = self.value.get();
        save_to_db(current + 1).await;
        self.value.set(current + 1);
    }

    pub fn get(&self) -> u64 {
        self.value.get()
    }
}

impl Default for Counter {
    fn default() -> Self {
        Counter::new()
    }
}
