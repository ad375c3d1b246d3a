//! The async reference solutions on the real runtime (tokio, one thread, a
//! paused clock): each prints a deterministic event log — virtual time, task,
//! reads, writes, awaits — kept as a snapshot.

use crate::snapshot;

use std::rc::Rc;

use crate::rt;

#[path = "../../solutions/async_cache.rs"]
#[allow(dead_code)]
mod async_cache;
#[path = "../../solutions/async_counter.rs"]
mod async_counter;
#[path = "../../solutions/alternatives/async_counter_mutex.rs"]
mod async_counter_mutex;
#[path = "../../solutions/blocking.rs"]
mod blocking;
#[path = "../../solutions/alternatives/blocking_sleep.rs"]
mod blocking_sleep;

macro_rules! counter_log {
    ($module:ident) => {{
        let total = rt::run(async {
            let counter = Rc::new($module::Counter::new());
            let handles: Vec<_> = (0..2)
                .map(|_| {
                    let counter = Rc::clone(&counter);
                    rt::spawn(async move {
                        for _ in 0..2 {
                            counter.increment().await;
                        }
                    })
                })
                .collect();
            for handle in handles {
                handle.await;
            }
            counter.get()
        });
        assert_eq!(total, 4);
        rt::events()
    }};
}

#[test]
fn async_counter_logs() {
    snapshot(
        "async_log_async_counter",
        &counter_log!(async_counter).join("\n"),
    );
    snapshot(
        "async_log_async_counter_mutex",
        &counter_log!(async_counter_mutex).join("\n"),
    );
}

#[test]
fn async_cache_log() {
    let (values, cached) = rt::run(async {
        let cache = Rc::new(async_cache::Cache::new());
        let a = rt::spawn({
            let cache = Rc::clone(&cache);
            async move { cache.get("a").await }
        });
        let b = rt::spawn({
            let cache = Rc::clone(&cache);
            async move { cache.get("a").await }
        });
        let values = vec![a.await, b.await];
        (values, cache.len())
    });
    assert_eq!(values, ["A", "A"]);
    assert_eq!((rt::fetches("a"), cached), (1, 1));
    snapshot("async_log_async_cache", &rt::events().join("\n"));
}

/// The value is named after its binding, as in exercise code.
#[allow(clippy::let_and_return)]
fn beats() -> rt::Shared<Vec<u64>> {
    let beats = rt::Shared::new(Vec::new());
    beats
}

macro_rules! blocking_log {
    ($module:ident) => {{
        let (beats, size) = rt::run(async {
            let beats = beats();
            let pulse = rt::spawn($module::heartbeat(beats.clone(), 3));
            let work = rt::spawn($module::compress(vec![0u8; 1024]));
            pulse.await;
            let size = work.await;
            (beats.get(), size)
        });
        assert_eq!(beats, [10, 20, 30]);
        assert_eq!(size, 512);
        rt::events()
    }};
}

#[test]
fn blocking_logs() {
    snapshot(
        "async_log_blocking_sleep",
        &blocking_log!(blocking_sleep).join("\n"),
    );
    snapshot("async_log_blocking", &blocking_log!(blocking).join("\n"));
}
