//! Builds the staged copy. A compile error in one exercise file costs only
//! that exercise: the file is replaced by its starter and the build retried.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::staging::{self, Staged};
use crate::registry::Registry;

pub struct Built {
    pub labcheck: PathBuf,
    pub labwitness: PathBuf,
    /// Exercise id → the first compiler error in its file.
    pub not_compiling: BTreeMap<String, String>,
}

/// Builds the staged copy in `staged_dir`; starters for files that do not
/// compile come from `kit`, the pristine one.
pub fn build(
    kit: &Path,
    staged_dir: &Path,
    target: &Path,
    staged: &Staged,
    registry: &Registry,
    limit: std::time::Duration,
) -> Result<Built, String> {
    let mut not_compiling = BTreeMap::new();
    // Each round either builds or takes one more file out; a file that is
    // already the starter cannot fail again, so this ends.
    for _ in 0..=registry.exercise.len() {
        let mut command =
            Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()));
        command
            .current_dir(staged_dir)
            .env("CARGO_TARGET_DIR", target)
            // The build scripts regenerate their module trees when this
            // changes (labs/build.rs): a target seeded from another
            // worker's must not compile that worker's files.
            .env("RACELAB_BUILD_ROOT", staged_dir)
            .env_remove("RUSTFLAGS")
            .args([
                "build",
                "--quiet",
                "--message-format=json",
                "-p",
                "racelab-checker",
                "--bin",
                "labcheck",
                "-p",
                "witness",
                "--bin",
                "labwitness",
            ]);
        // Code can make the compiler work without end (types that grow,
        // constants that never finish): the build has a limit of its own.
        let output =
            crate::isolate::run_limited(command, limit).map_err(|e| format!("cargo: {e}"))?;
        let Some(status) = output.status else {
            return Err(if output.flooded {
                "the build printed more than the grader reads (a flood of compiler messages)"
                    .to_string()
            } else {
                format!(
                    "the build took longer than {:?} and was stopped (RACELAB_BUILD_TIMEOUT)",
                    limit
                )
            });
        };
        let mut labcheck = None;
        let mut labwitness = None;
        let mut errors: BTreeMap<String, String> = BTreeMap::new();
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            match message["reason"].as_str() {
                Some("compiler-artifact") => {
                    let name = message["target"]["name"].as_str().unwrap_or_default();
                    if let Some(exe) = message["executable"].as_str() {
                        match name {
                            "labcheck" => labcheck = Some(PathBuf::from(exe)),
                            "labwitness" => labwitness = Some(PathBuf::from(exe)),
                            _ => {}
                        }
                    }
                }
                Some("compiler-message") if message["message"]["level"] == "error" => {
                    let spans = message["message"]["spans"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                    for exercise in &registry.exercise {
                        let in_file = spans.iter().any(|span| {
                            span["file_name"]
                                .as_str()
                                .is_some_and(|f| is_exercise_file(f, &exercise.file))
                        });
                        if in_file {
                            let rendered =
                                message["message"]["rendered"].as_str().unwrap_or_default();
                            errors
                                .entry(exercise.id.clone())
                                .or_insert_with(|| clean(rendered, staged_dir));
                        }
                    }
                }
                _ => {}
            }
        }
        if status.success() {
            return match (labcheck, labwitness) {
                (Some(labcheck), Some(labwitness)) => Ok(Built {
                    labcheck,
                    labwitness,
                    not_compiling,
                }),
                _ => Err("the build produced no labcheck/labwitness".to_string()),
            };
        }
        let fresh: Vec<(String, String)> = errors
            .into_iter()
            .filter(|(id, _)| !not_compiling.contains_key(id))
            .collect();
        if fresh.is_empty() {
            return Err(format!(
                "the kit does not build:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        for (id, error) in fresh {
            let exercise = registry.get(&id).expect("a registry id");
            let file = staged.files.iter().find(|f| f.id == id).expect("staged");
            staging::write_if_changed(&file.path, &staging::starter(kit, &exercise.file)?)?;
            not_compiling.insert(id, error);
        }
    }
    Err("the build kept failing".to_string())
}

/// Whether a compiler span's file is the exercise file `labs/src/<file>`,
/// whatever the separator: cargo names it relative to the workspace or
/// absolutely, with `\\` on Windows. An error blamed on no exercise means
/// the kit itself does not build and ends the whole grade, so a missed match
/// would cost every exercise.
pub fn is_exercise_file(span_file: &str, file: &str) -> bool {
    let parts = |path: &str| -> Vec<String> {
        path.split(['/', '\\'])
            .filter(|p| !p.is_empty() && *p != ".")
            .map(str::to_string)
            .collect()
    };
    let span = parts(span_file);
    let mut wanted = vec!["labs".to_string(), "src".to_string()];
    wanted.extend(parts(file));
    span.ends_with(&wanted)
}

/// The compiler's message, with the staging directory's path cut out
/// (either separator) and the toolchain's commit hash in the standard
/// library's paths (`/rustc/<hash>/library/…`) replaced by `<rust>`: the
/// report then reads the same on every machine and toolchain build.
fn clean(rendered: &str, kit: &Path) -> String {
    let kit = kit.display().to_string();
    let mut text = rendered.to_string();
    for separator in ['/', '\\'] {
        text = text.replace(&format!("{kit}{separator}"), "");
    }
    without_rustc_hash(text.trim_end())
}

/// `/rustc/<40 hex digits>/` → `<rust>/`.
pub fn without_rustc_hash(text: &str) -> String {
    const MARK: &str = "/rustc/";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(MARK) {
        let after = &rest[at + MARK.len()..];
        let hex = after.bytes().take_while(u8::is_ascii_hexdigit).count();
        out.push_str(&rest[..at]);
        if hex == 40 && after[hex..].starts_with('/') {
            out.push_str("<rust>");
            rest = &after[hex..];
        } else {
            out.push_str(MARK);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{clean, is_exercise_file, without_rustc_hash};
    use std::path::Path;

    #[test]
    fn exercise_files_match_whatever_the_separator() {
        for span in [
            "labs/src/counter.rs",
            "./labs/src/counter.rs",
            "/home/ci/work/kit/labs/src/counter.rs",
            "labs\\src\\counter.rs",
            "C:\\Users\\ci\\racelab\\kit\\labs\\src\\counter.rs",
            "C:/Users/ci/kit/labs\\src/counter.rs",
        ] {
            assert!(is_exercise_file(span, "counter.rs"), "{span}");
        }
        for span in [
            "labs/src/counter_mutex.rs",
            "labs/src/my_counter.rs",
            "checker/src/counter.rs",
            "counter.rs",
            "labs\\src\\lib.rs",
        ] {
            assert!(!is_exercise_file(span, "counter.rs"), "{span}");
        }
    }

    #[test]
    fn the_staging_path_is_cut_whatever_the_separator() {
        let unix = Path::new("/home/ci/.cache/racelab/kit-1/kit");
        assert_eq!(
            clean(
                "--> /home/ci/.cache/racelab/kit-1/kit/labs/src/list.rs:3:1\n",
                unix
            ),
            "--> labs/src/list.rs:3:1"
        );
        let windows = Path::new("C:\\Users\\ci\\racelab\\kit");
        assert_eq!(
            clean(
                "--> C:\\Users\\ci\\racelab\\kit\\labs\\src\\list.rs:3:1",
                windows
            ),
            "--> labs\\src\\list.rs:3:1"
        );
    }

    #[test]
    fn the_toolchain_hash_is_cut_from_std_paths() {
        let hash = "59807616e1fa2540724bfbac14d7976d7e4a3860";
        let text = format!("  --> /rustc/{hash}/library/core/src/sync/atomic.rs:3134:19");
        assert_eq!(
            without_rustc_hash(&text),
            "  --> <rust>/library/core/src/sync/atomic.rs:3134:19"
        );
        // Not a commit hash: left as it is.
        for text in ["/rustc/abc/library", "see /rustc/ docs", "/rustc/"] {
            assert_eq!(without_rustc_hash(text), text);
        }
    }
}
