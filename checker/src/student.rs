//! The student's own tools: `hint` (one hint at a time), `reset` (the
//! starter back, the student's file kept), `watch` (re-check on every save).

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, SystemTime};

use crate::registry::{Exercise, Registry};
use crate::text::{Lang, Text};
use crate::tr;

fn pick(lang: Lang, ru: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

/// How many hints of each exercise the student has seen.
fn hints_file(kit: &Path) -> PathBuf {
    kit.join(".racelab/hints.json")
}

fn seen_hints(kit: &Path) -> BTreeMap<String, usize> {
    std::fs::read_to_string(hints_file(kit))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Shows the next of `hints` (and the ones before it); `again` shows only
/// those already seen. `hints` are chosen for the current code
/// (`crate::hints::choose`), so the list may change as the code does.
pub fn hint(kit: &Path, exercise: &Exercise, hints: &[Text], again: bool, lang: Lang) -> ExitCode {
    let mut seen = seen_hints(kit);
    let count = hints.len();
    if count == 0 {
        println!(
            "{}",
            pick(
                lang,
                "У этого упражнения нет подсказок.",
                "This exercise has no hints."
            )
        );
        return ExitCode::SUCCESS;
    }
    let shown = seen.get(&exercise.id).copied().unwrap_or(0);
    let upto = if again {
        shown.max(1)
    } else {
        (shown + 1).min(count)
    };
    let width = crate::report::wrap::terminal_width();
    for (i, hint) in hints.iter().take(upto).enumerate() {
        let head = format!("{} {}/{count}: ", pick(lang, "Подсказка", "Hint"), i + 1);
        let rest = " ".repeat(crate::report::wrap::width(&head));
        for line in crate::report::wrap::wrap(hint.get(lang), width, &head, &rest) {
            println!("{line}");
        }
    }
    if upto >= count {
        println!(
            "{}",
            pick(lang, "(подсказок больше нет)", "(no more hints)")
        );
    } else {
        println!(
            "{}",
            tr!(
                "(следующая: cargo lab hint {id})",
                "(next one: cargo lab hint {id})";
                id = exercise.id.clone()
            )
            .get(lang)
        );
    }
    seen.insert(exercise.id.clone(), upto);
    if let Some(parent) = hints_file(kit).parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let _ = std::fs::write(
        hints_file(kit),
        serde_json::to_string_pretty(&seen).unwrap_or_default(),
    );
    ExitCode::SUCCESS
}

/// A backup name not taken yet: counter.rs.bak, counter.rs.bak.1, …
fn backup_path(file: &Path) -> PathBuf {
    let first = PathBuf::from(format!("{}.bak", file.display()));
    if !first.exists() {
        return first;
    }
    (1..)
        .map(|n| PathBuf::from(format!("{}.bak.{n}", file.display())))
        .find(|p| !p.exists())
        .expect("some name is free")
}

/// Restores the starter of `exercise` after a confirmation (or `yes`),
/// keeping the student's file as a backup.
pub fn reset(kit: &Path, exercise: &Exercise, yes: bool, lang: Lang) -> ExitCode {
    let file = kit.join("labs/src").join(&exercise.file);
    let starter = match crate::grade::staging::starter(kit, &exercise.file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    if std::fs::read_to_string(&file).ok().as_deref() == Some(starter.as_str()) {
        println!(
            "{}",
            pick(
                lang,
                "Файл и так стартовый.",
                "The file is the starter already."
            )
        );
        return ExitCode::SUCCESS;
    }
    let backup = backup_path(&file);
    if !yes {
        print!(
            "{}",
            tr!(
                "Вернуть стартовый код {f}? Ваш файл сохранится как {b}. [y/N] ",
                "Restore the starter of {f}? Your file will be kept as {b}. [y/N] ";
                f = format!("labs/src/{}", exercise.file),
                b = backup.file_name().unwrap_or_default().to_string_lossy().into_owned()
            )
            .get(lang)
        );
        let _ = std::io::stdout().flush();
        let mut answer = String::new();
        let _ = std::io::stdin().lock().read_line(&mut answer);
        if !matches!(answer.trim(), "y" | "Y" | "д" | "Д" | "yes" | "да") {
            println!("{}", pick(lang, "Ничего не изменено.", "Nothing changed."));
            return ExitCode::from(1);
        }
    }
    if file.exists() {
        if let Err(e) = std::fs::copy(&file, &backup) {
            eprintln!("{}: {e}", backup.display());
            return ExitCode::from(2);
        }
    }
    if let Err(e) = std::fs::write(&file, starter) {
        eprintln!("{}: {e}", file.display());
        return ExitCode::from(2);
    }
    println!(
        "{}",
        tr!(
            "Стартовый код восстановлен; ваш файл — labs/src/{b}",
            "The starter is back; your file is labs/src/{b}";
            b = backup.file_name().unwrap_or_default().to_string_lossy().into_owned()
        )
        .get(lang)
    );
    ExitCode::SUCCESS
}

/// When each exercise file was last changed.
pub fn stamps(kit: &Path, registry: &Registry) -> BTreeMap<String, Option<SystemTime>> {
    registry
        .exercise
        .iter()
        .map(|e| {
            let path = kit.join("labs/src").join(&e.file);
            (
                e.id.clone(),
                std::fs::metadata(path).and_then(|m| m.modified()).ok(),
            )
        })
        .collect()
}

/// The exercises whose files changed between two looks.
pub fn changed(
    before: &BTreeMap<String, Option<SystemTime>>,
    after: &BTreeMap<String, Option<SystemTime>>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(id, stamp)| before.get(*id) != Some(stamp))
        .map(|(id, _)| id.clone())
        .collect()
}

/// One round of `watch`: `cargo lab check IDS` in the kit, in `watch`'s
/// language and colour.
fn round(cargo: &str, kit: &Path, lang: Lang, colour: bool, ids: &[String]) -> Command {
    let mut command = Command::new(cargo);
    command
        .current_dir(kit)
        .args([
            "run",
            "--quiet",
            "--package",
            "racelab-checker",
            "--bin",
            "labcheck",
            "--",
        ])
        .args([
            "--lang",
            if lang == Lang::Ru { "ru" } else { "en" },
            "--color",
            if colour { "always" } else { "never" },
            "check",
        ])
        .args(ids);
    command
}

/// Re-checks the exercise being edited on every save, until Ctrl-C. The
/// exercise code is compiled into the checker, so each round rebuilds it
/// (`cargo run`), which takes a couple of seconds. Each round is coloured
/// as `watch` itself was told (`--color`, the environment, the terminal).
pub fn watch(
    kit: &Path,
    registry: &Registry,
    only: &[String],
    lang: Lang,
    colour: bool,
) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let clear = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let run = |ids: &[String]| {
        if clear {
            print!("\x1b[2J\x1b[H");
        }
        let mut command = round(&cargo, kit, lang, colour, ids);
        let _ = command.status();
        println!(
            "\n{}",
            pick(
                lang,
                "Жду изменений в labs/src/ … (Ctrl-C — выход)",
                "Waiting for changes in labs/src/ … (Ctrl-C to stop)"
            )
        );
    };
    run(only);
    let mut before = stamps(kit, registry);
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let after = stamps(kit, registry);
        let edited = changed(&before, &after);
        before = after;
        if edited.is_empty() {
            continue;
        }
        let ids: Vec<String> = edited
            .into_iter()
            .filter(|id| only.is_empty() || only.contains(id))
            .collect();
        if !ids.is_empty() {
            run(&ids);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::time::{Duration, SystemTime};

    use super::{changed, round};
    use crate::text::Lang;

    #[test]
    fn a_round_is_coloured_as_watch_was_told() {
        let args = |colour: bool| -> Vec<String> {
            let ids = ["counter".to_string()];
            round("cargo", std::path::Path::new("."), Lang::En, colour, &ids)
                .get_args()
                .map(|a| a.to_string_lossy().into_owned())
                .collect()
        };
        let tail = |colour: bool| args(colour)[7..].join(" ");
        assert_eq!(tail(false), "--lang en --color never check counter");
        assert_eq!(tail(true), "--lang en --color always check counter");
    }

    #[test]
    fn notices_exactly_the_edited_files() {
        let t0 = SystemTime::UNIX_EPOCH;
        let t1 = t0 + Duration::from_secs(1);
        let before = BTreeMap::from([("a".to_string(), Some(t0)), ("b".to_string(), Some(t0))]);
        let after = BTreeMap::from([("a".to_string(), Some(t0)), ("b".to_string(), Some(t1))]);
        assert_eq!(changed(&before, &after), vec!["b".to_string()]);
        let gone = BTreeMap::from([("a".to_string(), Some(t0)), ("b".to_string(), None)]);
        assert_eq!(changed(&before, &gone), vec!["b".to_string()]);
        assert!(changed(&before, &before).is_empty());
    }
}
