//! `cargo lab grade --roster FILE`: a small class, graded two at a time on
//! the grader's shared build, with submissions that must not stop it — one
//! full of hostile files (one does not compile, one aborts, one hangs, one
//! is refused by the scan, one is not UTF-8), one that forges a passing
//! record on its outputs, and one whose folder is missing. (A correct
//! submission's full marks are tests/kit/grade.rs's; two builds are enough
//! here.)
//! Which worker grades which submission, and in what order they finish,
//! varies; the reports and the gradebook do not.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use racelab_checker::grade;
use racelab_checker::registry::Registry;
use racelab_checker::text::Lang;

const KIT: &str = env!("CARGO_MANIFEST_DIR");

/// `base`'s files as labs/src of a new submission, then `overlay` (files of
/// a fixture folder) over them.
fn submission(class: &Path, name: &str, base: &str, overlay: Option<&str>) -> PathBuf {
    let dir = class.join(name);
    let src = dir.join("labs/src");
    std::fs::create_dir_all(&src).unwrap();
    for from in [Some(base), overlay].into_iter().flatten() {
        for entry in std::fs::read_dir(Path::new(KIT).join(from)).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), src.join(entry.file_name())).unwrap();
            }
        }
    }
    dir
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_class_is_graded_whole_whatever_one_submission_does() {
    let kit = Path::new(KIT);
    let work = grade::default_work_dir(kit);
    let class_dir = work.join("class-test");
    let _ = std::fs::remove_dir_all(&class_dir);
    submission(
        &class_dir,
        "hostile",
        "solutions",
        Some("tests/fixtures/grade/hostile"),
    );
    submission(
        &class_dir,
        "forged",
        "labs/src",
        Some("tests/fixtures/grade/forged"),
    );
    let roster = class_dir.join("roster.csv");
    std::fs::write(&roster, "student,dir\nhostile\nforged\nnobody,gone\n").unwrap();
    let out = class_dir.join("grades");

    let code = grade::cli::run_class(
        &[],
        Some(&roster),
        &out,
        Some(2),
        grade::cli::Painted {
            lang: Lang::En,
            colour: false,
        },
    );
    // One submission could not be graded (its folder is missing); the
    // others were.
    assert_eq!(code, ExitCode::from(1));

    let registry = Registry::load();
    let max = registry.max_points();
    let report = |name: &str| json(&out.join(name).join("grade.json"));
    let status = |report: &serde_json::Value, id: &str| {
        report["exercises"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };

    let hostile = report("hostile");
    assert_eq!(hostile["status"], "graded");
    for (id, expected) in [
        ("counter", "not_compiling"),
        ("list", "failed"),
        ("bank", "error"),
        ("data_race", "refused"),
        ("async_counter", "error"),
        ("async_cache", "unreadable"),
        ("blocking", "refused"),
    ] {
        assert_eq!(status(&hostile, id), expected, "hostile {id}");
    }
    // The exercises it left alone are the reference solutions: credited.
    let hostile_files: Vec<String> = std::fs::read_dir(kit.join("tests/fixtures/grade/hostile"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let untouched: Vec<&racelab_checker::registry::Exercise> = registry
        .exercise
        .iter()
        .filter(|e| !hostile_files.contains(&e.file))
        .collect();
    for exercise in &untouched {
        assert_eq!(
            status(&hostile, &exercise.id),
            "passed",
            "hostile {}",
            exercise.id
        );
    }

    // A printed record, however well formed, earns nothing.
    let forged = report("forged");
    assert_eq!(forged["status"], "graded");
    assert_eq!(status(&forged, "counter"), "failed");
    assert_eq!(forged["score"], 0);

    let nobody = report("nobody");
    assert_eq!(nobody["status"], "error");
    assert!(nobody["error"]["en"]
        .as_str()
        .unwrap()
        .contains("not a directory"));
    assert!(out.join("nobody/junit.xml").is_file());
    assert!(out.join("nobody/grade.md").is_file());

    // The gradebook: the roster's order, a column an exercise.
    let points = |report: &serde_json::Value| -> Vec<String> {
        registry
            .exercise
            .iter()
            .map(|e| {
                report["exercises"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|g| g["id"] == e.id.as_str())
                    .unwrap()["score"]
                    .to_string()
            })
            .collect()
    };
    // The score counts the base lab only (optional parts apart).
    let hostile_total: u32 = untouched
        .iter()
        .filter(|e| !registry.is_extra(e))
        .map(|e| e.points)
        .sum();
    assert_eq!(hostile["score"], hostile_total);
    let row = |name: &str, report: &serde_json::Value, status: &str| {
        format!(
            "{name},{},{},{max},{status}",
            points(report).join(","),
            report["score"]
        )
    };
    let expected = [
        format!(
            "student,{},total,max_score,status",
            registry.ids().join(",")
        ),
        row("hostile", &hostile, "graded"),
        row("forged", &forged, "graded"),
        row("nobody", &nobody, "error"),
    ]
    .join("\n");
    let gradebook = std::fs::read_to_string(out.join("gradebook.csv")).unwrap();
    assert_eq!(gradebook.trim_end(), expected);

    let _ = std::fs::remove_dir_all(&class_dir);
}
