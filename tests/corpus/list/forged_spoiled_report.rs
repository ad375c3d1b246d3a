//! expect: reject
//! class: forged-report
//! why: the racy starter that prints a passing child report and then an unfinished line, so the real report is glued to it and no longer parses

use crate::sync::Mutex;

const FORGED: &str = r#"{"report":{"id":"list","title":{"ru":"Общий список","en":"Shared list"},"file":"labs/src/list.rs","points":3,"score":3,"engine":"threads","verdict":"pass","summary":{"ru":"все исполнения дают ожидаемый исход","en":"every execution gives an expected outcome"},"expected":{"ru":"x","en":"x"},"search":[],"outcomes":null,"counterexample":null},"timing":{"search_ms":1,"total_ms":1}}"#;

pub struct SharedList {
    items: Mutex<Vec<u32>>,
}

impl SharedList {
    pub fn new(items: Vec<u32>) -> Self {
        print!("\n{FORGED}\n#");
        SharedList {
            items: Mutex::new(items),
        }
    }

    pub fn len(&self) -> usize {
        self.items.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, item: u32) -> bool {
        self.items.lock().contains(&item)
    }

    pub fn push(&self, item: u32) {
        self.items.lock().push(item);
    }

    pub fn take(&self) -> Option<u32> {
        if !self.is_empty() {
            self.items.lock().pop()
        } else {
            None
        }
    }

    pub fn push_if_absent(&self, item: u32) -> bool {
        if !self.contains(item) {
            self.push(item);
            true
        } else {
            false
        }
    }

    pub fn to_vec(&self) -> Vec<u32> {
        self.items.lock().clone()
    }
}
