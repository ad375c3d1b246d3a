//! The staged copy: the kit's own files, with only the registry's exercise
//! files taken from the submission.

use std::path::{Path, PathBuf};

use crate::registry::Registry;
use crate::text::Text;
use crate::tr;

/// The kit's files the build needs (relative to the kit root). Everything
/// else of the submission — tests, snapshots, the checker, the facades, the
/// registry — is never read.
pub const KIT_FILES: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "src",
    "labs/Cargo.toml",
    "labs/build.rs",
    "labs/build_guard.rs",
    "labs/lab.toml",
    "checker/Cargo.toml",
    "checker/build.rs",
    "checker/src",
    "checker/scenarios",
    "witness",
    "sandbox",
    "vendor",
];

/// The kit's own files in labs/src: every one the registry does not list as
/// an exercise (lib.rs and the facades).
pub fn facade_files(kit: &Path, registry: &Registry) -> Result<Vec<String>, String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(kit.join("labs/src")).map_err(|e| e.to_string())? {
        let name = entry
            .map_err(|e| e.to_string())?
            .file_name()
            .to_string_lossy()
            .into_owned();
        let exercise = registry.exercise.iter().any(|e| e.file == name);
        if name.ends_with(".rs") && !exercise {
            files.push(name);
        }
    }
    files.sort();
    Ok(files)
}

pub struct StagedFile {
    pub id: String,
    /// Where the file went in the staged copy.
    pub path: PathBuf,
    /// Why the submission's own file could not be used (the starter stands
    /// in for it).
    pub problem: Option<Text>,
    /// The submission has no such file at all.
    pub absent: bool,
    /// The scan refused the submission's file (the starter stands in for
    /// it, so the refused code is never compiled nor run): the report.
    pub refused: Option<crate::report::ExerciseReport>,
}

pub struct Staged {
    pub files: Vec<StagedFile>,
}

/// The pristine starter of an exercise file: an exported repository keeps
/// it in `.racelab/starters/`; in the kit it is labs/src as committed (the
/// working copy may hold a maintainer's experiments), or labs/src itself
/// outside a git checkout.
pub fn starter(kit: &Path, file: &str) -> Result<String, String> {
    if let Ok(text) = std::fs::read_to_string(kit.join(".racelab/starters").join(file)) {
        return Ok(text);
    }
    let committed = std::process::Command::new("git")
        .current_dir(kit)
        .args(["show", &format!("HEAD:labs/src/{file}")])
        .output();
    if let Ok(output) = committed {
        if output.status.success() {
            if let Ok(text) = String::from_utf8(output.stdout) {
                return Ok(text);
            }
        }
    }
    std::fs::read_to_string(kit.join("labs/src").join(file))
        .map_err(|_| format!("no starter for {file}"))
}

pub fn stage(
    kit: &Path,
    submission: &Path,
    to: &Path,
    registry: &Registry,
) -> Result<Staged, String> {
    if !submission.is_dir() {
        return Err(format!("{}: not a directory", submission.display()));
    }
    for item in KIT_FILES {
        copy(&kit.join(item), &to.join(item))?;
    }
    for facade in facade_files(kit, registry)? {
        copy(
            &kit.join("labs/src").join(&facade),
            &to.join("labs/src").join(&facade),
        )?;
    }
    // The workspace may list members a kit copy lacks (none today); the
    // staged one must build on its own.
    let mut files = Vec::new();
    for exercise in &registry.exercise {
        let target = to.join("labs/src").join(&exercise.file);
        let candidates = [
            submission.join("labs/src").join(&exercise.file),
            submission.join("labs").join(&exercise.file),
            // A folder of exercise files, like solutions/.
            submission.join(&exercise.file),
        ];
        let found = candidates.iter().find(|p| p.is_file());
        let (text, problem) = match found {
            None => (
                starter(kit, &exercise.file)?,
                Some(tr!(
                    "файла labs/src/{f} нет в работе",
                    "labs/src/{f} is not in the submission";
                    f = exercise.file.clone()
                )),
            ),
            Some(path) => match std::fs::read(path).map(String::from_utf8) {
                Ok(Ok(text)) => (text, None),
                Ok(Err(_)) => (
                    starter(kit, &exercise.file)?,
                    Some(tr!(
                        "файл {f} не в кодировке UTF-8",
                        "{f} is not UTF-8";
                        f = exercise.file.clone()
                    )),
                ),
                Err(e) => (
                    starter(kit, &exercise.file)?,
                    Some(Text::same(format!("{}: {e}", path.display()))),
                ),
            },
        };
        let refused = match problem {
            None => refusal(exercise, &text),
            Some(_) => None,
        };
        let text = match refused {
            Some(_) => starter(kit, &exercise.file)?,
            None => text,
        };
        write_if_changed(&target, &text)?;
        files.push(StagedFile {
            id: exercise.id.clone(),
            path: target,
            problem,
            absent: found.is_none(),
            refused,
        });
    }
    Ok(Staged { files })
}

/// The scan's verdict on a submitted exercise file, as the report of a
/// refused check (`None`: nothing refused).
fn refusal(
    exercise: &crate::registry::Exercise,
    source: &str,
) -> Option<crate::report::ExerciseReport> {
    let refusals = match crate::scan::scan(source) {
        Ok(refusals) if refusals.is_empty() => return None,
        Ok(refusals) => refusals,
        Err(refusal) => vec![refusal],
    };
    let mut report = crate::report::ExerciseReport::new(exercise, crate::trees::Tree::Labs);
    report.file = format!("labs/src/{}", exercise.file);
    report.verdict = crate::report::Verdict::Refused;
    let n = refusals.len();
    report.summary = tr!(
        "код обходит фасады набора ({n} {places}): файл не запускался, его заменил стартовый код",
        "the code reaches around the kit's facades ({places_en}): the file was not run, its starter stood in";
        places = crate::report::text::plural_ru(n, "место", "места", "мест"),
        places_en = crate::text::plural_en(n, "place", "places")
    );
    report.refusals = refusals;
    Some(report)
}

/// Copies a file or a directory tree, touching only what changed (so the
/// staged build stays incremental).
pub fn copy(from: &Path, to: &Path) -> Result<(), String> {
    let meta = std::fs::metadata(from).map_err(|e| format!("{}: {e}", from.display()))?;
    if meta.is_dir() {
        std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
        for entry in std::fs::read_dir(from).map_err(|e| e.to_string())? {
            let entry = entry.map_err(|e| e.to_string())?;
            copy(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        let bytes = std::fs::read(from).map_err(|e| format!("{}: {e}", from.display()))?;
        if std::fs::read(to).ok().as_deref() == Some(&bytes[..]) {
            return Ok(());
        }
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(to, bytes).map_err(|e| format!("{}: {e}", to.display()))
    }
}

pub fn write_if_changed(path: &Path, text: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
