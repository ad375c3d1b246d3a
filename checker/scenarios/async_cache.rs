//! Scenario `async_cache`: `threads` tasks ask the cache for the same key at
//! once (and, with `ops` ≥ 2, for it again later). Expected: every task gets
//! the value, which was fetched once. The fetches are counted by the kit's
//! `rt::fetch`, never by the exercise: a counter the exercise keeps could say
//! anything.

use std::rc::Rc;

use crate::model::{ModelParams, Observation};
use crate::rt;
use crate::text::Text;

use super::exercise::Cache;

pub fn run(params: &ModelParams) -> Observation {
    let (tasks, ops) = (params.threads, params.ops);
    let values = rt::run(async move {
        let cache = Rc::new(Cache::new());
        let handles: Vec<_> = (0..tasks)
            .map(|_| {
                let cache = Rc::clone(&cache);
                rt::spawn(async move {
                    let mut got = Vec::new();
                    for _ in 0..ops {
                        let value = cache.get("a").await;
                        rt::note(Text::same(format!("get(\"a\") → {value:?}")));
                        got.push(value);
                    }
                    got
                })
            })
            .collect();
        let mut values = Vec::new();
        for handle in handles {
            values.extend(handle.await);
        }
        values
    });
    let fetches = rt::fetches("a");
    let right = values.iter().all(|v| v == "A") && values.len() == tasks * ops;
    Observation {
        state: Text::new(
            format!("загрузок \"a\": {fetches}"),
            format!("fetches of \"a\": {fetches}"),
        ),
        expected: right && fetches == 1,
    }
}
