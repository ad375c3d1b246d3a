//! The report a student reads in the terminal.

use std::fmt::Write as _;

use super::{ExerciseReport, Verdict};
use crate::model::explore::Counterexample;
use crate::registry::Engine;
use crate::text::{Lang, Text};

#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub lang: Lang,
    pub colour: bool,
}

impl Style {
    pub fn plain(lang: Lang) -> Style {
        Style {
            lang,
            colour: false,
        }
    }

    fn t<'a>(&self, text: &'a Text) -> &'a str {
        text.get(self.lang)
    }

    fn pick<'a>(&self, ru: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Ru => ru,
            Lang::En => en,
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

fn width(s: &str) -> usize {
    s.chars().count()
}

fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    for _ in width(s)..w {
        out.push(' ');
    }
    out
}

/// The one-line verdict of an exercise.
pub fn headline(report: &ExerciseReport, style: Style) -> String {
    let (mark, code) = match report.verdict {
        Verdict::Pass => ("✓", "32"),
        Verdict::Fail => ("✗", "31"),
        Verdict::Refused => ("⊘", "33"),
        Verdict::Error => ("!", "35"),
    };
    let verdict = match report.verdict {
        Verdict::Pass => style.pick("принято", "accepted"),
        Verdict::Fail => style.pick("отклонено", "rejected"),
        Verdict::Refused => style.pick("отказ", "refused"),
        Verdict::Error => style.pick("ошибка", "error"),
    };
    format!(
        "{} {} — {}  [{}; {}/{} {}]",
        style.paint(code, mark),
        style.paint("1", &report.id),
        style.t(&report.title),
        style.paint(code, verdict),
        report.score,
        report.points,
        style.pick("б.", "pts"),
    )
}

/// The verdict, then for anything but a pass: why, the outcome table and the
/// counterexample.
pub fn render(report: &ExerciseReport, style: Style) -> String {
    let mut out = String::new();
    writeln!(out, "{}", headline(report, style)).unwrap();
    writeln!(out, "  {}: {}", style.pick("файл", "file"), report.file).unwrap();
    writeln!(out, "  {}", style.t(&report.summary)).unwrap();
    if report.verdict == Verdict::Pass {
        return out;
    }
    render_refusals(report, style, &mut out);
    render_outcomes(report, style, &mut out);
    if let Some(counterexample) = &report.counterexample {
        render_counterexample(report, counterexample, style, &mut out);
    }
    out
}

/// Everything: the search bound by bound, the outcome table and the
/// counterexample step by step with a legend (`cargo lab explain`).
pub fn render_explain(
    report: &ExerciseReport,
    task: &Text,
    hint: Option<&Text>,
    style: Style,
) -> String {
    let mut out = String::new();
    writeln!(out, "{}", headline(report, style)).unwrap();
    writeln!(out, "  {}: {}", style.pick("файл", "file"), report.file).unwrap();
    writeln!(out).unwrap();
    for line in style.t(task).trim().lines() {
        writeln!(out, "  {line}").unwrap();
    }
    writeln!(out).unwrap();
    writeln!(out, "  {}", style.t(&report.summary)).unwrap();
    render_refusals(report, style, &mut out);
    if !report.search.is_empty() {
        writeln!(out).unwrap();
        writeln!(
            out,
            "  {}",
            style.pick(
                "Поиск (граница = наибольшее число вытеснений в исполнении):",
                "Search (bound = the most preemptions an execution may have):"
            )
        )
        .unwrap();
        for run in &report.search {
            writeln!(
                out,
                "    {}: {} {}, {} {}{}",
                bound_label(run.bound, style),
                run.executions,
                style.pick(
                    plural_ru(
                        run.executions as usize,
                        "исполнение",
                        "исполнения",
                        "исполнений"
                    ),
                    "executions"
                ),
                style.pick("запрещённых", "forbidden"),
                run.forbidden,
                if run.complete {
                    ""
                } else {
                    style.pick(" (не до конца)", " (incomplete)")
                }
            )
            .unwrap();
        }
    }
    render_outcomes(report, style, &mut out);
    if let Some(counterexample) = &report.counterexample {
        render_counterexample(report, counterexample, style, &mut out);
        writeln!(out).unwrap();
        if report.engine == Engine::Tasks {
            writeln!(
                out,
                "  {}",
                style.pick(
                    "Задачи не вытесняются: переключение бывает только там, где задача вернула управление\n  циклу (await, который не готов). Каждый шаг — один опрос задачи до такого места.",
                    "Tasks are never preempted: a switch happens only where a task hands control back to the\n  loop (an await that is not ready). Each step is one poll of a task up to such a point."
                )
            )
            .unwrap();
        } else {
            writeln!(
            out,
            "  {}",
            style.pick(
                "Вытеснение — переключение с потока, который мог бы продолжать; переключения после\n  блокировки на замке, join или завершения потока вытеснениями не считаются.",
                "A preemption is a switch away from a thread that could go on; switches after a thread\n  blocks on a lock, waits in join or finishes are not preemptions."
            )
        )
        .unwrap();
        }
    }
    if let Some(hint) = hint {
        if report.verdict != Verdict::Pass {
            writeln!(out).unwrap();
            writeln!(
                out,
                "  {}: {}",
                style.pick("Подсказка", "Hint"),
                style.t(hint)
            )
            .unwrap();
        }
    }
    out
}

fn render_refusals(report: &ExerciseReport, style: Style, out: &mut String) {
    for refusal in &report.refusals {
        writeln!(
            out,
            "  {}:{}:{}: {} — {} {}",
            report.file,
            refusal.line,
            refusal.column,
            style.paint("33", &refusal.found),
            style.pick("вместо этого:", "instead:"),
            style.t(&refusal.instead)
        )
        .unwrap();
    }
}

fn render_outcomes(report: &ExerciseReport, style: Style, out: &mut String) {
    let Some(table) = &report.outcomes else {
        return;
    };
    writeln!(out).unwrap();
    let n = table.executions as usize;
    if report.engine == Engine::Tasks {
        writeln!(
            out,
            "  {} ({} {}):",
            style.pick("Исходы", "Outcomes"),
            style.pick("все расписания задач:", "every task schedule:"),
            table.executions,
        )
        .unwrap();
    } else {
        writeln!(
            out,
            "  {} ({}, {} {}):",
            style.pick("Исходы", "Outcomes"),
            match table.bound {
                Some(b) => format!(
                    "{} {b}",
                    style.pick("граница вытеснений", "preemption bound")
                ),
                None => style.pick("все исполнения", "every execution").to_string(),
            },
            table.executions,
            style.pick(
                plural_ru(n, "исполнение", "исполнения", "исполнений"),
                "executions"
            )
        )
        .unwrap();
    }
    let head = [
        style.pick("исход", "outcome"),
        if report.engine == Engine::Tasks {
            style.pick("расписаний", "schedules")
        } else {
            style.pick("исполнений", "executions")
        },
        style.pick("доля", "share"),
        style.pick("вердикт", "verdict"),
    ];
    let outcome_w = table
        .rows
        .iter()
        .map(|r| width(style.t(&r.outcome)))
        .chain([width(head[0])])
        .max()
        .unwrap_or(0);
    let count_w = width(head[1]);
    writeln!(
        out,
        "    {}  {}  {:>6}  {}",
        pad(head[0], outcome_w),
        head[1],
        head[2],
        head[3]
    )
    .unwrap();
    for row in &table.rows {
        let share = if table.executions == 0 {
            0.0
        } else {
            100.0 * row.count as f64 / table.executions as f64
        };
        let verdict = if row.expected {
            style.paint("32", style.pick("ожидаемый", "expected"))
        } else {
            style.paint("31", style.pick("ЗАПРЕЩЁН", "FORBIDDEN"))
        };
        writeln!(
            out,
            "    {}  {:>count_w$}  {:>5.1}%  {}",
            pad(style.t(&row.outcome), outcome_w),
            row.count,
            share,
            verdict
        )
        .unwrap();
    }
}

fn render_counterexample(
    report: &ExerciseReport,
    counterexample: &Counterexample,
    style: Style,
    out: &mut String,
) {
    writeln!(out).unwrap();
    if let Some(switches) = counterexample.switches {
        writeln!(
            out,
            "  {}: {} {}, {} {} ({} {})",
            style.pick("Контрпример", "Counterexample"),
            switches,
            style.pick(
                plural_ru(switches, "переключение", "переключения", "переключений"),
                if switches == 1 { "switch" } else { "switches" }
            ),
            counterexample.steps.len(),
            style.pick(
                plural_ru(counterexample.steps.len(), "шаг", "шага", "шагов"),
                "steps"
            ),
            style.pick("расписание №", "schedule #"),
            counterexample.found_after
        )
        .unwrap();
    } else {
        let preemptions = counterexample.preemptions;
        writeln!(
            out,
            "  {}: {} {}, {} {} ({}, {} {})",
            style.pick("Контрпример", "Counterexample"),
            preemptions,
            style.pick(
                plural_ru(preemptions, "вытеснение", "вытеснения", "вытеснений"),
                if preemptions == 1 {
                    "preemption"
                } else {
                    "preemptions"
                }
            ),
            counterexample.steps.len(),
            style.pick(
                plural_ru(counterexample.steps.len(), "шаг", "шага", "шагов"),
                "steps"
            ),
            bound_label(counterexample.bound, style),
            style.pick("исполнение №", "execution #"),
            counterexample.found_after
        )
        .unwrap();
    }
    let columns = &counterexample.threads;
    let col_w: Vec<usize> = columns
        .iter()
        .map(|c| {
            counterexample
                .steps
                .iter()
                .filter(|s| &s.thread == c)
                .map(|s| width(style.t(&s.action)))
                .chain([width(c)])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let num_w = counterexample.steps.len().to_string().len().max(1);
    let timed = counterexample.steps.iter().any(|s| s.time_ms.is_some());
    let time_head = style.pick("время", "time");
    let time_w = if timed { width(time_head).max(6) } else { 0 };
    let mut header = format!("    {}  ", pad("#", num_w));
    if timed {
        header.push_str(&format!("{}  ", pad(time_head, time_w)));
    }
    for (c, w) in columns.iter().zip(&col_w) {
        header.push_str(&pad(c, *w));
        header.push_str("   ");
    }
    writeln!(out, "{}", header.trim_end()).unwrap();
    for step in &counterexample.steps {
        if let Some(p) = &step.preempted {
            let marker = format!(
                "{} {} → {}",
                style.pick("── вытеснение:", "── preemption:"),
                p.from,
                p.to
            );
            writeln!(
                out,
                "    {}  {}",
                pad("", num_w),
                style.paint("33", &format!("{marker} ──"))
            )
            .unwrap();
        }
        let mut line = format!("    {:>num_w$}  ", step.n);
        if let Some(ms) = step.time_ms {
            let time = format!("{ms} {}", style.pick("мс", "ms"));
            line.push_str(&format!("{}  ", pad(&time, time_w)));
        }
        for (c, w) in columns.iter().zip(&col_w) {
            if &step.thread == c {
                line.push_str(&pad(style.t(&step.action), *w));
            } else {
                line.push_str(&pad("", *w));
            }
            line.push_str("   ");
        }
        writeln!(out, "{}", line.trim_end()).unwrap();
    }
    writeln!(
        out,
        "  {} {}",
        pad(style.pick("Итог:", "Outcome:"), 10),
        style.paint("31", style.t(&counterexample.outcome))
    )
    .unwrap();
    writeln!(
        out,
        "  {} {}",
        pad(style.pick("Ожидалось:", "Expected:"), 10),
        style.t(&report.expected)
    )
    .unwrap();
}

/// The Russian plural form for `n`: 1 шаг, 2 шага, 5 шагов.
pub fn plural_ru<'a>(n: usize, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let (d10, d100) = (n % 10, n % 100);
    if d10 == 1 && d100 != 11 {
        one
    } else if (2..=4).contains(&d10) && !(12..=14).contains(&d100) {
        few
    } else {
        many
    }
}

/// The closing line of a run: exercises and points.
pub fn summary(reports: &[ExerciseReport], style: Style) -> String {
    let passed = reports
        .iter()
        .filter(|r| r.verdict == Verdict::Pass)
        .count();
    let score: u32 = reports.iter().map(|r| r.score).sum();
    let max: u32 = reports.iter().map(|r| r.points).sum();
    match style.lang {
        Lang::Ru => format!(
            "Итог: принято {passed} из {} {}, {score} из {max} {}",
            reports.len(),
            plural_ru(reports.len(), "упражнения", "упражнений", "упражнений"),
            plural_ru(max as usize, "балла", "баллов", "баллов"),
        ),
        Lang::En => format!(
            "Total: {passed} of {} exercises accepted, {score} of {max} points",
            reports.len()
        ),
    }
}

/// "граница 2" for a bounded run, "без границы" for the whole model.
fn bound_label(bound: Option<usize>, style: Style) -> String {
    match bound {
        Some(b) => format!("{} {b}", style.pick("граница", "bound")),
        None => style.pick("без границы", "no bound").to_string(),
    }
}
