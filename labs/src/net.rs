//! The lab's network, for the I/O-bound exercise: a real TCP server on
//! 127.0.0.1 that answers every request after a fixed latency, and clients
//! for it — blocking (for sequential code and threads) and async (for tasks).
//!
//! The protocol is one line each way: the client sends `GET <path>\n`, the
//! server waits `latency`, answers `body of <path> #<tag>` and closes. The
//! tag is the server's own, random per server: a body can only be had by
//! asking for it. The server counts the requests for every path.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};

/// Counts the server keeps: requests served, and how many were in flight at
/// once (1 for sequential clients, more for concurrent ones).
pub struct Stats {
    tag: u64,
    /// Requests per path, counted as they arrive.
    requests: std::sync::Mutex<BTreeMap<String, usize>>,
    served: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    /// When each request arrived and was answered (for timelines).
    spans: std::sync::Mutex<Vec<(String, Instant, Instant)>>,
}

impl Default for Stats {
    fn default() -> Self {
        let mut tag = std::collections::hash_map::RandomState::new().build_hasher();
        tag.write_u64(0x1ab);
        Stats {
            tag: tag.finish(),
            requests: Default::default(),
            served: Default::default(),
            in_flight: Default::default(),
            max_in_flight: Default::default(),
            spans: Default::default(),
        }
    }
}

impl Stats {
    /// What this server answers for `path`.
    pub fn body_for(&self, path: &str) -> String {
        format!("body of {path} #{:016x}", self.tag)
    }

    /// How many requests arrived for each path.
    pub fn requests(&self) -> BTreeMap<String, usize> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }

    pub fn served(&self) -> usize {
        self.served.load(Ordering::SeqCst)
    }

    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::SeqCst)
    }

    /// (path, arrived, answered) of every request served, in answer order.
    pub fn spans(&self) -> Vec<(String, Instant, Instant)> {
        self.spans.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

async fn answer(mut socket: tokio::net::TcpStream, latency: Duration, stats: Arc<Stats>) {
    let (read, mut write) = socket.split();
    let mut line = String::new();
    if tokio::io::BufReader::new(read)
        .read_line(&mut line)
        .await
        .is_err()
    {
        return;
    }
    let arrived = Instant::now();
    let path = line.trim().strip_prefix("GET ").unwrap_or("").to_string();
    if let Ok(mut requests) = stats.requests.lock() {
        *requests.entry(path.clone()).or_default() += 1;
    }
    let now = stats.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    stats.max_in_flight.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(latency).await;
    let _ = write.write_all(stats.body_for(&path).as_bytes()).await;
    let _ = write.shutdown().await;
    stats.in_flight.fetch_sub(1, Ordering::SeqCst);
    stats.served.fetch_add(1, Ordering::SeqCst);
    if let Ok(mut spans) = stats.spans.lock() {
        spans.push((path, arrived, Instant::now()));
    }
}

/// A server on its own thread with a real clock.
pub struct Server {
    addr: SocketAddr,
    stats: Arc<Stats>,
}

impl Server {
    pub fn start(latency: Duration) -> Server {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        listener.set_nonblocking(true).expect("non-blocking");
        let addr = listener.local_addr().expect("an address");
        let stats = Arc::new(Stats::default());
        let served = Arc::clone(&stats);
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("a listener");
                while let Ok((socket, _)) = listener.accept().await {
                    tokio::spawn(answer(socket, latency, Arc::clone(&served)));
                }
            });
        });
        Server { addr, stats }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }
}

/// A server inside the current runtime (`crate::rt::run`'s paused clock):
/// its latency passes in virtual time.
pub async fn serve_here(latency: Duration) -> (SocketAddr, Arc<Stats>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("an address");
    let stats = Arc::new(Stats::default());
    let served = Arc::clone(&stats);
    tokio::task::spawn_local(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::task::spawn_local(answer(socket, latency, Arc::clone(&served)));
        }
    });
    (addr, stats)
}

/// Fetches `path`, blocking the calling thread until the answer comes.
///
/// Not on the thread of a runtime (inside a task, or `rt::run`'s own
/// future): it would stop every task on that thread, the server's too when
/// it shares the runtime, so it panics at once and points to `get_async`.
#[track_caller]
pub fn get(addr: SocketAddr, path: &str) -> std::io::Result<String> {
    if on_runtime_thread() {
        let site = std::panic::Location::caller();
        panic!(
            "net::get ({}:{}) блокирует поток задач: внутри задачи используйте net::get_async(addr, path).await / net::get ({}:{}) blocks the tasks' thread: inside a task use net::get_async(addr, path).await",
            site.file(),
            site.line(),
            site.file(),
            site.line()
        );
    }
    crate::__kit::note_request();
    let mut stream = TcpStream::connect(addr)?;
    stream.write_all(format!("GET {path}\n").as_bytes())?;
    let mut body = String::new();
    BufReader::new(stream).read_line(&mut body)?;
    Ok(body)
}

/// Whether this thread drives a tokio runtime's tasks. The blocking pool's
/// threads (`rt::spawn_blocking`) are inside the runtime too, but blocking
/// is what they are for. The kit's runtimes are current-thread ones, whose
/// only threads of their own are the pool's, named by tokio's default
/// ("tokio-rt-worker"; "tokio-runtime-worker" before tokio 1.47).
fn on_runtime_thread() -> bool {
    tokio::runtime::Handle::try_current().is_ok()
        && !matches!(
            std::thread::current().name(),
            Some("tokio-rt-worker" | "tokio-runtime-worker")
        )
}

/// Fetches `path` without blocking: other tasks run while it waits.
pub async fn get_async(addr: SocketAddr, path: &str) -> std::io::Result<String> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    stream.write_all(format!("GET {path}\n").as_bytes()).await?;
    let mut body = String::new();
    stream.read_to_string(&mut body).await?;
    Ok(body)
}
