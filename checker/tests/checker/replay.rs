//! `explain --execution N` and `--outcome TEXT`: any execution replayed.

use crate::lab;

/// The steps of the trace: from the first step to the outcome.
fn trace(text: &str) -> &str {
    let start = text
        .find("\n     1  ")
        .unwrap_or_else(|| panic!("no steps:\n{text}"));
    let end = start + text[start..].find("  Итог:").expect("an outcome");
    &text[start..end]
}

#[test]
fn the_counterexample_replayed_by_its_number_is_the_same() {
    let (_, explain, _) = lab(&["explain", "list"]);
    let at = explain
        .find("исполнение № ")
        .expect("a numbered counterexample");
    let n: String = explain[at + "исполнение № ".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let (code, replay, err) = lab(&["explain", "list", "--execution", &n]);
    assert_eq!(code, 1, "{err}");
    assert!(
        replay.contains(&format!("Исполнение № {n} из ")),
        "{replay}"
    );
    assert!(replay.contains("(запрещённый)"), "{replay}");
    assert_eq!(trace(&replay), trace(&explain));
}

#[test]
fn an_outcome_names_its_shortest_execution() {
    let (code, out, err) = lab(&[
        "--lang",
        "en",
        "explain",
        "list",
        "--outcome",
        "PANIC IN T2",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("Outcome:   panic in T2"), "{out}");
    // An expected outcome can be shown too.
    let (_, out, _) = lab(&["explain", "counter", "--outcome", "счётчик = 4"]);
    assert!(out.contains("счётчик = 4 (ожидаемый)"), "{out}");
    assert!(out.contains("0 вытеснений"), "{out}");
}

#[test]
fn a_number_or_an_outcome_that_is_not_there_is_an_error() {
    let (code, _, err) = lab(&["explain", "counter", "--execution", "100000"]);
    assert_eq!(code, 2);
    assert!(err.contains("исполнения № 100000 нет"), "{err}");
    let (code, _, err) = lab(&["--lang", "en", "explain", "counter", "--outcome", "zzz"]);
    assert_eq!(code, 2);
    assert!(err.contains("no outcome contains \"zzz\""), "{err}");
    assert!(err.contains("counter = 4"), "{err}");
}
