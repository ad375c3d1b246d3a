//! The counterexample step by step. Two layouts: one column per thread when
//! that fits the terminal, otherwise one line a step (`T2 │ …`). Either
//! way each source line is printed once, in a legend under the steps, and
//! the steps refer to it by number («стр. 28»).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::text::Style;
use super::wrap::{pad, width, wrap};
use crate::model::explore::Counterexample;
use crate::text::Lang;

/// Where a step's text names a source line: ` — стр. 28: <code>` (threads)
/// or ` (list.rs:28)` (tasks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    pub line: u32,
    /// The code as the step quoted it (maybe cut short).
    pub code: Option<String>,
}

/// A step's text without its source quote, and the line it quoted.
pub fn split_site(action: &str, file: &str) -> (String, Option<Site>) {
    for marker in [" — стр. ", " — line "] {
        if let Some(at) = action.rfind(marker) {
            let rest = &action[at + marker.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if let (Ok(line), Some(code)) =
                (digits.parse(), rest[digits.len()..].strip_prefix(": "))
            {
                return (
                    action[..at].to_string(),
                    Some(Site {
                        line,
                        code: Some(code.to_string()),
                    }),
                );
            }
        }
    }
    let name = file.rsplit('/').next().unwrap_or(file);
    let marker = format!(" ({name}:");
    if let Some(at) = action.rfind(&marker) {
        let rest = &action[at + marker.len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let (Ok(line), Some(tail)) = (digits.parse(), rest[digits.len()..].strip_prefix(')')) {
            return (
                format!("{}{tail}", &action[..at]),
                Some(Site { line, code: None }),
            );
        }
    }
    (action.to_string(), None)
}

fn line_ref(lang: Lang, line: u32) -> String {
    match lang {
        Lang::Ru => format!("стр. {line}"),
        Lang::En => format!("line {line}"),
    }
}

/// One step as printed: its parts (a task's poll does several things),
/// each with its source line turned into a reference.
struct Row {
    n: usize,
    time: Option<String>,
    thread: String,
    parts: Vec<String>,
    preempted: Option<String>,
    /// The lesson's notes on this step, each printed on its own line.
    marks: Vec<String>,
}

/// A lesson's note under its step: `⚑ …`, wrapped with a hanging indent.
fn mark_lines(mark: &str, style: Style, first: &str, out: &mut Vec<String>) {
    let rest = format!("{first}  ");
    for line in wrap(&format!("⚑ {mark}"), style.width, first, &rest) {
        let (indent, text) = line.split_at(line.len() - line.trim_start_matches(' ').len());
        let (indent, text) = match text.strip_prefix("│ ") {
            Some(t) => (format!("{indent}│ "), t),
            None => (indent.to_string(), text),
        };
        out.push(format!("{indent}{}", style.paint("35", text)));
    }
}

/// The code of a source line the steps refer to. The step's own quote is
/// the truth (it was read from the file that ran); the kit's copy of the
/// file only completes a quote cut short, or stands in where a step quotes
/// nothing — and then only if the line mentions what the step did: a graded
/// submission ran its own file, not the kit's.
fn legend_code(kit: Option<&str>, line: u32, quoted: Option<&str>, label: &str) -> Option<String> {
    let source = kit
        .and_then(|text| text.lines().nth((line as usize).checked_sub(1)?))
        .map(str::trim);
    match (quoted, source) {
        (Some(quote), Some(full)) => match quote.strip_suffix('…') {
            Some(start) if full.starts_with(start) => Some(full.to_string()),
            _ => Some(quote.to_string()),
        },
        (Some(quote), None) => Some(quote.to_string()),
        (None, Some(full)) => {
            let mentioned = label
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .filter(|w| w.len() >= 4)
                .any(|w| full.contains(w));
            mentioned.then(|| full.to_string())
        }
        (None, None) => None,
    }
}

fn rows(
    counterexample: &Counterexample,
    file: &str,
    style: Style,
    legend: &mut BTreeMap<u32, String>,
) -> Vec<Row> {
    let lang = style.lang;
    let kit = crate::trees::ENTRIES
        .iter()
        .find(|e| e.file == file)
        .map(|e| e.source);
    counterexample
        .steps
        .iter()
        .map(|step| {
            let text = step.action.get(lang);
            // A task's poll joins what it did with "; ".
            let pieces: Vec<&str> = if step.time_ms.is_some() {
                text.split("; ").collect()
            } else {
                vec![text]
            };
            let parts = pieces
                .into_iter()
                .map(|piece| match split_site(piece, file) {
                    (label, Some(site)) => {
                        if let Some(code) =
                            legend_code(kit, site.line, site.code.as_deref(), &label)
                        {
                            legend.entry(site.line).or_insert(code);
                        }
                        let at = line_ref(lang, site.line);
                        // «ждёт (занят T1)» → «ждёт (занят T1; стр. 34)»
                        let holders = label.contains("(занят ") || label.contains("(held by ");
                        match label.strip_suffix(')') {
                            Some(open) if holders => format!("{open}; {at})"),
                            _ => format!("{label} ({at})"),
                        }
                    }
                    (label, None) => label,
                })
                .collect();
            Row {
                n: step.n,
                time: step
                    .time_ms
                    .map(|ms| format!("{ms} {}", style.pick("мс", "ms"))),
                thread: step.thread.clone(),
                parts,
                preempted: step.preempted.as_ref().map(|p| {
                    format!(
                        "{} {} → {} ──",
                        style.pick("── вытеснение:", "── preemption:"),
                        p.from,
                        p.to
                    )
                }),
                marks: step
                    .marks
                    .iter()
                    .map(|m| m.text.get(lang).to_string())
                    .collect(),
            }
        })
        .collect()
}

/// The steps and the legend of their source lines, fitted to `style.width`.
pub fn render(counterexample: &Counterexample, file: &str, style: Style, out: &mut String) {
    let mut legend = BTreeMap::new();
    let rows = rows(counterexample, file, style, &mut legend);
    let num_w = rows.len().to_string().len();
    let time_w = rows
        .iter()
        .filter_map(|r| r.time.as_deref().map(width))
        .max();
    let lines = columns(&rows, &counterexample.threads, num_w, time_w, style)
        .filter(|lines| lines.iter().all(|l| width(l) <= style.width))
        .unwrap_or_else(|| narrow(&rows, num_w, time_w, style));
    for line in lines {
        writeln!(out, "{line}").unwrap();
    }
    if !legend.is_empty() {
        writeln!(
            out,
            "  {} {file}:",
            style.pick("Строки кода в шагах,", "Source lines in the steps,")
        )
        .unwrap();
        let ref_w = legend
            .keys()
            .map(|&l| width(&line_ref(style.lang, l)))
            .max()
            .unwrap_or(0);
        for (line, code) in &legend {
            let head = format!("    {}  ", pad(&line_ref(style.lang, *line), ref_w));
            let rest = " ".repeat(width(&head));
            for l in wrap(code, style.width, &head, &rest) {
                writeln!(out, "{l}").unwrap();
            }
        }
    }
}

/// One column per thread, as wide as its widest step; `None` when a note
/// under a step would have too little room.
fn columns(
    rows: &[Row],
    threads: &[String],
    num_w: usize,
    time_w: Option<usize>,
    style: Style,
) -> Option<Vec<String>> {
    let text = |r: &Row| r.parts.join("; ");
    let col_w: Vec<usize> = threads
        .iter()
        .map(|t| {
            rows.iter()
                .filter(|r| &r.thread == t)
                .map(|r| width(&text(r)))
                .chain([width(t)])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let time_head = style.pick("время", "time");
    let time_w = time_w.map(|w| w.max(width(time_head)));
    let mut lines = Vec::new();
    let mut header = format!("    {}  ", pad("#", num_w));
    if let Some(w) = time_w {
        header.push_str(&format!("{}  ", pad(time_head, w)));
    }
    for (t, w) in threads.iter().zip(&col_w) {
        header.push_str(&pad(t, *w));
        header.push_str("   ");
    }
    lines.push(header.trim_end().to_string());
    for row in rows {
        if let Some(marker) = &row.preempted {
            lines.push(format!(
                "    {}  {}",
                pad("", num_w),
                style.paint("33", marker)
            ));
        }
        let mut line = format!("    {:>num_w$}  ", row.n);
        if let Some(w) = time_w {
            line.push_str(&format!("{}  ", pad(row.time.as_deref().unwrap_or(""), w)));
        }
        let mut mark_at = 0;
        for (t, w) in threads.iter().zip(&col_w) {
            let cell = if &row.thread == t {
                mark_at = width(&line);
                text(row)
            } else {
                String::new()
            };
            line.push_str(&pad(&cell, *w));
            line.push_str("   ");
        }
        lines.push(line.trim_end().to_string());
        for mark in &row.marks {
            // A note needs room of its own beside its column; else this
            // layout does not fit (see `render`).
            if style.width.saturating_sub(mark_at) < MARK_ROOM {
                return None;
            }
            mark_lines(mark, style, &" ".repeat(mark_at), &mut lines);
        }
    }
    Some(lines)
}

/// The narrowest a note under a step may be wrapped to.
const MARK_ROOM: usize = 36;

/// One line a step: `  3  T2 │ …`, each part of a step on its own line,
/// long parts wrapped under the bar.
fn narrow(rows: &[Row], num_w: usize, time_w: Option<usize>, style: Style) -> Vec<String> {
    let thread_w = rows.iter().map(|r| width(&r.thread)).max().unwrap_or(0);
    let mut lines = Vec::new();
    for row in rows {
        if let Some(marker) = &row.preempted {
            lines.push(format!(
                "    {}  {}",
                pad("", num_w),
                style.paint("33", marker)
            ));
        }
        let mut head = format!("    {:>num_w$}  ", row.n);
        if let Some(w) = time_w {
            head.push_str(&format!("{}  ", pad(row.time.as_deref().unwrap_or(""), w)));
        }
        let blank = " ".repeat(width(&head) + thread_w);
        head.push_str(&pad(&row.thread, thread_w));
        let rest = format!("{blank} │ ");
        let mut first = format!("{head} │ ");
        for part in &row.parts {
            lines.extend(wrap(part, style.width, &first, &rest));
            first.clone_from(&rest);
        }
        for mark in &row.marks {
            mark_lines(mark, style, &rest, &mut lines);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_quoted_line() {
        assert_eq!(
            split_site(
                "захват и освобождение items — стр. 28: self.items.lock().len()",
                "labs/src/list.rs"
            ),
            (
                "захват и освобождение items".to_string(),
                Some(Site {
                    line: 28,
                    code: Some("self.items.lock().len()".to_string())
                })
            )
        );
        assert_eq!(
            split_site(
                "await sleep(10 ms) (async_cache.rs:25)",
                "labs/src/async_cache.rs"
            ),
            (
                "await sleep(10 ms)".to_string(),
                Some(Site {
                    line: 25,
                    code: None
                })
            )
        );
        assert_eq!(
            split_site("read value → 0", "labs/src/counter.rs"),
            ("read value → 0".to_string(), None)
        );
    }

    #[test]
    fn the_legend_trusts_the_steps_quote_over_the_kits_file() {
        // The kit's copy of the file; a graded submission may have anything
        // on that line.
        let kit = Some("fn len(&self) -> usize {\n    self.items.lock().len()\n}");
        assert_eq!(
            legend_code(kit, 2, Some("let x = 1;"), "lock items").as_deref(),
            Some("let x = 1;")
        );
        assert_eq!(
            legend_code(kit, 2, Some("self.items.lock().l…"), "lock items").as_deref(),
            Some("self.items.lock().len()")
        );
        // No quote: the kit's line only if it mentions what the step did.
        assert_eq!(legend_code(kit, 2, None, "await sleep(10 ms)"), None);
        assert_eq!(
            legend_code(kit, 2, None, "lock items").as_deref(),
            Some("self.items.lock().len()")
        );
    }
}
