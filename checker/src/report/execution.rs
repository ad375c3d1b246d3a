//! `cargo lab explain ID --execution N` / `--outcome TEXT`: any one
//! execution of the model, replayed by its number (the report's «исполнение
//! № N») or found by its outcome, shown as the counterexample is.

use std::fmt::Write as _;

use super::text::{headline_lines, Style};
use super::timeline;
use super::wrap::{pad, wrap};
use super::ExerciseReport;
use crate::model::explore::Counterexample;
use crate::text::{plural_en, plural_ru, Lang};

/// One execution and where it stands among the explored ones.
#[derive(Clone, Debug)]
pub struct Chosen {
    pub execution: Counterexample,
    pub expected: bool,
    /// Executions the model has (the acceptance run).
    pub total: u64,
}

/// The execution as text: the exercise's headline, which execution it is,
/// its steps with the legend, its outcome.
pub fn render(report: &ExerciseReport, chosen: &Chosen, style: Style) -> String {
    let mut out = String::new();
    for line in headline_lines(report, "", style) {
        writeln!(out, "{line}").unwrap();
    }
    let cx = &chosen.execution;
    let steps = cx.steps.len();
    let title = match (style.lang, cx.switches) {
        (Lang::Ru, Some(s)) => format!(
            "Расписание № {} из {}: {s} {}, {steps} {}",
            cx.found_after,
            chosen.total,
            plural_ru(s, "переключение", "переключения", "переключений"),
            plural_ru(steps, "шаг", "шага", "шагов"),
        ),
        (Lang::En, Some(s)) => format!(
            "Schedule #{} of {}: {}, {}",
            cx.found_after,
            chosen.total,
            plural_en(s, "switch", "switches"),
            plural_en(steps, "step", "steps"),
        ),
        (Lang::Ru, None) => format!(
            "Исполнение № {} из {}: {} {}, {steps} {} (независимые шаги переставлены для наименьшего числа вытеснений)",
            cx.found_after,
            chosen.total,
            cx.preemptions,
            plural_ru(cx.preemptions, "вытеснение", "вытеснения", "вытеснений"),
            plural_ru(steps, "шаг", "шага", "шагов"),
        ),
        (Lang::En, None) => format!(
            "Execution #{} of {}: {}, {} (independent steps reordered for the fewest preemptions)",
            cx.found_after,
            chosen.total,
            plural_en(cx.preemptions, "preemption", "preemptions"),
            plural_en(steps, "step", "steps"),
        ),
    };
    writeln!(out).unwrap();
    for line in wrap(&title, style.width, "  ", "  ") {
        writeln!(out, "{line}").unwrap();
    }
    timeline::render(cx, &report.file, style, &mut out);
    let verdict = if chosen.expected {
        style_pick(style, "ожидаемый", "expected")
    } else {
        style_pick(style, "запрещённый", "forbidden")
    };
    let head = format!("  {} ", pad(style_pick(style, "Итог:", "Outcome:"), 10));
    let rest = " ".repeat(crate::report::wrap::width(&head));
    let text = format!("{} ({verdict})", cx.outcome.get(style.lang));
    for line in wrap(&text, style.width, &head, &rest) {
        writeln!(out, "{line}").unwrap();
    }
    let head = format!(
        "  {} ",
        pad(style_pick(style, "Ожидалось:", "Expected:"), 10)
    );
    for line in wrap(report.expected.get(style.lang), style.width, &head, &rest) {
        writeln!(out, "{line}").unwrap();
    }
    out
}

fn style_pick(style: Style, ru: &'static str, en: &'static str) -> &'static str {
    match style.lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}
