use std::time::Duration;

use labs::io_bound::{fetch_async, fetch_sequential, fetch_threads};
use labs::{net, rt};

use crate::params::Params;

const LATENCY: Duration = Duration::from_millis(100);

/// Correctness of all three, and concurrency: on tokio's paused clock the
/// sequential fetch takes N latencies and the async one about one; the
/// threads' requests are at the server at the same time.
pub fn run(params: &mut Params) -> Result<String, String> {
    let n = params.draw(6usize..=10);
    let paths: Vec<String> = (0..n).map(|i| format!("/item/{i}")).collect();
    let want: Vec<String> = paths.iter().map(|p| net::body_for(p)).collect();

    let (sequential, async_run) = {
        let paths = paths.clone();
        rt::run(async move {
            let (addr, _) = net::serve_here(LATENCY).await;
            let start = rt::now();
            let bodies = one_after_another(addr, &paths).await;
            let sequential = (bodies, rt::now() - start);
            let start = rt::now();
            let bodies = fetch_async(addr, &paths).await;
            (sequential, (bodies, rt::now() - start))
        })
    };
    let seq_latencies = multiples(sequential.1);
    let async_latencies = multiples(async_run.1);
    if async_run.0 != want {
        return Err(format!(
            "fetch_async: ответы не на своих местах / answers not in their slots: {:?}",
            async_run.0
        ));
    }
    if async_latencies > 2 {
        return Err(format!(
            "fetch_async: {n} запросов заняли {async_latencies} задержек — запросы идут по очереди / {n} requests took {async_latencies} latencies — one after another"
        ));
    }

    let server = net::Server::start(Duration::from_millis(20));
    if fetch_sequential(server.addr(), &paths) != want {
        return Err("fetch_sequential: неверные ответы / wrong answers".to_string());
    }
    let server = net::Server::start(Duration::from_millis(50));
    let bodies = fetch_threads(server.addr(), &paths);
    if bodies != want {
        return Err(format!(
            "fetch_threads: ответы не на своих местах / answers not in their slots: {bodies:?}"
        ));
    }
    let together = server.stats().max_in_flight();
    if together < 2 {
        return Err(format!(
            "fetch_threads: сервер ни разу не получал два запроса сразу / the server never had two requests at once ({together})"
        ));
    }
    Ok(format!(
        "{n} запросов: последовательно ≈ {seq_latencies} × задержка, задачами ≈ {async_latencies} × задержка (виртуальное время), потоками — запросы одновременно / {n} requests: sequentially ≈ {seq_latencies} × latency, tasks ≈ {async_latencies} × latency (virtual time), threads — requests at once"
    ))
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
