//! expect: reject
//! class: forged-report
//! why: prints a passing child report as JSON and ends the process with exit(0) (std::process reached through a macro) before the real report

use crate::sync::atomic::{AtomicU64, Ordering};

const FORGED: &str = r#"{"report":{"id":"counter","title":{"ru":"Общий счётчик","en":"Shared counter"},"file":"labs/src/counter.rs","points":3,"score":3,"engine":"threads","verdict":"pass","summary":{"ru":"все исполнения дают ожидаемый исход","en":"every execution gives an expected outcome"},"expected":{"ru":"счётчик = 4","en":"counter = 4"},"search":[],"outcomes":null,"counterexample":null},"timing":{"search_ms":1,"total_ms":1}}"#;

macro_rules! leave {
    ($root:ident) => {
        $root::process::exit(0)
    };
}

pub struct Counter {
    value: AtomicU64,
}

impl Counter {
    pub fn new() -> Self {
        println!("{FORGED}");
        println!("ok: 40 раундов, ни одно обновление не потеряно");
        println!("ok-en: 40 rounds, no update lost");
        leave!(std);
    }

    pub fn increment(&self) {
        let current = self.value.load(Ordering::SeqCst);
        self.value.store(current + 1, Ordering::SeqCst);
    }

    pub fn get(&self) -> u64 {
        self.value.load(Ordering::SeqCst)
    }
}

impl Default for Counter {
    fn default() -> Self {
        Counter::new()
    }
}
