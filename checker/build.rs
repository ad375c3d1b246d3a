//! Generates the module trees that compile every exercise file against the
//! checker's model facade: one tree for labs/src (the student's code), one
//! for solutions/ and one for solutions/alternatives/, each exercise paired
//! with its kit-owned scenario from checker/scenarios/. The list of
//! exercises comes from the registry, labs/lab.toml.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

#[derive(serde::Deserialize)]
struct Registry {
    exercise: Vec<Exercise>,
}

#[derive(serde::Deserialize)]
struct Exercise {
    id: String,
    file: String,
    /// "real" exercises are run by labwitness, not compiled in here.
    #[serde(default)]
    engine: String,
    #[serde(default)]
    alternatives: Vec<String>,
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let kit = manifest.parent().unwrap().to_path_buf();
    let registry_path = kit.join("labs/lab.toml");
    // The grader builds each staged copy of the kit with its path in
    // RACELAB_BUILD_ROOT: a build directory copied from another copy (a
    // class's workers are seeded so) must generate its own module paths,
    // which are absolute, instead of keeping the other copy's.
    println!("cargo:rerun-if-env-changed=RACELAB_BUILD_ROOT");
    println!("cargo:rerun-if-changed={}", registry_path.display());
    let registry: Registry =
        toml::from_str(&fs::read_to_string(&registry_path).expect("labs/lab.toml is readable"))
            .expect("labs/lab.toml parses");

    let labs_dir = kit.join("labs/src");
    let solutions_dir = kit.join("solutions");

    let mut modules = String::new();
    let mut entries = String::new();
    let kit_for_rel = kit.clone();
    let mut tree = |tree: &str, variant: &str, items: Vec<(String, String, PathBuf)>| {
        let mut body = String::new();
        for (module, id, path) in items {
            // A path that does not exist would rerun this script on every
            // build (the staged kit has no solutions/); its folder's own
            // rerun-if-changed sees it appear.
            if !path.is_file() {
                continue;
            }
            println!("cargo:rerun-if-changed={}", path.display());
            let scenario = manifest.join("scenarios").join(format!("{id}.rs"));
            println!("cargo:rerun-if-changed={}", scenario.display());
            let path_str = lit(&path);
            let rel = path.strip_prefix(&kit_for_rel).unwrap_or(&path);
            let rel_str = lit(rel);
            writeln!(
                body,
                "    pub mod {module} {{\n        // Lints belong to the exercise's own crate (labs); here they\n        // would only repeat them.\n        #[allow(warnings, clippy::all)]\n        #[path = {path_str}]\n        pub mod exercise;\n        #[path = {}]\n        pub mod scenario;\n    }}",
                lit(&scenario)
            )
            .unwrap();
            writeln!(
                entries,
                "    Entry {{ tree: Tree::{variant}, id: {id:?}, module: {module:?}, path: {path_str}, file: {rel_str}, source: include_str!({path_str}), scenario: {tree}::{module}::scenario::run }},"
            )
            .unwrap();
        }
        writeln!(modules, "pub mod {tree} {{\n{body}}}").unwrap();
    };

    let exercises: Vec<&Exercise> = registry
        .exercise
        .iter()
        .filter(|e| e.engine != "real")
        .collect();
    tree(
        "labs",
        "Labs",
        exercises
            .iter()
            .map(|e| (e.id.clone(), e.id.clone(), labs_dir.join(&e.file)))
            .collect(),
    );
    tree(
        "solutions",
        "Solutions",
        exercises
            .iter()
            .map(|e| (e.id.clone(), e.id.clone(), solutions_dir.join(&e.file)))
            .collect(),
    );
    tree(
        "alternatives",
        "Alternatives",
        exercises
            .iter()
            .flat_map(|e| {
                e.alternatives.iter().map(|alt| {
                    let stem = Path::new(alt).file_stem().unwrap().to_string_lossy();
                    (stem.into_owned(), e.id.clone(), solutions_dir.join(alt))
                })
            })
            .collect(),
    );
    // Hostile code for the checker's own tests (kit only): each fixture names
    // the exercise whose scenario drives it on its first line.
    let fixtures_dir = manifest.join("fixtures");
    let mut fixtures = Vec::new();
    if let Ok(dir) = fs::read_dir(&fixtures_dir) {
        let mut paths: Vec<PathBuf> = dir.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let text = fs::read_to_string(&path).unwrap_or_default();
            let id = text
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("//! fixture-for: "))
                .map(str::trim)
                .map(str::to_string);
            if let Some(id) = id {
                let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                fixtures.push((stem, id, path));
            }
        }
    }
    tree("fixtures", "Fixtures", fixtures);
    for dir in [&fixtures_dir, &labs_dir, &solutions_dir] {
        if dir.is_dir() {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
    }

    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("trees.rs");
    let code = format!(
        "{}{modules}\n/// Every exercise file compiled into this checker.\npub static ENTRIES: &[Entry] = &[\n{entries}];\n",
        same_copy_guard(&manifest)
    );
    fs::write(out, code).unwrap();
}

fn lit(path: &Path) -> String {
    format!("{:?}", path.display().to_string())
}

// `same_copy_guard`, shared with labs/build.rs.
include!("../labs/build_guard.rs");
