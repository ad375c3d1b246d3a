//! Threads vs tasks, side by side — the lab's central picture: the same
//! read-modify-write of a counter, run as preemptive threads and as
//! cooperative tasks (without and with an `.await` in the middle). The three
//! models are the kit's own, so the picture does not change as the student
//! fixes the exercises.

use std::fmt::Write as _;
use std::time::Duration;

use crate::model::explore::{explore, Exploration, Limits};
use crate::model::{increments, ModelParams, Observation};
use crate::report::text::Style;
use crate::sync::atomic::{AtomicU64, Ordering};
use crate::text::{Lang, Text};
use crate::{rt, tasks};

const PARAMS: ModelParams = ModelParams::new(2, 2);

fn judged(total: u64) -> Observation {
    Observation {
        state: Text::new(format!("счётчик = {total}"), format!("counter = {total}")),
        expected: total == (PARAMS.threads * PARAMS.ops) as u64,
    }
}

/// Threads: `value.load()` then `value.store(v + 1)`.
fn threads(params: &ModelParams) -> Observation {
    fn increment(value: &AtomicU64) {
        let v = value.load(Ordering::SeqCst);
        value.store(v + 1, Ordering::SeqCst);
    }
    fn get(value: &AtomicU64) -> u64 {
        value.load(Ordering::SeqCst)
    }
    increments::run(params, AtomicU64::new(0), increment, get)
}

/// Tasks: `get()` then `set(v + 1)`, a `yield_now().await` between
/// increments (so tasks do take turns), none inside one.
fn tasks_without_await(params: &ModelParams) -> Observation {
    tasks(params, false)
}

/// Tasks: `get()`, an `.await` (a database call), then `set(v + 1)`.
fn tasks_with_await(params: &ModelParams) -> Observation {
    tasks(params, true)
}

fn tasks(params: &ModelParams, await_inside: bool) -> Observation {
    let (n, ops) = (params.threads, params.ops);
    judged(rt::run(async move {
        let value = rt::Shared::new(0u64);
        let handles: Vec<_> = (0..n)
            .map(|_| {
                let value = value.clone();
                rt::spawn(async move {
                    for _ in 0..ops {
                        let v = value.get();
                        if await_inside {
                            rt::sleep(Duration::from_millis(10)).await;
                            value.set(v + 1);
                        } else {
                            value.set(v + 1);
                            rt::yield_now().await;
                        }
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.await;
        }
        value.get()
    }))
}

/// The three explorations, in the order shown.
pub fn explorations() -> [(Text, Exploration); 3] {
    let limits = Limits::default();
    [
        (
            Text::new("потоки: load; store", "threads: load; store"),
            explore(threads, PARAMS, Some(3), limits),
        ),
        (
            Text::new("задачи: get; set; await", "tasks: get; set; await"),
            tasks::explore::explore(tasks_without_await, PARAMS, limits),
        ),
        (
            Text::new("задачи: get; await; set", "tasks: get; await; set"),
            tasks::explore::explore(tasks_with_await, PARAMS, limits),
        ),
    ]
}

/// The side-by-side tables and the line that says why they differ.
pub fn render(style: Style) -> String {
    let lang = style.lang;
    let pick = |ru: &'static str, en: &'static str| match lang {
        Lang::Ru => ru,
        Lang::En => en,
    };
    let columns: Vec<(String, Vec<String>)> = explorations()
        .into_iter()
        .map(|(title, run)| {
            let unit = if run.bound.is_some() {
                pick("исполнений", "executions")
            } else {
                pick("расписаний", "schedules")
            };
            let mut lines = vec![
                title.get(lang).to_string(),
                format!("{} {unit}", run.executions),
            ];
            for row in &run.outcomes {
                let share = 100.0 * row.count as f64 / run.executions.max(1) as f64;
                let verdict = if row.expected { "✓" } else { "✗" };
                lines.push(format!("{verdict} {}  {share:.0}%", row.outcome.get(lang)));
            }
            (title.get(lang).to_string(), lines)
        })
        .collect();
    let width = columns
        .iter()
        .flat_map(|(_, lines)| lines.iter().map(|l| l.chars().count()))
        .max()
        .unwrap_or(0)
        + 4;
    let rows = columns.iter().map(|(_, l)| l.len()).max().unwrap_or(0);
    let mut out = String::new();
    writeln!(
        out,
        "{}",
        pick(
            "Одно и то же чтение-изменение-запись счётчика, 2 × 2 увеличения:",
            "The same read-modify-write of a counter, 2 × 2 increments:"
        )
    )
    .unwrap();
    writeln!(out).unwrap();
    for row in 0..rows {
        let mut line = String::from("  ");
        for (_, lines) in &columns {
            let cell = lines.get(row).map(String::as_str).unwrap_or("");
            line.push_str(cell);
            for _ in cell.chars().count()..width {
                line.push(' ');
            }
        }
        writeln!(out, "{}", line.trim_end()).unwrap();
    }
    writeln!(out).unwrap();
    writeln!(
        out,
        "{}",
        pick(
            "Потоки вытесняются на любом обращении к общим данным, поэтому обновление теряется и без await;\n\
             задачи переключаются только на await: без await посередине увеличение неделимо, с ним — теряется, как у потоков.",
            "Threads are preempted at any shared access, so an update is lost even with no await;\n\
             tasks switch only at an await: with none in the middle the increment is indivisible, with one it is lost as with threads."
        )
    )
    .unwrap();
    out
}
