//! `cargo lab bench [ID]`: the real-time versions, measured. Wall time and
//! speedup per strategy; nothing here asserts a speed.

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use labs::{cpu_bound, io_bound, net};

/// One strategy's measurement.
#[derive(Clone, Debug)]
pub struct Run {
    pub strategy: &'static str,
    pub ru: &'static str,
    pub seconds: f64,
    /// io_bound: (request index, start, end) in seconds from the run's start.
    pub spans: Vec<(usize, f64, f64)>,
}

pub struct Bench {
    pub id: &'static str,
    pub title_ru: String,
    pub title_en: String,
    pub runs: Vec<Run>,
}

impl Bench {
    /// Speedup of `run` over the first (sequential) run.
    pub fn speedup(&self, run: &Run) -> f64 {
        self.runs[0].seconds / run.seconds.max(1e-9)
    }
}

/// A progress line on stderr: redrawn in place on a terminal.
pub struct Progress {
    done: usize,
    total: usize,
    terminal: bool,
}

impl Progress {
    pub fn new(total: usize) -> Progress {
        Progress {
            done: 0,
            total,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    pub fn step(&mut self, what: &str) {
        self.done += 1;
        let width = 30;
        let filled = width * self.done / self.total.max(1);
        let bar: String = "=".repeat(filled) + &" ".repeat(width - filled);
        let line = format!("[{bar}] {}/{} {what}", self.done, self.total);
        if self.terminal {
            eprint!("\r\x1b[2K{line}");
            if self.done == self.total {
                eprintln!();
            }
        } else {
            eprintln!("{line}");
        }
        let _ = std::io::stderr().flush();
    }
}

fn timeline(stats: &net::Stats, start: Instant, paths: &[String]) -> Vec<(usize, f64, f64)> {
    stats
        .spans()
        .into_iter()
        .filter_map(|(path, arrived, answered)| {
            let index = paths.iter().position(|p| *p == path)?;
            Some((
                index,
                arrived.duration_since(start).as_secs_f64(),
                answered.duration_since(start).as_secs_f64(),
            ))
        })
        .collect()
}

/// Runs `fetch_async` on a real-time single-thread runtime (the facade's
/// `rt::run` has a paused clock, which would make every wait free).
fn run_async_real_time(addr: SocketAddr, paths: &[String]) -> Vec<String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, io_bound::fetch_async(addr, paths))
}

pub fn io(requests: usize, latency: Duration, progress: &mut Progress) -> Bench {
    let paths: Vec<String> = (0..requests).map(|i| format!("/item/{i}")).collect();
    let mut runs = Vec::new();
    let strategies: [(&str, &str); 3] = [
        ("sequential", "последовательно"),
        ("threads", "потоки"),
        ("async", "задачи"),
    ];
    for (strategy, ru) in strategies {
        let server = net::Server::start(latency);
        let start = Instant::now();
        let bodies = match strategy {
            "sequential" => io_bound::fetch_sequential(server.addr(), &paths),
            "threads" => io_bound::fetch_threads(server.addr(), &paths),
            _ => run_async_real_time(server.addr(), &paths),
        };
        let seconds = start.elapsed().as_secs_f64();
        assert_eq!(bodies.len(), paths.len(), "every request answered");
        runs.push(Run {
            strategy,
            ru,
            seconds,
            spans: timeline(server.stats(), start, &paths),
        });
        progress.step(&format!("io_bound: {strategy}"));
    }
    Bench {
        id: "io_bound",
        title_ru: format!(
            "io_bound: {requests} запросов, задержка {} мс",
            latency.as_millis()
        ),
        title_en: format!(
            "io_bound: {requests} requests, {} ms latency",
            latency.as_millis()
        ),
        runs,
    }
}

pub fn cpu(limit: u64, workers: u64, progress: &mut Progress) -> Bench {
    let strategies: [(&str, &str); 4] = [
        ("sequential", "последовательно"),
        ("threads", "потоки"),
        ("processes", "процессы"),
        ("async", "задачи"),
    ];
    let mut runs = Vec::new();
    let mut answers = Vec::new();
    for (strategy, ru) in strategies {
        let start = Instant::now();
        let answer = match strategy {
            "sequential" => cpu_bound::count_sequential(limit),
            "threads" => cpu_bound::count_threads(limit, workers),
            "processes" => cpu_bound::count_processes(limit, workers),
            _ => labs::rt::run(cpu_bound::count_async(limit, workers)),
        };
        runs.push(Run {
            strategy,
            ru,
            seconds: start.elapsed().as_secs_f64(),
            spans: Vec::new(),
        });
        answers.push(answer);
        progress.step(&format!("cpu_bound: {strategy}"));
    }
    assert!(
        answers.windows(2).all(|w| w[0] == w[1]),
        "every strategy counts the same: {answers:?}"
    );
    Bench {
        id: "cpu_bound",
        title_ru: format!("cpu_bound: простые числа до {limit}, частей: {workers}"),
        title_en: format!("cpu_bound: primes below {limit}, {workers} parts"),
        runs,
    }
}

/// The table of one benchmark.
pub fn table(bench: &Bench, english: bool) -> String {
    let mut out = format!(
        "{}\n",
        if english {
            &bench.title_en
        } else {
            &bench.title_ru
        }
    );
    let (strategy, time, speedup) = if english {
        ("strategy", "wall time", "speedup")
    } else {
        ("стратегия", "время", "ускорение")
    };
    out.push_str(&format!("  {strategy:<16} {time:>10}  {speedup:>9}\n"));
    let unit = if english { "s" } else { "с" };
    for run in &bench.runs {
        let name = if english { run.strategy } else { run.ru };
        out.push_str(&format!(
            "  {name:<16} {:>8.3} {unit}  {:>8.1}×\n",
            run.seconds,
            bench.speedup(run)
        ));
    }
    out
}
