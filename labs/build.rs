//! Declares every exercise module of this crate from the registry,
//! `lab.toml`: adding an exercise there (`cargo lab new`) adds its module
//! here, with no list of exercises to keep in step by hand.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::{env, fs};

#[derive(serde::Deserialize)]
struct Registry {
    exercise: Vec<Exercise>,
}

#[derive(serde::Deserialize)]
struct Exercise {
    file: String,
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let registry_path = manifest.join("lab.toml");
    // The grader builds each staged copy of the kit with its path in
    // RACELAB_BUILD_ROOT: a build directory copied from another copy (a
    // class's workers are seeded so) must generate its own module paths,
    // which are absolute, instead of keeping the other copy's.
    println!("cargo:rerun-if-env-changed=RACELAB_BUILD_ROOT");
    println!("cargo:rerun-if-changed={}", registry_path.display());
    let registry: Registry =
        toml::from_str(&fs::read_to_string(&registry_path).expect("lab.toml is readable"))
            .expect("lab.toml parses");
    let mut code = same_copy_guard(&manifest);
    for exercise in &registry.exercise {
        let module = exercise.file.trim_end_matches(".rs");
        let path = manifest.join("src").join(&exercise.file);
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            code,
            "#[path = {:?}]\npub mod {module};",
            path.display().to_string()
        )
        .unwrap();
    }
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("exercises.rs");
    fs::write(out, code).unwrap();
}

// `same_copy_guard`, shared with checker/build.rs.
include!("build_guard.rs");
