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

/// Every `#[path]` of the module trees the last build in `target`
/// generated: the newest `trees.rs` (the checker's) and `exercises.rs` (the
/// labs crate's). The directory also holds other copies' trees (the
/// exported repositories' builds, under versions of their own).
fn generated_paths(target: &Path) -> Vec<String> {
    let mut newest: std::collections::BTreeMap<&str, (std::time::SystemTime, PathBuf)> =
        std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(target.join("debug/build")).unwrap() {
        let dir = entry.unwrap().path().join("out");
        for file in ["trees.rs", "exercises.rs"] {
            let path = dir.join(file);
            let Ok(modified) = std::fs::metadata(&path).and_then(|m| m.modified()) else {
                continue;
            };
            if newest.get(file).is_none_or(|(t, _)| modified > *t) {
                newest.insert(file, (modified, path));
            }
        }
    }
    assert_eq!(
        newest.len(),
        2,
        "both generated trees in {}",
        target.display()
    );
    newest
        .values()
        .flat_map(|(_, path)| {
            std::fs::read_to_string(path)
                .unwrap()
                .lines()
                .filter_map(|l| l.trim().strip_prefix("#[path = \""))
                .filter_map(|l| l.strip_suffix("\"]"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Sets every file under `dir` to a time long before any build.
fn age(dir: &Path) {
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(631_152_000);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            age(&path);
        } else {
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
    }
}

/// Whether `path` is inside `dir`, as given or with its links resolved.
fn inside(path: &str, dir: &Path) -> bool {
    let path = Path::new(path);
    path.starts_with(dir) || dir.canonicalize().is_ok_and(|d| path.starts_with(d))
}

/// A worker's build directory is seeded from another worker's, whose build
/// scripts generated module trees with that worker's absolute paths. Its
/// build must compile its own staged files, even where those are older
/// than the seeded build (a staged copy that survived an earlier class).
/// Two real builds (about two minutes), so CI runs it:
/// `cargo test --test kit -- --ignored grade_class::a_seeded`.
#[test]
#[ignore = "two builds of the staged kit, about two minutes: CI runs it"]
fn a_seeded_build_directory_compiles_its_own_staged_files() {
    let kit = Path::new(KIT);
    let registry = Registry::load();
    let work = grade::default_work_dir(kit).join("seeded-test");
    let _ = std::fs::remove_dir_all(&work);
    let (first, second) = (work.join("first"), work.join("second"));
    let starters = submission(&work, "starters", "labs/src", None);
    let solved = submission(&work, "solved", "solutions", None);
    let limit = std::time::Duration::from_secs(1200);
    // The first worker's build, itself seeded from the grader's own when
    // there is one (as a class's first build would be, only cheaper).
    let shared = grade::default_work_dir(kit).join("target");
    if shared.is_dir() {
        grade::class::seed(&shared, &first.join("target"));
    }
    let staged = grade::staging::stage(kit, &starters, &first.join("kit"), &registry).unwrap();
    grade::compile::build(
        kit,
        &first.join("kit"),
        &first.join("target"),
        &staged,
        &registry,
        limit,
    )
    .unwrap();
    assert!(generated_paths(&first.join("target"))
        .iter()
        .all(|p| inside(p, &first.join("kit"))));

    grade::class::seed(&first.join("target"), &second.join("target"));
    let staged = grade::staging::stage(kit, &solved, &second.join("kit"), &registry).unwrap();
    // As a worker's staged copy that survived from an earlier class (its
    // build directory gone): files older than the seeded build, so that
    // nothing but RACELAB_BUILD_ROOT tells cargo the trees are another
    // copy's. (Freshly written files alone make cargo rebuild the build
    // scripts, and that reruns them.)
    age(&second.join("kit"));
    grade::compile::build(
        kit,
        &second.join("kit"),
        &second.join("target"),
        &staged,
        &registry,
        limit,
    )
    .unwrap();
    // Every exercise file the second build compiled is its own staged one.
    let exercise_paths: Vec<String> = generated_paths(&second.join("target"))
        .into_iter()
        .filter(|p| p.contains("/labs/src/"))
        .collect();
    assert!(!exercise_paths.is_empty());
    let foreign: Vec<&String> = exercise_paths
        .iter()
        .filter(|p| !inside(p, &second.join("kit")))
        .collect();
    assert!(
        foreign.is_empty(),
        "compiled another copy's files: {foreign:?}"
    );
    let _ = std::fs::remove_dir_all(&work);
}
