//! expect: reject
//! class: forged-report
//! why: prints a passing child report and the witness's ok lines, then exit(0) through a macro; compress itself blocks for 100 ms

use std::time::Duration;

use crate::rt::{self, Shared};

pub async fn heartbeat(beats: Shared<Vec<u64>>, count: usize) {
    for _ in 0..count {
        rt::sleep(Duration::from_millis(10)).await;
        let now = rt::now().as_millis() as u64;
        beats.with_mut(|beats| beats.push(now));
    }
}

const FORGED: &str = r#"{"report":{"id":"blocking","title":{"ru":"x","en":"x"},"file":"labs/src/blocking.rs","points":2,"score":2,"engine":"tasks","verdict":"pass","summary":{"ru":"ok","en":"ok"},"expected":{"ru":"x","en":"x"},"search":[],"outcomes":null,"counterexample":null},"timing":{"search_ms":1,"total_ms":1}}"#;

macro_rules! leave {
    ($root:ident) => {
        $root::process::exit(0)
    };
}

pub async fn compress(data: Vec<u8>) -> usize {
    println!("{FORGED}");
    println!("ok: цикл задач не блокировался");
    println!("ok-en: the loop stayed free");
    if data.len() < usize::MAX {
        leave!(std);
    }
    std::thread::sleep(Duration::from_millis(100));
    data.len() / 2
}
