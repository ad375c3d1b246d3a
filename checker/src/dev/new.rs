//! `cargo lab new ID --engine threads|tasks|real [--part N]`: writes every
//! file an exercise needs from templates (src/dev/templates/) that compile
//! and already form a working racy example — a tally that loses an update —
//! and appends its registry entry, with both languages' placeholders, to
//! labs/lab.toml. No engine file changes: the checker's, the labs crate's
//! and labwitness's build scripts pick the new files up from the registry.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::registry::{Engine, Registry};
use crate::text::Lang;
use crate::tr;

/// What explores the new exercise (the registry's `engine`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EngineArg {
    /// loom: threads preempted at any shared access
    Threads,
    /// the task explorer: tasks on one thread, switching at `.await`
    Tasks,
    /// no model: the real build, checked by its stress run
    Real,
}

impl From<EngineArg> for Engine {
    fn from(arg: EngineArg) -> Engine {
        match arg {
            EngineArg::Threads => Engine::Threads,
            EngineArg::Tasks => Engine::Tasks,
            EngineArg::Real => Engine::Real,
        }
    }
}

struct Template {
    starter: &'static str,
    solution: &'static str,
    scenario: Option<&'static str>,
    stress: &'static str,
    /// The starter's fewest preemptions (threads) or task switches (tasks),
    /// as `cargo lab dev check` measures them on the template.
    minimum: Option<usize>,
}

fn template(engine: Engine) -> Template {
    match engine {
        Engine::Threads => Template {
            starter: include_str!("templates/threads/starter.rs"),
            solution: include_str!("templates/threads/solution.rs"),
            scenario: Some(include_str!("templates/threads/scenario.rs")),
            stress: include_str!("templates/threads/stress.rs"),
            minimum: Some(1),
        },
        Engine::Tasks => Template {
            starter: include_str!("templates/tasks/starter.rs"),
            solution: include_str!("templates/tasks/solution.rs"),
            scenario: Some(include_str!("templates/tasks/scenario.rs")),
            stress: include_str!("templates/tasks/stress.rs"),
            minimum: Some(1),
        },
        Engine::Real => Template {
            starter: include_str!("templates/real/starter.rs"),
            solution: include_str!("templates/real/solution.rs"),
            scenario: None,
            stress: include_str!("templates/real/stress.rs"),
            minimum: None,
        },
    }
}

const ENTRY: &str = include_str!("templates/entry.toml");
const PART: &str = include_str!("templates/part.toml");

/// Module names the labs crate and the witness already use, and Rust's
/// keywords: an id becomes a module name.
const TAKEN: &[&str] = &[
    "sync", "rt", "net", "process", "primes", "lib", "__kit", "mod", "stress", "params", "bench",
    "chart", "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
    "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// One file `new` writes, relative to the kit.
pub struct Written {
    pub path: PathBuf,
}

/// Writes exercise `id` into the kit at `kit`; returns the files written.
pub fn scaffold(
    kit: &Path,
    id: &str,
    engine: Engine,
    part: Option<u32>,
) -> Result<Vec<Written>, String> {
    let valid = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid || TAKEN.contains(&id) {
        return Err(format!(
            "«{id}»: id должен быть именем модуля Rust: строчные латинские буквы, цифры, _, с буквы, не ключевое слово и не модуль набора / \
             '{id}': the id must be a Rust module name: lowercase letters, digits, _, starting with a letter, not a keyword nor a kit module"
        ));
    }
    let registry = super::registry_on_disk(kit)?;
    if registry.get(id).is_some() {
        return Err(format!(
            "упражнение «{id}» уже есть в labs/lab.toml / exercise '{id}' is already in labs/lab.toml"
        ));
    }
    let template = template(engine);
    let file = format!("{id}.rs");
    let mut files: Vec<(PathBuf, &str)> = vec![
        (Path::new("labs/src").join(&file), template.starter),
        (Path::new("solutions").join(&file), template.solution),
        (Path::new("witness/src/stress").join(&file), template.stress),
    ];
    if let Some(scenario) = template.scenario {
        files.push((Path::new("checker/scenarios").join(&file), scenario));
    }
    for (path, _) in &files {
        if kit.join(path).exists() {
            return Err(format!(
                "{} уже существует: не перезаписываю / {} already exists: not overwriting",
                path.display(),
                path.display()
            ));
        }
    }

    let toml_path = kit.join("labs/lab.toml");
    let before = std::fs::read_to_string(&toml_path).map_err(|e| e.to_string())?;
    let last_part = registry.part.iter().map(|p| p.number).max().unwrap_or(1);
    let part = part.unwrap_or(last_part);
    let mut after = before.clone();
    if !registry.part.iter().any(|p| p.number == part) {
        // Parts come before the exercises in the file.
        let text = PART.replace("__PART__", &part.to_string());
        let at = after.find("\n[[exercise]]").map_or(after.len(), |i| i);
        after.insert_str(at, &format!("{}\n", text.trim_end_matches('\n')));
    }
    let engine_line = match engine {
        Engine::Threads => String::new(),
        Engine::Tasks => "engine = \"tasks\"\n".to_string(),
        Engine::Real => "engine = \"real\"\n".to_string(),
    };
    let minimum = template
        .minimum
        .map(|m| format!("minimum = {m}"))
        .unwrap_or_default();
    let entry = ENTRY
        .replace("__ID__", id)
        .replace("__PART__", &part.to_string())
        .replace("__ENGINE__", &engine_line)
        .replace("__MINIMUM__\n", &format!("{minimum}\n"))
        .replace("\n\n\n", "\n\n");
    let entry = entry.trim_end_matches('\n');
    // After the last exercise: before the hints by class, if any.
    let at = after
        .find("\n# Hints by what a report found")
        .or_else(|| after.find("\n[[hint]]"))
        .map_or(after.len(), |i| i);
    let entry = if at == after.len() && !after.ends_with('\n') {
        format!("\n{entry}\n")
    } else {
        format!("{entry}\n")
    };
    after.insert_str(at, &entry);
    toml::from_str::<Registry>(&after).map_err(|e| {
        format!("labs/lab.toml would not parse after the new entry (nothing written): {e}")
    })?;

    let mut written = Vec::new();
    for (path, text) in files {
        let full = kit.join(&path);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&full, text.replace("__ID__", id))
            .map_err(|e| format!("{}: {e}", full.display()))?;
        written.push(Written { path });
    }
    std::fs::write(&toml_path, after).map_err(|e| format!("{}: {e}", toml_path.display()))?;
    written.push(Written {
        path: PathBuf::from("labs/lab.toml"),
    });
    Ok(written)
}

/// `cargo lab new`: scaffolds, then says what to edit and what to run.
pub fn run(kit: &Path, id: &str, engine: EngineArg, part: Option<u32>, lang: Lang) -> ExitCode {
    match scaffold(kit, id, engine.into(), part) {
        Ok(written) => {
            let head = tr!(
                "Упражнение {id} создано — рабочий пример с гонкой, который нужно заменить своим:",
                "Exercise {id} created — a working racy example to replace with your own:";
                id = id.to_string()
            );
            println!("{}", head.get(lang));
            for file in &written {
                println!("  {}", file.path.display());
            }
            let next = tr!(
                "Дальше: напишите задание, подсказки и код (все TODO), затем\n  cargo lab dev check {id}\nпока отчёт не станет зелёным; снимки отчётов: cargo test --test kit exercises::, затем cargo insta review.",
                "Next: write the task, hints and code (every TODO), then run\n  cargo lab dev check {id}\nuntil it is green; the report snapshots: cargo test --test kit exercises::, then cargo insta review.";
                id = id.to_string()
            );
            println!("{}", next.get(lang));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cargo lab new: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch kit with the real registry and the folders `new` writes to.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("racelab-new-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("labs")).unwrap();
        std::fs::write(dir.join("labs/lab.toml"), crate::registry::SOURCE).unwrap();
        dir
    }

    #[test]
    fn writes_every_file_and_a_registry_entry() {
        let kit = scratch("threads");
        let written = scaffold(&kit, "my_race", Engine::Threads, None).unwrap();
        let paths: Vec<String> = written
            .iter()
            .map(|w| w.path.display().to_string())
            .collect();
        assert_eq!(
            paths,
            [
                "labs/src/my_race.rs",
                "solutions/my_race.rs",
                "witness/src/stress/my_race.rs",
                "checker/scenarios/my_race.rs",
                "labs/lab.toml"
            ]
        );
        let registry = crate::dev::registry_on_disk(&kit).unwrap();
        let before = Registry::load();
        assert_eq!(registry.exercise.len(), before.exercise.len() + 1);
        let entry = registry.get("my_race").unwrap();
        assert_eq!(entry.engine, Engine::Threads);
        assert_eq!(entry.model.minimum, Some(1));
        assert_eq!(
            entry.part,
            before.part.iter().map(|p| p.number).max().unwrap()
        );
        // The hints by class still follow the exercises.
        let text = std::fs::read_to_string(kit.join("labs/lab.toml")).unwrap();
        let first_hint = text.find("\n[[hint]]").unwrap();
        assert!(text.find("id = \"my_race\"").unwrap() < first_hint);
        let stress = std::fs::read_to_string(kit.join("witness/src/stress/my_race.rs")).unwrap();
        assert!(stress.contains("use labs::my_race::Tally;"));
        // Twice is refused, and nothing is overwritten.
        assert!(scaffold(&kit, "my_race", Engine::Threads, None).is_err());
        let _ = std::fs::remove_dir_all(&kit);
    }

    #[test]
    fn a_new_part_and_a_real_exercise() {
        let kit = scratch("real");
        let written = scaffold(&kit, "real_one", Engine::Real, Some(9)).unwrap();
        assert!(!written
            .iter()
            .any(|w| w.path.starts_with("checker/scenarios")));
        let registry = crate::dev::registry_on_disk(&kit).unwrap();
        assert!(registry.part.iter().any(|p| p.number == 9 && !p.optional));
        let entry = registry.get("real_one").unwrap();
        assert_eq!((entry.engine, entry.part), (Engine::Real, 9));
        assert_eq!(entry.model.minimum, None);
        let _ = std::fs::remove_dir_all(&kit);
    }

    #[test]
    fn bad_ids_are_refused() {
        let kit = scratch("bad");
        for id in [
            "", "Counter", "9lives", "my-race", "sync", "type", "counter",
        ] {
            assert!(scaffold(&kit, id, Engine::Threads, None).is_err(), "{id}");
        }
        let _ = std::fs::remove_dir_all(&kit);
    }
}
