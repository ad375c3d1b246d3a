//! Fitting text to the terminal: widths in characters (a Cyrillic letter is
//! one column, like a Latin one), words wrapped with a hanging indent.

/// The width of the terminal the report goes to: its real width on a
/// terminal, 80 columns otherwise (a pipe, a file, a test).
pub fn terminal_width() -> usize {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return DEFAULT;
    }
    terminal_size::terminal_size()
        .map(|(w, _)| usize::from(w.0))
        // Below this even the narrow layout cannot show a step.
        .map(|w| w.max(MIN))
        .unwrap_or(DEFAULT)
}

pub const DEFAULT: usize = 80;
const MIN: usize = 40;

/// Columns `s` takes on screen: characters, not counting colour codes.
pub fn width(s: &str) -> usize {
    let mut n = 0;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // ESC [ … m
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
            continue;
        }
        n += 1;
    }
    n
}

/// `s` padded with spaces to `w` columns.
pub fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    for _ in width(s)..w {
        out.push(' ');
    }
    out
}

/// `text` as lines of at most `limit` columns: the first starts with
/// `first`, the others with `rest` (a hanging indent). Words longer than a
/// line are cut.
pub fn wrap(text: &str, limit: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in words(text) {
        let word = word.as_str();
        let room = limit.saturating_sub(width(&line));
        let need = width(word) + usize::from(!empty);
        if need <= room {
            if !empty {
                line.push(' ');
            }
            line.push_str(word);
            empty = false;
            continue;
        }
        if !empty {
            lines.push(std::mem::replace(&mut line, rest.to_string()));
        }
        // A word wider than a whole line is cut where the line ends.
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let room = limit.saturating_sub(width(&line)).max(1);
            if word.len() <= room {
                line.extend(word.iter());
                break;
            }
            line.extend(word[..room].iter());
            word.drain(..room);
            lines.push(std::mem::replace(&mut line, rest.to_string()));
        }
        empty = false;
    }
    lines.push(line);
    lines
}

/// «T1:», «T12:»: a thread's label, which belongs to what follows it.
fn is_thread_label(word: &str) -> bool {
    word.strip_prefix('T')
        .and_then(|w| w.strip_suffix(':'))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// The words of `text`; a `code span` with spaces stays one word, so a
/// command is never cut in two, and so does a short reference in
/// parentheses («(шаг 9)», «(line 25)»), and so does a value with its
/// arrow («take → None», «value ← 2»): a line never starts with an arrow nor
/// ends at one, nor at a thread's label («T2:»); a short list «[5, 5]» and
/// «список = [5]» stay whole too.
fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    let mut reference = false;
    let mut arrow = false;
    // Inside a short list «[5, 5]»: held together like a code span.
    let mut bracket = 0usize;
    for word in text.split_whitespace() {
        let is_arrow = word == "→" || word == "←" || word == "=";
        match out.last_mut() {
            Some(last) if open || reference || arrow || is_arrow || bracket > 0 => {
                last.push(' ');
                last.push_str(word);
            }
            _ => out.push(word.to_string()),
        }
        if word.matches('`').count() % 2 == 1 {
            open = !open;
        }
        if !open {
            let opened = word.matches('[').count();
            let closed = word.matches(']').count();
            bracket = (bracket + opened).saturating_sub(closed);
            // A list longer than a line is cut as words are.
            if bracket > 0 && out.last().is_some_and(|w| w.chars().count() > 30) {
                bracket = 0;
            }
        }
        // «(шаг» waits for its «9)»; nothing longer is held together.
        reference = !reference
            && !open
            && word.starts_with('(')
            && !word.contains(')')
            && word.chars().count() <= 6;
        arrow = (is_arrow || is_thread_label(word)) && !open && bracket == 0;
    }
    out
}

/// A text of paragraphs (separated by blank lines), each reflowed to
/// `limit` columns with `indent` before every line.
pub fn paragraphs(text: &str, limit: usize, indent: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, paragraph) in text.trim().split("\n\n").enumerate() {
        if i > 0 {
            out.push(String::new());
        }
        out.extend(wrap(paragraph, limit, indent, indent));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arrow_keeps_its_value() {
        let lines = wrap("T1: take → Some(7), push_if_absent → true", 24, "", "");
        assert_eq!(lines, ["T1: take → Some(7),", "push_if_absent → true"]);
        let lines = wrap("T1: take → None; T2: take → Some(7)", 20, "", "");
        assert_eq!(lines, ["T1: take → None;", "T2: take → Some(7)"]);
        let lines = wrap("T2: take → None; список = [5, 5]", 20, "", "");
        assert_eq!(lines, ["T2: take → None;", "список = [5, 5]"]);
        let lines = wrap("каждый из них: `cargo lab explain bank`", 26, "", "");
        assert_eq!(lines, ["каждый из них:", "`cargo lab explain bank`"]);
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(width("счётчик"), 7);
        assert_eq!(width("\x1b[31mЗАПРЕЩЁН\x1b[0m"), 8);
    }

    #[test]
    fn wraps_with_a_hanging_indent() {
        let lines = wrap(
            "взаимная блокировка: T1 держит accounts[0], ждёт accounts[1]",
            30,
            "  Итог: ",
            "        ",
        );
        assert_eq!(
            lines,
            [
                "  Итог: взаимная блокировка:",
                "        T1 держит accounts[0],",
                "        ждёт accounts[1]"
            ]
        );
        assert!(lines.iter().all(|l| width(l) <= 30));
    }

    #[test]
    fn keeps_a_code_span_whole() {
        let lines = wrap("see `cargo lab explain bank` now", 26, "", "");
        assert_eq!(lines, ["see", "`cargo lab explain bank`", "now"]);
    }

    #[test]
    fn keeps_a_step_reference_whole() {
        let lines = wrap("before T1 writes (шаг 9)", 20, "", "");
        assert_eq!(lines, ["before T1 writes", "(шаг 9)"]);
        // Only a short opening word waits for its closing one.
        let lines = wrap("a (longer words here)", 12, "", "");
        assert_eq!(lines, ["a (longer", "words here)"]);
    }

    #[test]
    fn cuts_a_word_wider_than_the_line() {
        let lines = wrap("aaaaaaaaaa", 6, "> ", "> ");
        assert_eq!(lines, ["> aaaa", "> aaaa", "> aa"]);
    }

    #[test]
    fn reflows_paragraphs() {
        let text = "one two\nthree four\n\nfive";
        assert_eq!(
            paragraphs(text, 12, "  "),
            ["  one two", "  three four", "", "  five"]
        );
    }
}
