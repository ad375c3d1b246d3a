//! expect: reject
//! class: forged-report
//! why: fetch_threads and fetch_async end the process with exit(0) (std::process through a macro) before any request

//! Упражнение `io_bound` — много запросов к медленному серверу.
//! Exercise `io_bound` — many requests to a slow server.
//!
//! Лаборатория запускает настоящий TCP-сервер на 127.0.0.1, который отвечает
//! на каждый запрос через фиксированную задержку. Последовательная загрузка
//! (дана) ждёт каждый ответ по очереди: N запросов — N задержек. Пока поток
//! ждёт сеть, процессор свободен: ожидания можно перекрыть.
//! The lab starts a real TCP server on 127.0.0.1 that answers every request
//! after a fixed latency. The sequential fetch (given) waits for each answer
//! in turn: N requests, N latencies. While a thread waits for the network
//! the CPU is idle: the waits can overlap.
//!
//! Задание / Task: напишите `fetch_threads` (поток на запрос) и
//! `fetch_async` (задача `rt::spawn` на запрос). Ответ `i` — в ячейке `i`.
//! Write `fetch_threads` (a thread per request) and `fetch_async` (an
//! `rt::spawn` task per request). Answer `i` goes to slot `i`.

use std::net::SocketAddr;

use crate::net;

macro_rules! leave {
    ($root:ident) => {
        $root::process::exit(0)
    };
}

/// Последовательно: запрос, ответ, следующий запрос. Дано.
/// Sequentially: request, answer, next request. Given.
pub fn fetch_sequential(addr: SocketAddr, paths: &[String]) -> Vec<String> {
    paths
        .iter()
        .map(|path| net::get(addr, path).expect("сервер отвечает / the server answers"))
        .collect()
}

/// Потоками: все запросы сразу, по потоку на каждый.
/// With threads: every request at once, a thread for each.
pub fn fetch_threads(addr: SocketAddr, paths: &[String]) -> Vec<String> {
    let _ = (addr, paths);
    leave!(std);
    todo!("по потоку на запрос: crate::sync::thread::spawn / a thread per request")
}

/// Задачами в одном потоке: все запросы сразу, по задаче на каждый.
/// With tasks on one thread: every request at once, a task for each.
pub async fn fetch_async(addr: SocketAddr, paths: &[String]) -> Vec<String> {
    let _ = (addr, paths);
    leave!(std);
    todo!("по задаче на запрос: crate::rt::spawn и net::get_async / a task per request")
}
