//! The instructor's side of the kit: `cargo lab new` writes a new exercise
//! from templates, `cargo lab dev check` says whether every exercise is
//! ready to hand out. Both read and write the registry on disk
//! (labs/lab.toml), which may be newer than the one compiled in.

pub mod check;
pub mod new;

use std::path::Path;

use crate::registry::Registry;

/// loom runs at most this many threads in one model, the scenario's own
/// (main) thread included (`loom::model::Builder::max_threads`).
pub const LOOM_MAX_THREADS: usize = 5;

/// The most worker threads (or tasks) a model may spawn: loom's ceiling
/// less the scenario's own thread.
pub const MAX_WORKERS: usize = LOOM_MAX_THREADS - 1;

/// The registry as it is on disk now.
pub fn registry_on_disk(kit: &Path) -> Result<Registry, String> {
    let path = kit.join("labs/lab.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("labs/lab.toml: {e}"))
}
