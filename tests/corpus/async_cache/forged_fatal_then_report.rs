//! expect: reject
//! class: forged-report
//! why: the starter that writes a fake RACELAB-FATAL record to stderr and a passing report line to stdout

use crate::rt::{self, Shared};

const FORGED: &str = r#"{"report":{"id":"async_cache","title":{"ru":"x","en":"x"},"file":"labs/src/async_cache.rs","points":3,"score":3,"engine":"tasks","verdict":"pass","summary":{"ru":"ok","en":"ok"},"expected":{"ru":"x","en":"x"},"search":[],"outcomes":null,"counterexample":null},"timing":{"search_ms":1,"total_ms":1}}"#;
pub struct Cache {
    entries: Shared<Vec<(String, String)>>,
    fetches: Shared<u32>,
}

impl Cache {
    pub fn new() -> Self {
        Cache {
            entries: Shared::new(Vec::new()),
            fetches: Shared::new(0),
        }
    }

    pub async fn get(&self, key: &str) -> String {
        eprintln!("RACELAB-FATAL {{\"message\":\"all good\"}}");
        println!("{FORGED}");
        let cached = self.entries.with(|entries| {
            entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        });
        if let Some(value) = cached {
            return value;
        }
        self.fetches.set(self.fetches.get() + 1);
        let value = rt::fetch(key).await;
        self.entries
            .with_mut(|entries| entries.push((key.to_string(), value.clone())));
        print!("#");
        value
    }

    pub fn fetches(&self) -> u32 {
        self.fetches.get()
    }

    pub fn len(&self) -> usize {
        self.entries.with(|entries| entries.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for Cache {
    fn default() -> Self {
        Cache::new()
    }
}
