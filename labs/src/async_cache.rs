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
//!
//! Загрузку делает набор (`rt::fetch`, 10 мс) и сам считает загрузки каждого
//! ключа: проверка судит по его счёту.
//! The fetch is the kit's (`rt::fetch`, 10 ms), which counts each key's
//! fetches itself: the check judges by its count.

use crate::rt::{self, Shared};

pub struct Cache {
    entries: Shared<Vec<(String, String)>>,
}

impl Cache {
    pub fn new() -> Self {
        Cache {
            entries: Shared::new(Vec::new()),
        }
    }

    pub async fn get(&self, key: &str) -> String {
        let cached = self.entries.with(|entries| {
            entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        });
        if let Some(value) = cached {
            return value;
        }
        let value = rt::fetch(key).await;
        self.entries
            .with_mut(|entries| entries.push((key.to_string(), value.clone())));
        value
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
