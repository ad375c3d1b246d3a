use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use labs::__kit::{self, Worker};
use labs::io_bound::{fetch_async, fetch_sequential, fetch_threads};
use labs::{net, rt};

use super::Problems;
use crate::params::Params;

const LATENCY: Duration = Duration::from_millis(100);

/// Correctness of all three, and concurrency, as the server saw it: every
/// body was asked for exactly once (the server's bodies carry its own tag,
/// so none can be made up), and the requests were at the server together.
/// On tokio's paused clock the sequential fetch takes N latencies and the
/// async one about one.
pub fn run(params: &mut Params) -> Result<String, String> {
    let rounds = 2;
    let mut problems = Problems::default();
    let mut shown = (0, 0, 0);
    for _ in 0..rounds {
        let n = params.draw(6usize..=10);
        let first = params.draw(0u32..1000);
        let paths: Vec<String> = (0..n)
            .map(|i| format!("/item/{}", first + i as u32))
            .collect();

        let (bodies, stats, elapsed, seq_elapsed) = {
            let paths = paths.clone();
            rt::run(async move {
                let (addr, stats) = net::serve_here(LATENCY).await;
                let start = rt::now();
                let _ = one_after_another(addr, &paths).await;
                let seq_elapsed = rt::now() - start;
                let before = stats.requests();
                let start = rt::now();
                let bodies = fetch_async(addr, &paths).await;
                let elapsed = rt::now() - start;
                (bodies, (before, stats), elapsed, seq_elapsed)
            })
        };
        let (before, stats) = stats;
        let want: Vec<String> = paths.iter().map(|p| stats.body_for(p)).collect();
        let latencies = multiples(elapsed);
        if bodies != want {
            problems.add(
                "async-slots",
                rounds,
                format!(
                    "fetch_async: ответы не те или не на своих местах: {}",
                    short(&bodies)
                ),
                format!(
                    "fetch_async: answers wrong or not in their slots: {}",
                    short(&bodies)
                ),
            );
        }
        let requested = since(&stats.requests(), &before);
        if let Some((ru, en)) = exactly_once(&paths, &requested) {
            problems.add(
                "async-requests",
                rounds,
                format!("fetch_async: {ru}"),
                format!("fetch_async: {en}"),
            );
        }
        if stats.max_in_flight() < 2 {
            problems.add(
                "async-alone",
                rounds,
                "fetch_async: сервер ни разу не получал два запроса сразу".to_string(),
                "fetch_async: the server never had two requests at once".to_string(),
            );
        }
        if latencies > 2 {
            problems.add(
                "async-sequential",
                rounds,
                format!("fetch_async: {n} запросов заняли {latencies} задержек — запросы идут по очереди"),
                format!("fetch_async: {n} requests took {latencies} latencies — one after another"),
            );
        }

        let server = net::Server::start(Duration::from_millis(20));
        let want: Vec<String> = paths.iter().map(|p| server.stats().body_for(p)).collect();
        if fetch_sequential(server.addr(), &paths) != want {
            problems.add(
                "sequential",
                rounds,
                "fetch_sequential: неверные ответы".to_string(),
                "fetch_sequential: wrong answers".to_string(),
            );
        }

        let server = net::Server::start(Duration::from_millis(50));
        let want: Vec<String> = paths.iter().map(|p| server.stats().body_for(p)).collect();
        __kit::begin(None, Duration::ZERO);
        let bodies = fetch_threads(server.addr(), &paths);
        if bodies != want {
            problems.add(
                "threads-slots",
                rounds,
                format!(
                    "fetch_threads: ответы не те или не на своих местах: {}",
                    short(&bodies)
                ),
                format!(
                    "fetch_threads: answers wrong or not in their slots: {}",
                    short(&bodies)
                ),
            );
        }
        if let Some((ru, en)) = exactly_once(&paths, &server.stats().requests()) {
            problems.add(
                "threads-requests",
                rounds,
                format!("fetch_threads: {ru}"),
                format!("fetch_threads: {en}"),
            );
        }
        let senders = __kit::requests_from();
        let threads: BTreeSet<usize> = senders
            .iter()
            .filter_map(|w| match w {
                Worker::Thread(t) => Some(*t),
                _ => None,
            })
            .collect();
        if threads.len() < 2 {
            problems.add(
                "threads-none",
                rounds,
                format!("fetch_threads: потоков crate::sync::thread::spawn, из которых шли запросы: {} — нужен поток на запрос", threads.len()),
                format!("fetch_threads: crate::sync::thread::spawn threads the requests came from: {} — a thread per request", threads.len()),
            );
        }
        let together = server.stats().max_in_flight();
        if together < 2 {
            problems.add(
                "threads-sequential",
                rounds,
                format!("fetch_threads: сервер ни разу не получал два запроса сразу ({together})"),
                format!("fetch_threads: the server never had two requests at once ({together})"),
            );
        }
        shown = (n, multiples(seq_elapsed), latencies);
    }
    let (n, seq, tasks) = shown;
    problems.verdict(format!(
        "{rounds} раунда, каждый ответ запрошен ровно раз; {n} запросов: последовательно ≈ {seq} × задержка, задачами ≈ {tasks} × задержка (вирт. время), потоками — одновременно / {rounds} rounds, every answer requested exactly once; {n} requests: sequentially ≈ {seq} × latency, tasks ≈ {tasks} × latency (virtual time), threads at once"
    ))
}

/// What the server counted after `before`.
fn since(
    now: &BTreeMap<String, usize>,
    before: &BTreeMap<String, usize>,
) -> BTreeMap<String, usize> {
    now.iter()
        .map(|(path, &n)| (path.clone(), n - before.get(path).copied().unwrap_or(0)))
        .filter(|&(_, n)| n > 0)
        .collect()
}

/// `None` if the server saw each of `paths` once and nothing else.
fn exactly_once(paths: &[String], requested: &BTreeMap<String, usize>) -> Option<(String, String)> {
    let missing: Vec<&String> = paths
        .iter()
        .filter(|p| !requested.contains_key(*p))
        .collect();
    if !missing.is_empty() {
        return Some((
            format!("сервер не получал запросов {missing:?}, а ответы на них вернулись"),
            format!("the server never got requests for {missing:?}, yet answers came back"),
        ));
    }
    if let Some((path, n)) = requested.iter().find(|&(_, &n)| n > 1) {
        return Some((
            format!("{path} запрошен не один раз, а {n}"),
            format!("{path} was requested {n} times, not once"),
        ));
    }
    if let Some(path) = requested.keys().find(|p| !paths.contains(p)) {
        return Some((
            format!("лишний запрос {path}"),
            format!("a request for {path}, which nobody asked for"),
        ));
    }
    None
}

fn short(bodies: &[String]) -> String {
    let shown: Vec<&String> = bodies.iter().take(3).collect();
    format!("{shown:?}{}", if bodies.len() > 3 { "…" } else { "" })
}

/// The same requests one after another, as `fetch_sequential` makes them
/// but without blocking the runtime the server shares on the paused clock.
async fn one_after_another(addr: std::net::SocketAddr, paths: &[String]) -> Vec<String> {
    let mut bodies = Vec::new();
    for path in paths {
        bodies.push(
            net::get_async(addr, path)
                .await
                .expect("the server answers"),
        );
    }
    bodies
}

/// An elapsed virtual time in whole latencies (rounded to the nearest).
fn multiples(elapsed: Duration) -> u128 {
    (elapsed.as_millis() + LATENCY.as_millis() / 2) / LATENCY.as_millis()
}
