//! `labbench [ID] [--svg DIR] [--lang en] [--quick]`: measures the real-time
//! versions of io_bound and cpu_bound (`cargo lab bench` runs it in release
//! mode). Reports figures; asserts nothing about speed.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use witness::{bench, chart};

fn main() -> ExitCode {
    // cpu_bound's child processes are this program started again.
    labs::process::serve_worker_if_asked();
    let mut args = std::env::args().skip(1);
    let mut ids = Vec::new();
    let mut svg: Option<PathBuf> = None;
    let mut english = false;
    let mut quick = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--svg" => svg = args.next().map(PathBuf::from),
            "--lang" => english = args.next().as_deref() == Some("en"),
            "--quick" => quick = true,
            id => ids.push(id.to_string()),
        }
    }
    let wanted = |id: &str| ids.is_empty() || ids.iter().any(|i| i == id);
    let unknown: Vec<&String> = ids
        .iter()
        .filter(|i| !["io_bound", "cpu_bound"].contains(&i.as_str()))
        .collect();
    if !unknown.is_empty() {
        eprintln!("labbench: есть замеры для io_bound и cpu_bound / benchmarks exist for io_bound and cpu_bound: {unknown:?}");
        return ExitCode::from(2);
    }
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get() as u64);
    let (requests, latency, limit) = if quick {
        (20, Duration::from_millis(50), 300_000)
    } else {
        (100, Duration::from_millis(100), 3_000_000)
    };
    let steps = if wanted("io_bound") { 3 } else { 0 } + if wanted("cpu_bound") { 4 } else { 0 };
    let mut progress = bench::Progress::new(steps);
    let mut benches = Vec::new();
    if wanted("io_bound") {
        benches.push(bench::io(requests, latency, &mut progress));
    }
    if wanted("cpu_bound") {
        benches.push(bench::cpu(limit, workers, &mut progress));
    }
    println!("{} {workers}", if english { "cores:" } else { "ядер:" });
    for b in &benches {
        println!();
        print!("{}", bench::table(b, english));
    }
    if let Some(dir) = svg {
        if let Err(e) = write_charts(&dir, &benches, english) {
            eprintln!("labbench: {e}");
            return ExitCode::from(2);
        }
        println!();
        println!("SVG: {}", dir.display());
    }
    ExitCode::SUCCESS
}

fn write_charts(
    dir: &std::path::Path,
    benches: &[bench::Bench],
    english: bool,
) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    for b in benches
        .iter()
        .filter(|b| b.runs.iter().any(|r| !r.spans.is_empty()))
    {
        let svg = chart::timeline(b, english)?;
        std::fs::write(dir.join(format!("{}-timeline.svg", b.id)), svg)
            .map_err(|e| e.to_string())?;
    }
    let svg = chart::speedups(benches, english)?;
    std::fs::write(dir.join("speedup.svg"), svg).map_err(|e| e.to_string())
}
