//! `cargo lab grade` end to end, on submissions built here from the
//! reference solutions, the starters and tests/fixtures/grade/. Each case's
//! Markdown report is a snapshot.
//!
//! The cases share one staged build (target/racelab-aux), so they run in one
//! test, one after another.

use std::path::{Path, PathBuf};
use std::time::Duration;

use racelab_checker::grade::{self, formats, Limits, Status};
use racelab_checker::text::Lang;

const KIT: &str = env!("CARGO_MANIFEST_DIR");

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A submission directory: the reference solutions as labs/src, then
/// `overlay` copied over the repository root.
fn submission(name: &str, base: Option<&str>, overlay: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(KIT)
        .join("target/racelab-aux/submissions")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("labs/src")).unwrap();
    if let Some(base) = base {
        for entry in std::fs::read_dir(Path::new(KIT).join(base)).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), dir.join("labs/src").join(entry.file_name())).unwrap();
            }
        }
    }
    for (from, to) in overlay {
        let from = Path::new(KIT).join(from);
        if from.is_dir() {
            copy_dir(&from, &dir.join(to));
        } else {
            std::fs::copy(&from, dir.join(to)).unwrap();
        }
    }
    dir
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn grading_end_to_end() {
    let work = grade::default_work_dir(Path::new(KIT));
    let limits = Limits {
        check: Duration::from_secs(5),
        witness: Duration::from_secs(30),
    };
    let kit = Path::new(KIT);

    // Every solution, plus edits to the kit's own files that must change
    // nothing: tests, snapshots, the registry, the checker.
    let correct = submission(
        "correct_and_tampered",
        Some("solutions"),
        &[("tests/fixtures/grade/tampered", "")],
    );
    let report = grade::grade(kit, &correct, &work, limits).expect("graded");
    assert_eq!(
        report.score,
        report.max_score,
        "{}",
        formats::markdown(&report, Lang::En)
    );
    snapshot(
        "grade_correct_and_tampered",
        &formats::markdown(&report, Lang::Ru),
    );

    let starters = submission("starters", Some("labs/src"), &[]);
    let report = grade::grade(kit, &starters, &work, limits).expect("graded");
    assert_eq!(report.score, 0);
    assert!(report.exercises.iter().all(|e| e.status == Status::Failed));
    snapshot("grade_starters", &formats::markdown(&report, Lang::Ru));

    let empty = submission("empty", None, &[]);
    let report = grade::grade(kit, &empty, &work, limits).expect("graded");
    assert!(report.exercises.iter().all(|e| e.status == Status::Missing));
    snapshot("grade_empty", &formats::markdown(&report, Lang::Ru));

    // One hostile file per exercise: each fails alone, with its reason.
    let overlay: Vec<(String, String)> =
        std::fs::read_dir(kit.join("tests/fixtures/grade/hostile"))
            .unwrap()
            .map(|e| {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                (
                    format!("tests/fixtures/grade/hostile/{name}"),
                    format!("labs/src/{name}"),
                )
            })
            .collect();
    let overlay: Vec<(&str, &str)> = overlay
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let hostile = submission("hostile", Some("solutions"), &overlay);
    let report = grade::grade(kit, &hostile, &work, limits).expect("graded");
    let status = |id: &str| report.exercises.iter().find(|e| e.id == id).unwrap().status;
    assert_eq!(status("counter"), Status::NotCompiling);
    assert_eq!(status("list"), Status::Failed);
    assert_eq!(status("bank"), Status::Error);
    assert_eq!(status("data_race"), Status::Refused);
    assert_eq!(status("async_counter"), Status::Error);
    assert_eq!(status("async_cache"), Status::Unreadable);
    // Its model detection (`std::any::type_name`) is off the allow-list.
    assert_eq!(status("blocking"), Status::Refused);
    // The three real exercises are the reference solutions here.
    assert_eq!(status("io_bound"), Status::Passed);
    assert_eq!(report.score, 8);
    snapshot("grade_hostile", &formats::markdown(&report, Lang::Ru));

    // Every format is written, atomically, and parses.
    let out = work.join("reports");
    let _ = std::fs::remove_dir_all(&out);
    formats::write_atomically(&out.join("grade.json"), &formats::json(&report)).unwrap();
    formats::write_atomically(&out.join("junit.xml"), &formats::junit(&report, Lang::Ru)).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("grade.json")).unwrap()).unwrap();
    assert_eq!(json["schema"], "racelab.grade/1");
    assert_eq!(json["exercises"].as_array().unwrap().len(), 10);
    let junit = std::fs::read_to_string(out.join("junit.xml")).unwrap();
    assert_eq!(junit.matches("<testcase ").count(), 10);
    assert_eq!(junit.matches("<failure ").count(), 7);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .collect();
    assert!(leftovers.is_empty());
    let classroom = formats::classroom(&report, Lang::En);
    assert!(classroom
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c)));
}
