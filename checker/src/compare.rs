//! Threads vs tasks, side by side — the lab's central picture: the same
//! read-modify-write of a counter, run as preemptive threads and as
//! cooperative tasks. First the student's own code (`counter` and
//! `async_counter` as checked now: outcomes and counterexamples), then the
//! kit's three fixed models (without and with an `.await` in the middle),
//! which do not change as the student fixes the exercises.

use std::fmt::Write as _;
use std::time::Duration;

use crate::model::explore::{explore, Exploration, Limits};
use crate::model::{increments, ModelParams, Observation};
use crate::registry::Engine;
use crate::report::text::Style;
use crate::report::timeline::split_site;
use crate::report::wrap::{pad, width, wrap};
use crate::report::{ExerciseReport, Verdict};
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
                let verdict = if row.expected { "✓" } else { "✗" };
                lines.push(format!(
                    "{verdict} {}: {}",
                    row.outcome.get(lang),
                    row.count
                ));
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
    let why = pick(
        "Потоки вытесняются на любом обращении к общим данным, поэтому обновление теряется и без \
         await; задачи переключаются только на await: без await посередине увеличение неделимо, \
         с ним — теряется, как у потоков.",
        "Threads are preempted at any shared access, so an update is lost even with no await; \
         tasks switch only at an await: with none in the middle the increment is indivisible, \
         with one it is lost as with threads.",
    );
    for line in wrap(why, style.width, "", "") {
        writeln!(out, "{line}").unwrap();
    }
    out
}

/// Columns below this are too narrow for a step: the two sides are stacked.
const MIN_COLUMN: usize = 34;

/// The student's own code side by side: the threads' exercise and the
/// tasks' one (`first` and `second` in either order), each as its check
/// found it — the outcome counts and the counterexample step by step.
pub fn render_own(first: &ExerciseReport, second: &ExerciseReport, style: Style) -> String {
    let (threads, tasks) = if first.engine == Engine::Tasks {
        (second, first)
    } else {
        (first, second)
    };
    let column = style.width.saturating_sub(6) / 2;
    let stacked = column < MIN_COLUMN;
    let column = if stacked {
        style.width.saturating_sub(2)
    } else {
        column
    };
    let mut out = String::new();
    let title = match style.lang {
        Lang::Ru => format!(
            "Ваш код рядом: {} на потоках, {} на задачах.",
            threads.id, tasks.id
        ),
        Lang::En => format!(
            "Your code side by side: {} as threads, {} as tasks.",
            threads.id, tasks.id
        ),
    };
    for line in wrap(&title, style.width, "", "") {
        writeln!(out, "{line}").unwrap();
    }
    writeln!(out).unwrap();
    let mut left = own_side(threads, column, style);
    let mut right = own_side(tasks, column, style);
    // The two counterexamples start on one line.
    let trace = |side: &[String]| side.iter().position(String::is_empty).unwrap_or(side.len());
    let (l, r) = (trace(&left), trace(&right));
    let pad_to = |side: &mut Vec<String>, at: usize, n: usize| {
        for _ in 0..n {
            side.insert(at, String::new());
        }
    };
    if !stacked {
        pad_to(&mut left, l, r.saturating_sub(l));
        pad_to(&mut right, r, l.saturating_sub(r));
    }
    if stacked {
        for (i, side) in [left, right].into_iter().enumerate() {
            if i > 0 {
                writeln!(out).unwrap();
            }
            for line in side {
                writeln!(out, "  {}", line.trim_end()).unwrap();
            }
        }
        return out;
    }
    for i in 0..left.len().max(right.len()) {
        let l = left.get(i).map(String::as_str).unwrap_or("");
        let r = right.get(i).map(String::as_str).unwrap_or("");
        let line = format!("  {}  {r}", pad(l, column));
        writeln!(out, "{}", line.trim_end()).unwrap();
    }
    out
}

/// One side of [`render_own`], as lines of at most `column` columns.
fn own_side(report: &ExerciseReport, column: usize, style: Style) -> Vec<String> {
    let lang = style.lang;
    let mut lines = Vec::new();
    let put = |text: &str, first: &str, rest: &str, lines: &mut Vec<String>| {
        lines.extend(wrap(text, column, first, rest));
    };
    let engine = match report.engine {
        Engine::Tasks => style.pick("задачи", "tasks"),
        _ => style.pick("потоки", "threads"),
    };
    put(&format!("{} — {engine}", report.id), "", "", &mut lines);
    put(&report.file, "", "", &mut lines);
    let Some(table) = &report.outcomes else {
        put(style.t(&report.summary), "", "", &mut lines);
        return lines;
    };
    let unit = match (report.engine, lang) {
        (Engine::Tasks, Lang::Ru) => crate::text::plural_ru(
            table.executions as usize,
            "расписание",
            "расписания",
            "расписаний",
        ),
        (Engine::Tasks, Lang::En) => {
            if table.executions == 1 {
                "schedule"
            } else {
                "schedules"
            }
        }
        (_, Lang::Ru) => crate::text::plural_ru(
            table.executions as usize,
            "исполнение",
            "исполнения",
            "исполнений",
        ),
        (_, Lang::En) => {
            if table.executions == 1 {
                "execution"
            } else {
                "executions"
            }
        }
    };
    put(&format!("{} {unit}", table.executions), "", "", &mut lines);
    for row in &table.rows {
        let verdict = if row.expected { "✓" } else { "✗" };
        put(
            &format!("{verdict} {}: {}", row.outcome.get(lang), row.count),
            "",
            "  ",
            &mut lines,
        );
    }
    lines.push(String::new());
    let Some(counterexample) = &report.counterexample else {
        let none = if report.verdict == Verdict::Pass {
            style.pick(
                "контрпримера нет: все исходы ожидаемые",
                "no counterexample: every outcome is expected",
            )
        } else {
            style.t(&report.summary)
        };
        put(none, "", "", &mut lines);
        return lines;
    };
    put(
        style.pick("Контрпример:", "Counterexample:"),
        "",
        "",
        &mut lines,
    );
    let num_w = counterexample.steps.len().to_string().len();
    let thread_w = counterexample
        .threads
        .iter()
        .map(|t| width(t))
        .max()
        .unwrap_or(0);
    for step in &counterexample.steps {
        if let Some(p) = &step.preempted {
            put(
                &format!(
                    "{} {} → {} ──",
                    style.pick("── вытеснение:", "── preemption:"),
                    p.from,
                    p.to
                ),
                &" ".repeat(num_w + 1),
                &" ".repeat(num_w + 1),
                &mut lines,
            );
        }
        let head = format!("{:>num_w$} {} ", step.n, pad(&step.thread, thread_w));
        let rest = " ".repeat(width(&head));
        let text = step.action.get(lang);
        let pieces: Vec<&str> = if step.time_ms.is_some() {
            text.split("; ").collect()
        } else {
            vec![text]
        };
        for (i, piece) in pieces.into_iter().enumerate() {
            let piece = match split_site(piece, &report.file) {
                (label, Some(site)) => match lang {
                    Lang::Ru => format!("{label} (стр. {})", site.line),
                    Lang::En => format!("{label} (line {})", site.line),
                },
                (label, None) => label,
            };
            let piece = match (i, step.time_ms) {
                (0, Some(ms)) => format!("{ms} {}: {piece}", style.pick("мс", "ms")),
                _ => piece,
            };
            put(
                &piece,
                if i == 0 { &head } else { &rest },
                &format!("{rest}  "),
                &mut lines,
            );
        }
        for mark in &step.marks {
            put(
                &format!("⚑ {}", mark.text.get(lang)),
                &rest,
                &format!("{rest}  "),
                &mut lines,
            );
        }
    }
    put(
        &format!(
            "{} {}",
            style.pick("Итог:", "Outcome:"),
            style.t(&counterexample.outcome)
        ),
        "",
        "  ",
        &mut lines,
    );
    lines
}
