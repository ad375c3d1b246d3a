use std::rc::Rc;

use labs::async_cache::Cache;
use labs::rt;

use crate::params::Params;

pub fn run(params: &mut Params) -> Result<String, String> {
    let rounds = 20;
    let mut held_in = 0;
    let mut first_held = None;
    for round in 0..rounds {
        let tasks = params.draw(2usize..=5);
        let keys = params.draw(1usize..=3);
        let values = rt::run(async move {
            let cache = Rc::new(Cache::new());
            let handles: Vec<_> = (0..tasks)
                .map(|t| {
                    let cache = Rc::clone(&cache);
                    let key = format!("k{}", t % keys);
                    rt::spawn(async move { (key.clone(), cache.get(&key).await) })
                })
                .collect();
            let mut values = Vec::new();
            for handle in handles {
                values.push(handle.await);
            }
            values
        });
        // A step that holds the thread is a blocking call in a task, however
        // it is written.
        if let Some(held) = rt::held().into_iter().next() {
            held_in += 1;
            first_held.get_or_insert(held);
        }
        let distinct = keys.min(tasks);
        if values.iter().any(|(k, v)| *v != k.to_uppercase()) {
            return Err(format!(
                "раунд {round}: неверные значения / wrong values {values:?}"
            ));
        }
        // Counted by the kit's `rt::fetch`, not by the exercise.
        for key in (0..distinct).map(|k| format!("k{k}")) {
            let fetches = rt::fetches(&key);
            if fetches != 1 {
                return Err(format!(
                    "раунд {round}: {tasks} задач, ключ {key:?} загружен {fetches} раз / round {round}: {tasks} tasks, key {key:?} fetched {fetches} times"
                ));
            }
        }
    }
    if let Some(held) = first_held {
        return Err(super::blocking::held_report(&held, held_in, rounds));
    }
    Ok(format!("{rounds} раундов на tokio, одна загрузка на ключ / {rounds} rounds on tokio, one fetch per key"))
}
