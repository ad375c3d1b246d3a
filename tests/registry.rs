//! The registry is the one list of exercises: everything else agrees with it.
//! (The labs crate, the checker and labwitness declare their modules from it
//! in their build scripts; nothing lists exercises by hand.)

use std::path::Path;

use racelab_checker::dev::MAX_WORKERS;
use racelab_checker::registry::{Engine, Registry};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn every_exercise_has_its_files() {
    let registry = Registry::load();
    let kit = Path::new(ROOT).join("solutions").is_dir();
    for exercise in &registry.exercise {
        let id = &exercise.id;
        assert!(
            Path::new(ROOT)
                .join("labs/src")
                .join(&exercise.file)
                .is_file(),
            "labs/src/{}",
            exercise.file
        );
        if exercise.engine != Engine::Real {
            assert!(
                Path::new(ROOT)
                    .join("checker/scenarios")
                    .join(format!("{id}.rs"))
                    .is_file(),
                "checker/scenarios/{id}.rs"
            );
        }
        // Without a stress run every correct submission is graded "flagged".
        assert!(
            Path::new(ROOT)
                .join("witness/src/stress")
                .join(format!("{id}.rs"))
                .is_file(),
            "witness/src/stress/{id}.rs"
        );
        assert!(registry.part.iter().any(|p| p.number == exercise.part));
        if !kit {
            // The rest are rules for writing exercises: a student's
            // repository can do nothing about them.
            continue;
        }
        assert!(Path::new(ROOT)
            .join("solutions")
            .join(&exercise.file)
            .is_file());
        for alt in &exercise.alternatives {
            assert!(Path::new(ROOT).join("solutions").join(alt).is_file());
        }
        assert!(!exercise.hints.is_empty(), "{id} has hints");
        if exercise.engine != Engine::Real {
            // A race takes two; loom runs at most 5 threads, the scenario's
            // own included (and every thread more multiplies the executions).
            assert!(
                (2..=MAX_WORKERS).contains(&exercise.model.threads),
                "{id}: model.threads must be 2–{MAX_WORKERS}"
            );
            assert!(
                exercise.model.minimum.is_some(),
                "{id}: model.minimum (`cargo lab dev check {id}` computes it)"
            );
            if !exercise.model.exhaustive {
                // A bound at the minimum judges a fix only where the bug
                // does not show yet.
                assert!(
                    exercise.model.max_preemptions > exercise.model.minimum.unwrap_or(0),
                    "{id}: max_preemptions above the minimum"
                );
            }
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

#[test]
fn optional_parts_count_apart() {
    let registry = Registry::load();
    let all: u32 = registry.exercise.iter().map(|e| e.points).sum();
    assert_eq!(registry.max_points() + registry.extra_points(), all);
    for exercise in &registry.exercise {
        let optional = registry
            .part
            .iter()
            .any(|p| p.number == exercise.part && p.optional);
        assert_eq!(registry.is_extra(exercise), optional, "{}", exercise.id);
    }
}
