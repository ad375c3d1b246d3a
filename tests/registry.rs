//! The registry is the one list of exercises: everything else agrees with it.

use std::path::Path;

use racelab_checker::registry::{Engine, Registry};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn every_exercise_has_its_files() {
    let registry = Registry::load();
    let lib = std::fs::read_to_string(Path::new(ROOT).join("labs/src/lib.rs")).unwrap();
    let kit = Path::new(ROOT).join("solutions").is_dir();
    for exercise in &registry.exercise {
        let module = exercise.file.trim_end_matches(".rs");
        assert!(
            lib.contains(&format!("pub mod {module};")),
            "labs/src/lib.rs declares {module}"
        );
        assert!(Path::new(ROOT)
            .join("labs/src")
            .join(&exercise.file)
            .is_file());
        if exercise.engine != Engine::Real {
            assert!(Path::new(ROOT)
                .join("checker/scenarios")
                .join(format!("{}.rs", exercise.id))
                .is_file());
        }
        if kit {
            assert!(Path::new(ROOT)
                .join("solutions")
                .join(&exercise.file)
                .is_file());
            for alt in &exercise.alternatives {
                assert!(Path::new(ROOT).join("solutions").join(alt).is_file());
            }
        }
        assert!(!exercise.hints.is_empty(), "{} has hints", exercise.id);
        assert!(registry.part.iter().any(|p| p.number == exercise.part));
        if exercise.engine != Engine::Real {
            // Models stay small: 2–3 threads or tasks keep a check in seconds.
            assert!(exercise.model.threads >= 2 && exercise.model.threads <= 3);
        }
    }
}

#[test]
fn ids_are_unique() {
    let registry = Registry::load();
    let mut ids = registry.ids();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), registry.exercise.len());
}
