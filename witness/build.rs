//! Collects the stress runs from the registry (labs/lab.toml): exercise ID's
//! is `src/stress/ID.rs`, a `pub fn run(&mut Params) -> Result<String,
//! String>`. An exercise without that file has no stress run (`labwitness
//! ID` says so, grading flags the exercise, and `cargo lab dev check` names
//! the missing file).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::{env, fs};

#[derive(serde::Deserialize)]
struct Registry {
    exercise: Vec<Exercise>,
}

#[derive(serde::Deserialize)]
struct Exercise {
    id: String,
    #[serde(default)]
    engine: String,
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let registry_path = manifest.join("../labs/lab.toml");
    // The grader builds each staged copy of the kit with its path in
    // RACELAB_BUILD_ROOT: a build directory copied from another copy (a
    // class's workers are seeded so) must generate its own module paths,
    // which are absolute, instead of keeping the other copy's.
    println!("cargo:rerun-if-env-changed=RACELAB_BUILD_ROOT");
    println!("cargo:rerun-if-changed={}", registry_path.display());
    let stress_dir = manifest.join("src/stress");
    println!("cargo:rerun-if-changed={}", stress_dir.display());
    let registry: Registry =
        toml::from_str(&fs::read_to_string(&registry_path).expect("labs/lab.toml is readable"))
            .expect("labs/lab.toml parses");
    let mut modules = String::new();
    let mut table = String::new();
    let mut real = String::new();
    for exercise in &registry.exercise {
        if exercise.engine == "real" {
            write!(real, "{:?}, ", exercise.id).unwrap();
        }
        let id = &exercise.id;
        let path = stress_dir.join(format!("{id}.rs"));
        if !path.is_file() {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            modules,
            "#[path = {:?}]\nmod {id};",
            path.display().to_string()
        )
        .unwrap();
        writeln!(table, "    ({id:?}, {id}::run),").unwrap();
    }
    let code = format!(
        "{modules}\n/// Every stress run, by exercise id.\nconst ALL: &[(&str, Stress)] = &[\n{table}];\n\n/// The exercises with no model (engine \"real\"): this run is their whole check.\npub const REAL: &[&str] = &[{real}];\n"
    );
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("stress.rs");
    fs::write(out, code).unwrap();
}
