//! Builds already made, by their inputs: a staged copy byte for byte the
//! same as one built before (the kit's files, the submission's exercise
//! files, the toolchain) reuses that build's `labcheck` and `labwitness`
//! instead of running cargo again. Re-grading a class, or the kit's own
//! end-to-end tests run a second time, then costs no build at all.
//!
//! An entry is found by a hash of its inputs but taken only when the inputs
//! it stored are equal to the new ones, byte for byte: a crafted collision
//! gains nothing. Entries are made and used only where every check runs
//! under full Landlock ([`enabled`]): there no exercise code can write a
//! file, so none can plant a binary for a later grade. The oldest entries
//! go once there are more than [`KEEP`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::compile::Built;

/// How many builds are kept (about 60 MB each).
pub const KEEP: usize = 8;

/// Whether builds may be kept and reused on this machine.
pub fn enabled() -> bool {
    std::env::var_os("RACELAB_NO_BUILD_CACHE").is_none()
        && racelab_sandbox::limits::probe() == racelab_sandbox::limits::Confinement::Full
}

/// Everything a build depends on: every file of the staged copy, with its
/// path, and the toolchain cargo runs there.
pub fn inputs(staged_dir: &Path) -> Result<Vec<u8>, String> {
    let mut files = Vec::new();
    walk(staged_dir, staged_dir, &mut files)
        .map_err(|e| format!("{}: {e}", staged_dir.display()))?;
    files.sort();
    let mut out = Vec::new();
    for (relative, bytes) in files {
        out.extend_from_slice(format!("{relative}\0{}\0", bytes.len()).as_bytes());
        out.extend_from_slice(&bytes);
    }
    for tool in ["rustc", "cargo"] {
        let program = match tool {
            "cargo" => std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()),
            _ => "rustc".to_string(),
        };
        let version = std::process::Command::new(program)
            .current_dir(staged_dir)
            .env_remove("RUSTFLAGS")
            .arg("-vV")
            .output()
            .map_err(|e| format!("{tool} -vV: {e}"))?;
        out.extend_from_slice(&version.stdout);
    }
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(root, &entry.path(), out)?;
        } else if kind.is_file() {
            let relative = entry
                .path()
                .strip_prefix(root)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            out.push((relative, std::fs::read(entry.path())?));
        }
    }
    Ok(())
}

fn key(inputs: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    inputs.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

fn entry_dir(cache: &Path, inputs: &[u8]) -> PathBuf {
    cache.join(key(inputs))
}

/// The build made before from exactly `inputs`, if it is kept.
pub fn find(cache: &Path, inputs: &[u8]) -> Option<Built> {
    let dir = entry_dir(cache, inputs);
    if std::fs::read(dir.join("inputs")).ok()? != inputs {
        return None;
    }
    let not_compiling: BTreeMap<String, String> =
        serde_json::from_slice(&std::fs::read(dir.join("not_compiling.json")).ok()?).ok()?;
    let (labcheck, labwitness) = (dir.join("labcheck"), dir.join("labwitness"));
    if !labcheck.is_file() || !labwitness.is_file() {
        return None;
    }
    // Its age counts from its last use.
    let _ = std::fs::File::options()
        .write(true)
        .open(dir.join("not_compiling.json"))
        .and_then(|f| f.set_modified(std::time::SystemTime::now()));
    Some(Built {
        labcheck,
        labwitness,
        not_compiling,
    })
}

/// Keeps `built`, made from `inputs`. A build that cannot be kept is only
/// not kept: the grade goes on.
pub fn keep(cache: &Path, inputs: &[u8], built: &Built) {
    let dir = entry_dir(cache, inputs);
    if std::fs::read(dir.join("inputs")).ok().as_deref() == Some(inputs) {
        // Kept already (by another worker of the class).
        return;
    }
    let partial = dir.with_extension(format!("partial-{}", crate::isolate::random_hex()));
    let written = (|| -> std::io::Result<()> {
        std::fs::create_dir_all(&partial)?;
        std::fs::copy(&built.labcheck, partial.join("labcheck"))?;
        std::fs::copy(&built.labwitness, partial.join("labwitness"))?;
        let json = serde_json::to_vec(&built.not_compiling).map_err(std::io::Error::other)?;
        std::fs::write(partial.join("not_compiling.json"), json)?;
        // Written last: an entry without its inputs is never taken.
        std::fs::write(partial.join("inputs"), inputs)?;
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::rename(&partial, &dir)
    })();
    if written.is_err() {
        let _ = std::fs::remove_dir_all(&partial);
        return;
    }
    prune(cache, KEEP);
}

/// Removes all but the `keep` entries used last.
fn prune(cache: &Path, keep: usize) {
    let Ok(entries) = std::fs::read_dir(cache) else {
        return;
    };
    let mut aged: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_none())
        .filter_map(|e| {
            let used = std::fs::metadata(e.path().join("not_compiling.json"))
                .and_then(|m| m.modified())
                .ok()?;
            Some((used, e.path()))
        })
        .collect();
    aged.sort();
    let excess = aged.len().saturating_sub(keep);
    for (_, dir) in aged.into_iter().take(excess) {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(dir: &Path, tag: &str) -> Built {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("labcheck"), format!("check {tag}")).unwrap();
        std::fs::write(dir.join("labwitness"), format!("witness {tag}")).unwrap();
        Built {
            labcheck: dir.join("labcheck"),
            labwitness: dir.join("labwitness"),
            not_compiling: BTreeMap::from([("list".to_string(), format!("error {tag}"))]),
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("racelab-build-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn only_the_same_inputs_find_a_build() {
        let root = scratch("same");
        let cache = root.join("cache");
        keep(&cache, b"inputs A", &built(&root.join("a"), "A"));
        let found = find(&cache, b"inputs A").expect("kept");
        assert_eq!(std::fs::read_to_string(found.labcheck).unwrap(), "check A");
        assert_eq!(found.not_compiling["list"], "error A");
        assert!(find(&cache, b"inputs B").is_none());
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn a_colliding_key_is_not_taken() {
        let root = scratch("collide");
        let cache = root.join("cache");
        keep(&cache, b"inputs A", &built(&root.join("a"), "A"));
        // Another input stored under A's key (as a hash collision would).
        let dir = entry_dir(&cache, b"inputs A");
        std::fs::write(dir.join("inputs"), b"inputs B").unwrap();
        assert!(find(&cache, b"inputs A").is_none());
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn the_oldest_builds_go() {
        let root = scratch("prune");
        let cache = root.join("cache");
        let start = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1 << 30);
        for n in 0..3u64 {
            let inputs = format!("inputs {n}");
            keep(&cache, inputs.as_bytes(), &built(&root.join("b"), "x"));
            // Their last use, one minute apart.
            std::fs::File::options()
                .write(true)
                .open(entry_dir(&cache, inputs.as_bytes()).join("not_compiling.json"))
                .unwrap()
                .set_modified(start + std::time::Duration::from_secs(60 * n))
                .unwrap();
        }
        prune(&cache, 2);
        assert!(find(&cache, b"inputs 0").is_none());
        assert!(find(&cache, b"inputs 1").is_some());
        assert!(find(&cache, b"inputs 2").is_some());
        let _ = std::fs::remove_dir_all(root);
    }
}
