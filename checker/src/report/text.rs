//! The report a student reads in the terminal.

use std::fmt::Write as _;

use super::wrap::{self, pad, width};
use super::{timeline, ExerciseReport, Verdict};
use crate::model::explore::Counterexample;
use crate::registry::{Engine, Registry};
pub use crate::text::{plural_en, plural_ru};
use crate::text::{Lang, Text};
use crate::trees::Tree;

#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub lang: Lang,
    pub colour: bool,
    /// The columns a line may take.
    pub width: usize,
}

impl Style {
    /// No colour, 80 columns: files, pipes, tests and snapshots.
    pub fn plain(lang: Lang) -> Style {
        Style {
            lang,
            colour: false,
            width: wrap::DEFAULT,
        }
    }

    /// For standard output: colour and the real width on a terminal.
    pub fn terminal(lang: Lang) -> Style {
        use std::io::IsTerminal;
        Style {
            lang,
            colour: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            width: wrap::terminal_width(),
        }
    }

    pub(crate) fn t<'a>(&self, text: &'a Text) -> &'a str {
        text.get(self.lang)
    }

    pub(crate) fn pick<'a>(&self, ru: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Ru => ru,
            Lang::En => en,
        }
    }

    pub(crate) fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// `text` wrapped to the width after `first`, later lines under it.
    fn lines(&self, text: &str, first: &str, out: &mut String) {
        let rest = " ".repeat(width(first));
        for line in wrap::wrap(text, self.width, first, &rest) {
            writeln!(out, "{line}").unwrap();
        }
    }
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
    let points = match style.lang {
        Lang::Ru => format!("{}/{} б.", report.score, report.points),
        Lang::En => format!(
            "{}/{} {}",
            report.score,
            report.points,
            if report.points == 1 { "pt" } else { "pts" }
        ),
    };
    format!(
        "{} {} — {}  [{}; {points}]",
        style.paint(code, mark),
        style.paint("1", &report.id),
        style.t(&report.title),
        style.paint(code, verdict),
    )
}

/// The verdict, then for anything but a pass: why, the outcome table and the
/// counterexample.
pub fn render(report: &ExerciseReport, style: Style) -> String {
    let mut out = String::new();
    header(report, style, &mut out);
    style.lines(style.t(&report.summary), "  ", &mut out);
    render_witness(report, style, &mut out);
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

/// The headline after `indent`, the verdict in brackets on a line of its
/// own when the whole does not fit.
pub fn headline_lines(report: &ExerciseReport, indent: &str, style: Style) -> Vec<String> {
    let headline = format!("{indent}{}", headline(report, style));
    if width(&headline) <= style.width {
        return vec![headline];
    }
    let (head, tail) = headline.split_at(headline.rfind("  [").unwrap_or(headline.len()));
    let rest = format!("{indent}    ");
    let mut lines = wrap::wrap(head.trim_start(), style.width, indent, &rest);
    lines.push(format!("{rest}{}", tail.trim_start()));
    lines
}

fn header(report: &ExerciseReport, style: Style, out: &mut String) {
    for line in headline_lines(report, "", style) {
        writeln!(out, "{line}").unwrap();
    }
    writeln!(out, "  {}: {}", style.pick("файл", "file"), report.file).unwrap();
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
    header(report, style, &mut out);
    writeln!(out).unwrap();
    for line in wrap::paragraphs(style.t(task), style.width, "  ") {
        writeln!(out, "{}", line.trim_end()).unwrap();
    }
    writeln!(out).unwrap();
    style.lines(style.t(&report.summary), "  ", &mut out);
    render_witness(report, style, &mut out);
    render_refusals(report, style, &mut out);
    if !report.search.is_empty() {
        writeln!(out).unwrap();
        style.lines(
            style.pick(
                "Поиск (граница — сколько вытеснений может быть в одном исполнении):",
                "Search (the bound: how many preemptions one execution may have):",
            ),
            "  ",
            &mut out,
        );
        for run in &report.search {
            let line = match style.lang {
                Lang::Ru => format!(
                    "{}: {} {}, с запрещённым исходом: {}{}",
                    bound_label(run.bound, style),
                    run.executions,
                    plural_ru(
                        run.executions as usize,
                        "исполнение",
                        "исполнения",
                        "исполнений"
                    ),
                    run.forbidden,
                    if run.complete {
                        ""
                    } else {
                        " (не до конца)"
                    }
                ),
                Lang::En => format!(
                    "{}: {}, {} forbidden{}",
                    bound_label(run.bound, style),
                    plural_en(run.executions as usize, "execution", "executions"),
                    run.forbidden,
                    if run.complete { "" } else { " (incomplete)" }
                ),
            };
            style.lines(&line, "    ", &mut out);
        }
    }
    render_outcomes(report, style, &mut out);
    if report.outcomes.is_some() {
        let note = if report.engine == Engine::Tasks {
            style.pick(
                "Это число различных расписаний, а не вероятность: как часто ошибка случается при настоящем запуске, таблица не говорит.",
                "These count distinct schedules; they are not probabilities: how often the bug strikes in a real run is not what the table says.",
            )
        } else {
            style.pick(
                "Это число различных исполнений, а не вероятность: как часто ошибка случается при настоящем запуске, таблица не говорит.",
                "These count distinct executions; they are not probabilities: how often the bug strikes in a real run is not what the table says.",
            )
        };
        style.lines(note, "  ", &mut out);
    }
    if let Some(counterexample) = &report.counterexample {
        render_counterexample(report, counterexample, style, &mut out);
        writeln!(out).unwrap();
        let note = if report.engine == Engine::Tasks {
            style.pick(
                "Задачи не вытесняются: переключение бывает только там, где задача вернула управление циклу (await, который не готов). Каждый шаг — один опрос задачи до такого места.",
                "Tasks are never preempted: a switch happens only where a task hands control back to the loop (an await that is not ready). Each step is one poll of a task up to such a point.",
            )
        } else {
            style.pick(
                "Вытеснение — переключение с потока, который мог бы продолжать; переключения после блокировки на замке, join или завершения потока вытеснениями не считаются.",
                "A preemption is a switch away from a thread that could go on; switches after a thread blocks on a lock, waits in join or finishes are not preemptions.",
            )
        };
        style.lines(note, "  ", &mut out);
    }
    if let Some(hint) = hint {
        if report.verdict != Verdict::Pass {
            writeln!(out).unwrap();
            let head = format!("  {}: ", style.pick("Подсказка", "Hint"));
            style.lines(style.t(hint), &head, &mut out);
        }
    }
    out
}

fn render_refusals(report: &ExerciseReport, style: Style, out: &mut String) {
    for refusal in &report.refusals {
        let line = format!(
            "{}:{}:{}: {} — {} {}",
            report.file,
            refusal.line,
            refusal.column,
            style.paint("33", &refusal.found),
            style.pick("вместо этого:", "instead:"),
            style.t(&refusal.instead)
        );
        style.lines(&line, "  ", out);
    }
}

fn render_outcomes(report: &ExerciseReport, style: Style, out: &mut String) {
    let Some(table) = &report.outcomes else {
        return;
    };
    writeln!(out).unwrap();
    let n = table.executions as usize;
    let tasks = report.engine == Engine::Tasks;
    let title = match (style.lang, tasks, table.bound) {
        (Lang::Ru, true, _) if n == 1 => "Исход единственного расписания задач:".to_string(),
        (Lang::Ru, true, _) => format!(
            "Исходы: перебраны все {n} {} задач:",
            plural_ru(
                n,
                "различное расписание",
                "различных расписания",
                "различных расписаний"
            )
        ),
        (Lang::Ru, false, None) => format!(
            "Исходы: перебрано {n} {} — вся модель, без границы вытеснений:",
            plural_ru(
                n,
                "различное исполнение",
                "различных исполнения",
                "различных исполнений"
            )
        ),
        (Lang::Ru, false, Some(bound)) => format!(
            "Исходы: перебрано {n} {} до границы в {bound} {}:",
            plural_ru(
                n,
                "различное исполнение",
                "различных исполнения",
                "различных исполнений"
            ),
            plural_ru(bound, "вытеснение", "вытеснения", "вытеснений")
        ),
        (Lang::En, true, _) if n == 1 => {
            "The outcome of the one task schedule there is:".to_string()
        }
        (Lang::En, true, _) => format!("Outcomes of all {n} distinct task schedules:"),
        (Lang::En, false, None) => format!(
            "Outcomes of {} explored: the whole model, no preemption bound:",
            plural_en(n, "distinct execution", "distinct executions")
        ),
        (Lang::En, false, Some(bound)) => format!(
            "Outcomes of {} explored up to the bound of {}:",
            plural_en(n, "distinct execution", "distinct executions"),
            plural_en(bound, "preemption", "preemptions")
        ),
    };
    style.lines(&title, "  ", out);
    let head = [
        if tasks {
            style.pick("расписаний", "schedules")
        } else {
            style.pick("исполнений", "executions")
        },
        style.pick("вердикт", "verdict"),
        style.pick("исход", "outcome"),
    ];
    let verdicts = [
        style.pick("ожидаемый", "expected"),
        style.pick("ЗАПРЕЩЁН", "FORBIDDEN"),
    ];
    let count_w = width(head[0]);
    let verdict_w = verdicts
        .iter()
        .chain([&head[1]])
        .map(|v| width(v))
        .max()
        .unwrap_or(0);
    writeln!(
        out,
        "    {}  {}  {}",
        head[0],
        pad(head[1], verdict_w),
        head[2]
    )
    .unwrap();
    for row in &table.rows {
        let verdict = if row.expected {
            style.paint("32", &pad(verdicts[0], verdict_w))
        } else {
            style.paint("31", &pad(verdicts[1], verdict_w))
        };
        let first = format!("    {:>count_w$}  {verdict}  ", row.count);
        style.lines(style.t(&row.outcome), &first, out);
    }
}

fn render_counterexample(
    report: &ExerciseReport,
    counterexample: &Counterexample,
    style: Style,
    out: &mut String,
) {
    writeln!(out).unwrap();
    let steps = counterexample.steps.len();
    let title = match (style.lang, counterexample.switches) {
        (Lang::Ru, Some(switches)) => format!(
            "Контрпример: {switches} {}, {steps} {} (расписание № {})",
            plural_ru(switches, "переключение", "переключения", "переключений"),
            plural_ru(steps, "шаг", "шага", "шагов"),
            counterexample.found_after
        ),
        (Lang::En, Some(switches)) => format!(
            "Counterexample: {}, {} (schedule #{})",
            plural_en(switches, "switch", "switches"),
            plural_en(steps, "step", "steps"),
            counterexample.found_after
        ),
        (Lang::Ru, None) => format!(
            "Контрпример: {} {}, {steps} {} ({}, исполнение № {})",
            counterexample.preemptions,
            plural_ru(
                counterexample.preemptions,
                "вытеснение",
                "вытеснения",
                "вытеснений"
            ),
            plural_ru(steps, "шаг", "шага", "шагов"),
            bound_label(counterexample.bound, style),
            counterexample.found_after
        ),
        (Lang::En, None) => format!(
            "Counterexample: {}, {} ({}, execution #{})",
            plural_en(counterexample.preemptions, "preemption", "preemptions"),
            plural_en(steps, "step", "steps"),
            bound_label(counterexample.bound, style),
            counterexample.found_after
        ),
    };
    style.lines(&title, "  ", out);
    timeline::render(counterexample, &report.file, style, out);
    let outcome = format!("  {} ", pad(style.pick("Итог:", "Outcome:"), 10));
    style.lines(
        &style.paint("31", style.t(&counterexample.outcome)),
        &outcome,
        out,
    );
    let expected = format!("  {} ", pad(style.pick("Ожидалось:", "Expected:"), 10));
    style.lines(style.t(&report.expected), &expected, out);
}

/// The closing line of a run: exercises and points. The optional parts'
/// points are counted apart, as `grade` counts them: they add to no mark
/// out of the base lab's total.
pub fn summary(reports: &[ExerciseReport], registry: &Registry, style: Style) -> String {
    let passed = reports
        .iter()
        .filter(|r| r.verdict == Verdict::Pass)
        .count();
    let extra = |r: &&ExerciseReport| registry.get(&r.id).is_some_and(|e| registry.is_extra(e));
    let (extras, base): (Vec<&ExerciseReport>, Vec<&ExerciseReport>) =
        reports.iter().partition(extra);
    let score: u32 = base.iter().map(|r| r.score).sum();
    let max: u32 = base.iter().map(|r| r.points).sum();
    let extra_score: u32 = extras.iter().map(|r| r.score).sum();
    let extra_max: u32 = extras.iter().map(|r| r.points).sum();
    let total = reports.len();
    let mut line = match style.lang {
        // «принято 1 из 7 упражнений»: after «из N» the genitive.
        Lang::Ru => format!(
            "Итог: принято {passed} из {total} {}, {score} из {max} {}",
            plural_ru(total, "упражнения", "упражнений", "упражнений"),
            plural_ru(max as usize, "балла", "баллов", "баллов"),
        ),
        Lang::En => format!(
            "Total: {passed} of {} accepted, {score} of {}",
            plural_en(total, "exercise", "exercises"),
            plural_en(max as usize, "point", "points")
        ),
    };
    if !extras.is_empty() {
        line.push_str(&match style.lang {
            Lang::Ru => format!("; дополнительно {extra_score} из {extra_max}"),
            Lang::En => format!("; extra {extra_score} of {extra_max}"),
        });
    }
    line
}

/// The closing line of `cargo lab check`: the command to run next. `whole`:
/// every exercise was checked.
pub fn next_step(reports: &[ExerciseReport], tree: Tree, whole: bool, style: Style) -> String {
    let labs = match tree {
        Tree::Labs => String::new(),
        other => format!(" --labs {}", other.dir()),
    };
    let head = style.pick("Дальше:", "Next:");
    let Some(first) = reports.iter().find(|r| r.verdict != Verdict::Pass) else {
        return if whole {
            format!(
                "{}\n",
                style.pick(
                    "Всё готово: все упражнения приняты.",
                    "All done: every exercise is accepted."
                )
            )
        } else {
            format!(
                "{head} cargo lab check{labs}   {}\n",
                style.pick("(проверить все упражнения)", "(check every exercise)")
            )
        };
    };
    let id = &first.id;
    match first.verdict {
        Verdict::Refused => match style.lang {
            Lang::Ru => format!(
                "{head} исправьте строки {}, названные выше, и снова cargo lab check {id}{labs}\n",
                first.file
            ),
            Lang::En => format!(
                "{head} fix the lines of {} named above, then cargo lab check {id}{labs}\n",
                first.file
            ),
        },
        _ => {
            let explain = format!("cargo lab explain {id}{labs}");
            let hint = format!("cargo lab hint {id}");
            let w = width(&explain).max(width(&hint));
            let mut out = format!(
                "{head} {}   {}\n",
                pad(&explain, w),
                style.pick("(разбор шаг за шагом)", "(step by step)")
            );
            if tree == Tree::Labs {
                out.push_str(&format!(
                    "{} {}   {}\n",
                    pad("", width(head)),
                    pad(&hint, w),
                    style.pick("(подсказка)", "(a hint)")
                ));
            }
            out
        }
    }
}

/// The stress run's word under a pass (a failed one is the summary).
fn render_witness(report: &ExerciseReport, style: Style, out: &mut String) {
    if let (Some(seen), Verdict::Pass) = (&report.witness, report.verdict) {
        let head = format!("  {} ", style.pick("под нагрузкой:", "under stress:"));
        style.lines(style.t(seen), &head, out);
    }
}

/// "граница 2" for a bounded run, "без границы" for the whole model.
fn bound_label(bound: Option<usize>, style: Style) -> String {
    match bound {
        Some(b) => format!("{} {b}", style.pick("граница", "bound")),
        None => style.pick("без границы", "no bound").to_string(),
    }
}
