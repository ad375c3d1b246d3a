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
) -> Result<Built, String> {
    let mut not_compiling = BTreeMap::new();
    // Each round either builds or takes one more file out; a file that is
    // already the starter cannot fail again, so this ends.
    for _ in 0..=registry.exercise.len() {
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
            .current_dir(staged_dir)
            .env("CARGO_TARGET_DIR", target)
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
            ])
            .output()
            .map_err(|e| format!("cargo: {e}"))?;
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
                            span["file_name"].as_str().is_some_and(|f| {
                                f.ends_with(&format!("labs/src/{}", exercise.file))
                                    || f.ends_with(&format!("/{}", exercise.file))
                            })
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
        if output.status.success() {
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

/// The compiler's message, with the staging directory's path cut out.
fn clean(rendered: &str, kit: &Path) -> String {
    let prefix = format!("{}/", kit.display());
    rendered.replace(&prefix, "").trim_end().to_string()
}
