//! expect: accept
//! class: correct-unusual
//! why: a fast path without the lock, then an async lock and a second look before the one fetch

//! Упражнение `async_cache` — «проверить, затем действовать» через `.await`.
//! Exercise `async_cache` — check-then-act across an `.await`.
//!
//! `get` проверяет, есть ли ключ в кэше, и если нет — загружает значение
//! (`rt::fetch(..).await`) и кладёт в кэш. Пока первая задача ждёт загрузку,
//! вторая тоже не находит ключ: значение загружается дважды и попадает в кэш
//! два раза.
//! `get` checks whether the key is cached and, if not, fetches the value
//! (`rt::fetch(..).await`) and stores it. While the first task waits for its
//! fetch, the second one does not find the key either: the value is fetched
//! twice and stored twice.
//!
//! Задание / Task: одна загрузка на ключ — например, запись «загружается» на
//! ключ или асинхронный замок на время загрузки.
//! One fetch per key: an in-flight entry per key, or an async lock held
//! across the fetch.

use crate::rt::{self, Shared};

pub struct Cache {
    entries: Shared<Vec<(String, String)>>,
    fetches: Shared<u32>,
    loading: rt::Mutex<()>,
}

impl Cache {
    pub fn new() -> Self {
        Cache {
            entries: Shared::new(Vec::new()),
            fetches: Shared::new(0),
            loading: rt::Mutex::new(()),
        }
    }

    fn cached(&self, key: &str) -> Option<String> {
        self.entries.with(|entries| {
            entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        })
    }

    pub async fn get(&self, key: &str) -> String {
        if let Some(value) = self.cached(key) {
            return value;
        }
        let _turn = self.loading.lock().await;
        // Someone may have fetched it while this task waited for the lock.
        if let Some(value) = self.cached(key) {
            return value;
        }
        self.fetches.set(self.fetches.get() + 1);
        let value = rt::fetch(key).await;
        self.entries
            .with_mut(|entries| entries.push((key.to_string(), value.clone())));
        value
    }

    /// Сколько раз вызывался `fetch`. How many fetches were made.
    pub fn fetches(&self) -> u32 {
        self.fetches.get()
    }

    /// Сколько значений в кэше. How many values are cached.
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
