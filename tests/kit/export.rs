//! `cargo lab export`: the student repository builds, its `cargo test`
//! has one test per exercise, named by its id, fails on the starters —
//! each with the readable report and nothing raw — and passes once the
//! reference solutions are copied in.

use std::path::Path;
use std::process::Command;

const KIT: &str = env!("CARGO_MANIFEST_DIR");

/// `cargo test ARGS` in an exported repository. The exercises' tests are
/// `--test lab`; the kit's own tests there (tests/registry.rs, the
/// checker's unit tests) are this kit's, run here, and would only compile
/// the checker once more.
fn cargo_test(repo: &Path, args: &[&str]) -> (bool, String) {
    // The copies build in the grader's target directory, whose uplifted
    // `labcheck` and `labwitness` a grade pins right after its own build:
    // under the grader's lock, no grade (tests/kit/grade.rs, a class's
    // first worker) runs in between and pins this copy's binaries instead.
    let work = racelab_checker::grade::default_work_dir(Path::new(KIT));
    std::fs::create_dir_all(&work).unwrap();
    let lock = std::fs::File::create(work.join("grade.lock")).unwrap();
    lock.lock().unwrap();
    let output = Command::new(env!("CARGO"))
        .current_dir(repo)
        // The grader's build directory (outside the kit), shared.
        .env(
            "CARGO_TARGET_DIR",
            racelab_checker::grade::default_work_dir(Path::new(KIT)).join("target"),
        )
        .env("NO_COLOR", "1")
        .env_remove("RUSTFLAGS")
        .args(["test", "--quiet"])
        .args(args)
        .output()
        .expect("cargo runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

/// Makes `to` hold what `from` holds, writing only the files that differ.
fn mirror(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            mirror(&entry.path(), &target);
        } else {
            let bytes = std::fs::read(entry.path()).unwrap();
            if std::fs::read(&target).ok() != Some(bytes.clone()) {
                std::fs::write(&target, bytes).unwrap();
            }
        }
    }
}

/// The student repository exported into the grader's work directory as
/// `name` (with the reference solutions in labs/src when `solved`), each
/// copy under a version of its own. Mirrored from a fresh export: files
/// that did not change keep their times, so a second run finds the build
/// fresh. The version keeps the copies' builds apart in the shared target
/// directory: cargo names a workspace's artifacts by package name, version
/// and path inside the workspace, the same for every copy, so two copies
/// (or a copy and the grader's staged kit) would otherwise overwrite each
/// other's and rebuild every time. The same holds for the patched crates in
/// vendor/ (path dependencies too): their versions get the copy's name as
/// build metadata, which the `[patch]` still matches.
fn exported(name: &str, solved: bool) -> std::path::PathBuf {
    let kit = Path::new(KIT);
    let work = racelab_checker::grade::default_work_dir(kit).join("export");
    let fresh = work.join(format!("{name}.fresh"));
    let _ = std::fs::remove_dir_all(&fresh);
    racelab_checker::export::export(kit, &fresh).expect("exported");
    if solved {
        for entry in std::fs::read_dir(kit.join("solutions")).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), fresh.join("labs/src").join(entry.file_name()))
                    .unwrap();
            }
        }
    }
    let manifest = fresh.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let version = text
        .lines()
        .find(|l| l.starts_with("version = \""))
        .expect("the workspace's version")
        .to_string();
    let own = format!("{}-{name}\"", version.trim_end_matches('"'));
    std::fs::write(&manifest, text.replacen(&version, &own, 1)).unwrap();
    for entry in std::fs::read_dir(fresh.join("vendor")).unwrap() {
        let manifest = entry.unwrap().path().join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).unwrap();
        let version = text
            .lines()
            .find(|l| l.starts_with("version = \""))
            .expect("a vendored crate's version")
            .to_string();
        let own = format!("{}+{name}\"", version.trim_end_matches('"'));
        std::fs::write(&manifest, text.replacen(&version, &own, 1)).unwrap();
    }
    let repo = work.join(name);
    mirror(&fresh, &repo);
    let _ = std::fs::remove_dir_all(&fresh);
    repo
}

#[test]
fn the_student_repository_fails_until_solved() {
    let kit = Path::new(KIT);
    let repo = exported("lab2", false);

    assert!(!repo.join("solutions").exists());
    assert!(repo.join(".github/workflows/racelab.yml").is_file());
    assert!(repo.join("README.md").is_file());
    for file in ["counter.rs", "bank.rs", "blocking.rs"] {
        let starter = std::fs::read_to_string(kit.join("labs/src").join(file)).unwrap();
        assert_eq!(
            std::fs::read_to_string(repo.join("labs/src").join(file)).unwrap(),
            starter
        );
        assert_eq!(
            std::fs::read_to_string(repo.join(".racelab/starters").join(file)).unwrap(),
            starter
        );
    }

    // The student's tests and the kit's own are separate files.
    assert!(repo.join("src/lab_tests.rs").is_file());
    assert!(repo.join("tests/registry.rs").is_file());
    assert!(!repo.join("tests/kit/exercises.rs").exists());

    let registry = racelab_checker::registry::Registry::load();
    let (passed, output) = cargo_test(&repo, &["--test", "lab", "--", "--list"]);
    assert!(passed, "{output}");
    let listed: Vec<&str> = output
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .collect();
    assert_eq!(listed, registry.ids(), "one test per exercise, all of them");

    let (passed, output) = cargo_test(&repo, &["--test", "lab"]);
    assert!(!passed, "the starters must fail:\n{output}");
    for exercise in &registry.exercise {
        assert!(
            output.contains(&format!("✗ {} — ", exercise.id)),
            "{} fails with its report:\n{output}",
            exercise.id
        );
    }
    assert!(
        output.contains("Контрпример"),
        "a failure shows the counterexample:\n{output}"
    );
    for raw in ["RACELAB-FATAL", "panicked at", "{\"fatal\""] {
        assert!(!output.contains(raw), "nothing raw ({raw}):\n{output}");
    }

    // An id runs that exercise alone (`counter`, not `async_counter`).
    let (passed, output) = cargo_test(&repo, &["counter"]);
    assert!(!passed, "{output}");
    let ran: Vec<&str> = output
        .lines()
        .filter_map(|l| l.strip_prefix("✗ ").or(l.strip_prefix("✓ ")))
        .filter_map(|l| l.split(" — ").next())
        .collect();
    assert_eq!(ran, ["counter"], "{output}");

    let solved = exported("lab2-solved", true);
    let (passed, output) = cargo_test(&solved, &["--test", "lab"]);
    assert!(passed, "the solutions must pass:\n{output}");
    for exercise in &registry.exercise {
        assert!(
            output.contains(&format!("✓ {} — ", exercise.id)),
            "{} passes:\n{output}",
            exercise.id
        );
    }
}
