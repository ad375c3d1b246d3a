//! The report as one self-contained HTML page (`explain --html`, `grade
//! --html`): the verdict, the outcome table and the counterexample (or the
//! execution asked for) as swimlanes, one per thread or task, each step with
//! its source line and values, preemptions marked, task steps on the
//! virtual time axis. The arrow keys step through it. No network: the style
//! and the one small script are inline, the fonts the reader's own.
//!
//! Steps are rendered from their serialised form, so whatever a step
//! carries besides its number, thread, text and preemption (values, marks)
//! shows up as a line of its own without this module knowing the field.

use std::fmt::Write as _;

use super::execution::Chosen;
use super::timeline::split_site;
use super::{ExerciseReport, Verdict};
use crate::model::explore::Counterexample;
use crate::registry::Engine;
use crate::text::{plural_en, plural_ru, Lang, Text};

/// Fields of a step the lanes show in their own way.
const KNOWN: [&str; 5] = ["n", "thread", "action", "preempted", "time_ms"];

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

struct Page {
    lang: Lang,
}

impl Page {
    fn pick<'a>(&self, ru: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Ru => ru,
            Lang::En => en,
        }
    }

    fn t<'a>(&self, text: &'a Text) -> &'a str {
        text.get(self.lang)
    }
}

const STYLE: &str = r#"
:root { color-scheme: light dark; --bad: #c62828; --good: #2e7d32; --mark: #f9a825;
  --line: #8884; --now: #1565c033; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 4rem; }
h1 { font-size: 1.35rem; margin: .2rem 0; } h2 { font-size: 1.1rem; margin-top: 1.6rem; }
code, .code { font-family: ui-monospace, monospace; font-size: .9em; }
.verdict { font-weight: 700; } .fail, .forbidden { color: var(--bad); } .pass, .expected { color: var(--good); }
table { border-collapse: collapse; } td, th { padding: .25rem .6rem; vertical-align: top; text-align: left; }
.outcomes td, .outcomes th { border-bottom: 1px solid var(--line); }
.outcomes td.count { text-align: right; font-variant-numeric: tabular-nums; }
.lanes { width: 100%; table-layout: fixed; }
.lanes th { border-bottom: 2px solid var(--line); }
.lanes th.num, .lanes td.num { width: 2.5rem; text-align: right; color: #888; }
.lanes th.time, .lanes td.time { width: 5.5rem; text-align: right; font-variant-numeric: tabular-nums; }
.lanes td.lane { border-left: 1px solid var(--line); }
.lanes tr.step td { border-top: 1px solid #8882; }
.lanes tr.step.current td { background: var(--now); }
.lanes tr.step.future { opacity: .35; }
.lanes tr.preempt td { color: var(--mark); font-weight: 600; font-size: .85em; padding: 0 .6rem; border-top: 2px dashed var(--mark); }
.act { white-space: pre-wrap; } .src { color: #888; font-size: .85em; } .extra { font-size: .85em; }
.extra b { font-weight: 600; }
#now { position: sticky; top: 0; background: Canvas; padding: .4rem 0; border-bottom: 1px solid var(--line); }
.keys kbd { border: 1px solid var(--line); border-radius: 3px; padding: 0 .3rem; font-family: ui-monospace, monospace; }
.result td { padding-top: .6rem; }
"#;

const SCRIPT: &str = r#"
(function () {
  var steps = Array.prototype.slice.call(document.querySelectorAll('tr.step'));
  var now = document.getElementById('now-text');
  var at = steps.length ? 1 : 0;
  function show(k, scroll) {
    at = Math.max(steps.length ? 1 : 0, Math.min(steps.length, k));
    steps.forEach(function (s, j) {
      s.classList.toggle('current', j === at - 1);
      s.classList.toggle('future', j >= at);
    });
    document.body.setAttribute('data-step', String(at));
    var cur = steps[at - 1];
    if (now) {
      now.textContent = cur ? cur.getAttribute('data-summary') : '';
    }
    if (scroll && cur && cur.scrollIntoView) { cur.scrollIntoView({ block: 'nearest' }); }
  }
  document.addEventListener('keydown', function (e) {
    var k = e.key;
    if (k === 'ArrowRight' || k === 'ArrowDown' || k === 'j' || k === ' ') { show(at + 1, true); }
    else if (k === 'ArrowLeft' || k === 'ArrowUp' || k === 'k') { show(at - 1, true); }
    else if (k === 'Home') { show(1, true); }
    else if (k === 'End') { show(steps.length, true); }
    else { return; }
    e.preventDefault();
  });
  steps.forEach(function (s, j) {
    s.addEventListener('click', function () { show(j + 1, false); });
  });
  show(at, false);
})();
"#;

/// The page for `report`, with `chosen` (an execution asked for by number or
/// outcome) in place of the counterexample when given.
pub fn render(report: &ExerciseReport, chosen: Option<&Chosen>, lang: Lang) -> String {
    let p = Page { lang };
    let mut out = String::new();
    let title = format!("{} — {}", report.id, p.t(&report.title));
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        p.pick("ru", "en"),
        escape(&title)
    )
    .unwrap();
    let (class, verdict) = match report.verdict {
        Verdict::Pass => ("pass", p.pick("✓ принято", "✓ accepted")),
        Verdict::Fail => ("fail", p.pick("✗ отклонено", "✗ rejected")),
        Verdict::Refused => ("fail", p.pick("⊘ отказ", "⊘ refused")),
        Verdict::Error => ("fail", p.pick("! ошибка", "! error")),
    };
    writeln!(
        out,
        "<header>\n<h1>{}</h1>\n<p><span id=\"verdict\" class=\"verdict {class}\">{verdict}</span> · \
         {} {}/{} · {} <code>{}</code></p>\n<p id=\"summary\">{}</p>\n<p>{} {}</p>\n</header>",
        escape(&title),
        p.pick("баллы", "points"),
        report.score,
        report.points,
        p.pick("файл", "file"),
        escape(&report.file),
        escape(p.t(&report.summary)),
        p.pick("Ожидается:", "Expected:"),
        escape(p.t(&report.expected)),
    )
    .unwrap();
    outcomes(report, &p, &mut out);
    let shown: Option<(&Counterexample, String, bool)> = match chosen {
        Some(c) => Some((&c.execution, chosen_title(c, &p), c.expected)),
        None => report
            .counterexample
            .as_ref()
            .map(|c| (c, counterexample_title(c, &p), false)),
    };
    match shown {
        Some((cx, heading, expected)) => lanes(report, cx, &heading, expected, &p, &mut out),
        None => {
            writeln!(
                out,
                "<section id=\"trace\"><h2>{}</h2><p>{}</p></section>",
                p.pick("Контрпримера нет", "No counterexample"),
                escape(p.t(&report.summary))
            )
            .unwrap();
        }
    }
    writeln!(out, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>").unwrap();
    out
}

fn outcomes(report: &ExerciseReport, p: &Page, out: &mut String) {
    let Some(table) = &report.outcomes else {
        return;
    };
    let tasks = report.engine == Engine::Tasks;
    let n = table.executions as usize;
    let head = match (p.lang, tasks) {
        (Lang::Ru, true) => format!(
            "Исходы: {n} {} задач",
            plural_ru(n, "расписание", "расписания", "расписаний")
        ),
        (Lang::Ru, false) => format!(
            "Исходы: {n} {} модели",
            plural_ru(
                n,
                "различное исполнение",
                "различных исполнения",
                "различных исполнений"
            )
        ),
        (Lang::En, true) => format!(
            "Outcomes: {}",
            plural_en(n, "task schedule", "task schedules")
        ),
        (Lang::En, false) => format!(
            "Outcomes: {} of the model",
            plural_en(n, "distinct execution", "distinct executions")
        ),
    };
    writeln!(
        out,
        "<section id=\"outcomes\"><h2>{}</h2>\n<table class=\"outcomes\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        escape(&head),
        if tasks {
            p.pick("расписаний", "schedules")
        } else {
            p.pick("исполнений", "executions")
        },
        p.pick("вердикт", "verdict"),
        p.pick("исход", "outcome"),
    )
    .unwrap();
    for row in &table.rows {
        let (class, verdict) = if row.expected {
            ("expected", p.pick("ожидаемый", "expected"))
        } else {
            ("forbidden", p.pick("запрещённый", "forbidden"))
        };
        writeln!(
            out,
            "<tr class=\"{class}\"><td class=\"count\">{}</td><td>{verdict}</td><td>{}</td></tr>",
            row.count,
            escape(p.t(&row.outcome))
        )
        .unwrap();
    }
    writeln!(
        out,
        "</tbody></table>\n<p class=\"src\">{}</p></section>",
        p.pick(
            "Счёт — различные исполнения модели, а не частота: в настоящем запуске ошибка может случаться гораздо реже.",
            "Counts are distinct executions of the model, not frequencies: a real run may hit the bug far more rarely."
        )
    )
    .unwrap();
}

fn counterexample_title(cx: &Counterexample, p: &Page) -> String {
    let steps = cx.steps.len();
    match (p.lang, cx.switches) {
        (Lang::Ru, Some(s)) => format!(
            "Контрпример: {s} {}, {steps} {} (расписание № {})",
            plural_ru(s, "переключение", "переключения", "переключений"),
            plural_ru(steps, "шаг", "шага", "шагов"),
            cx.found_after
        ),
        (Lang::En, Some(s)) => format!(
            "Counterexample: {}, {} (schedule #{})",
            plural_en(s, "switch", "switches"),
            plural_en(steps, "step", "steps"),
            cx.found_after
        ),
        (Lang::Ru, None) => format!(
            "Контрпример: {} {}, {steps} {} (исполнение № {})",
            cx.preemptions,
            plural_ru(cx.preemptions, "вытеснение", "вытеснения", "вытеснений"),
            plural_ru(steps, "шаг", "шага", "шагов"),
            cx.found_after
        ),
        (Lang::En, None) => format!(
            "Counterexample: {}, {} (execution #{})",
            plural_en(cx.preemptions, "preemption", "preemptions"),
            plural_en(steps, "step", "steps"),
            cx.found_after
        ),
    }
}

fn chosen_title(c: &Chosen, p: &Page) -> String {
    let cx = &c.execution;
    match (p.lang, cx.switches) {
        (Lang::Ru, Some(_)) => format!("Расписание № {} из {}", cx.found_after, c.total),
        (Lang::En, Some(_)) => format!("Schedule #{} of {}", cx.found_after, c.total),
        (Lang::Ru, None) => format!(
            "Исполнение № {} из {}: {} {}",
            cx.found_after,
            c.total,
            cx.preemptions,
            plural_ru(cx.preemptions, "вытеснение", "вытеснения", "вытеснений")
        ),
        (Lang::En, None) => format!(
            "Execution #{} of {}: {}",
            cx.found_after,
            c.total,
            plural_en(cx.preemptions, "preemption", "preemptions")
        ),
    }
}

/// A step's extra fields, whatever they are, as "name: value" lines.
fn extras(step: &serde_json::Value, lang: Lang) -> Vec<(String, String)> {
    let Some(map) = step.as_object() else {
        return Vec::new();
    };
    map.iter()
        .filter(|(k, _)| !KNOWN.contains(&k.as_str()))
        .filter_map(|(k, v)| {
            let text = value_text(v, lang)?;
            Some((k.replace('_', " "), text))
        })
        .collect()
}

/// A field's value as text: a bilingual text in the page's language, a
/// list or record of them joined.
fn value_text(v: &serde_json::Value, lang: Lang) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::Null => None,
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(|i| value_text(i, lang)).collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        Value::Object(map) => {
            let key = match lang {
                Lang::Ru => "ru",
                Lang::En => "en",
            };
            if let Some(Value::String(s)) = map.get(key) {
                return Some(s.clone());
            }
            let parts: Vec<String> = map
                .iter()
                .filter_map(|(k, v)| value_text(v, lang).map(|t| format!("{k} {t}")))
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
    }
}

fn lanes(
    report: &ExerciseReport,
    cx: &Counterexample,
    heading: &str,
    expected: bool,
    p: &Page,
    out: &mut String,
) {
    let tasks = cx.switches.is_some() || report.engine == Engine::Tasks;
    let mut threads = cx.threads.clone();
    for step in &cx.steps {
        if !threads.contains(&step.thread) {
            threads.push(step.thread.clone());
        }
    }
    writeln!(
        out,
        "<section id=\"trace\"><h2>{}</h2>\n<p class=\"keys\">{}</p>\n\
         <div id=\"now\"><span id=\"now-text\"></span></div>\n\
         <table class=\"lanes\"><thead><tr><th class=\"num\">#</th>{}",
        escape(heading),
        p.pick(
            "<kbd>→</kbd> следующий шаг, <kbd>←</kbd> предыдущий, <kbd>Home</kbd>/<kbd>End</kbd> — начало и конец; щелчок по шагу — к нему.",
            "<kbd>→</kbd> next step, <kbd>←</kbd> previous, <kbd>Home</kbd>/<kbd>End</kbd> the first and the last; click a step to go to it."
        ),
        if tasks {
            format!(
                "<th class=\"time\">{}</th>",
                p.pick("время", "time")
            )
        } else {
            String::new()
        }
    )
    .unwrap();
    for t in &threads {
        write!(out, "<th class=\"lane\">{}</th>", escape(t)).unwrap();
    }
    writeln!(out, "</tr></thead><tbody>").unwrap();
    let cols = threads.len() + 1 + usize::from(tasks);
    for step in &cx.steps {
        if let Some(pre) = &step.preempted {
            writeln!(
                out,
                "<tr class=\"preempt\"><td colspan=\"{cols}\">⚡ {} {} → {}</td></tr>",
                p.pick("вытеснение:", "preemption:"),
                escape(&pre.from),
                escape(&pre.to)
            )
            .unwrap();
        }
        let text = p.t(&step.action);
        let pieces: Vec<&str> = if step.time_ms.is_some() {
            text.split("; ").collect()
        } else {
            vec![text]
        };
        let mut cell = String::new();
        let mut summary = Vec::new();
        for piece in pieces {
            let (label, site) = split_site(piece, &report.file);
            summary.push(label.clone());
            write!(cell, "<div class=\"act\">{}</div>", escape(&label)).unwrap();
            if let Some(site) = site {
                let code = site
                    .code
                    .as_deref()
                    .map(|c| format!(": <code>{}</code>", escape(c)))
                    .unwrap_or_default();
                write!(
                    cell,
                    "<div class=\"src\">{} {}{code}</div>",
                    p.pick("стр.", "line"),
                    site.line
                )
                .unwrap();
            }
        }
        let value = serde_json::to_value(step).unwrap_or_default();
        for (key, text) in extras(&value, p.lang) {
            write!(
                cell,
                "<div class=\"extra\"><b>{}:</b> {}</div>",
                escape(&key),
                escape(&text)
            )
            .unwrap();
        }
        let summary = format!(
            "{} {} {} {} · {} — {}",
            p.pick("Шаг", "Step"),
            step.n,
            p.pick("из", "of"),
            cx.steps.len(),
            step.thread,
            summary.join("; ")
        );
        write!(
            out,
            "<tr class=\"step\" id=\"step-{}\" data-thread=\"{}\" data-summary=\"{}\"><td class=\"num\">{}</td>",
            step.n,
            escape(&step.thread),
            escape(&summary),
            step.n
        )
        .unwrap();
        if tasks {
            let time = step
                .time_ms
                .map(|ms| format!("{ms} {}", p.pick("мс", "ms")))
                .unwrap_or_default();
            write!(out, "<td class=\"time\">{time}</td>").unwrap();
        }
        for t in &threads {
            if *t == step.thread {
                write!(out, "<td class=\"lane\">{cell}</td>").unwrap();
            } else {
                write!(out, "<td class=\"lane\"></td>").unwrap();
            }
        }
        writeln!(out, "</tr>").unwrap();
    }
    let class = if expected { "expected" } else { "forbidden" };
    writeln!(
        out,
        "<tr class=\"result\"><td colspan=\"{cols}\"><b>{}</b> <span id=\"outcome\" class=\"{class}\">{}</span><br><b>{}</b> {}</td></tr>",
        p.pick("Итог:", "Outcome:"),
        escape(p.t(&cx.outcome)),
        p.pick("Ожидалось:", "Expected:"),
        escape(p.t(&report.expected))
    )
    .unwrap();
    writeln!(out, "</tbody></table></section>").unwrap();
}
