//! `cargo lab export`: the student repository builds, its `cargo test`
//! fails on the starters — showing the counterexample — and passes once the
//! reference solutions are copied in.

use std::path::Path;
use std::process::Command;

const KIT: &str = env!("CARGO_MANIFEST_DIR");

fn cargo_test(repo: &Path) -> (bool, String) {
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
        .output()
        .expect("cargo runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

#[test]
fn the_student_repository_fails_until_solved() {
    let kit = Path::new(KIT);
    let repo = racelab_checker::grade::default_work_dir(kit).join("export/lab2");
    let _ = std::fs::remove_dir_all(&repo);
    racelab_checker::export::export(kit, &repo).expect("exported");

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

    let (passed, output) = cargo_test(&repo);
    assert!(!passed, "the starters must fail:\n{output}");
    assert!(
        output.contains("Контрпример"),
        "a failure shows the counterexample:\n{output}"
    );
    assert!(output.contains("labs_are_checked"), "{output}");

    for entry in std::fs::read_dir(kit.join("solutions")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), repo.join("labs/src").join(entry.file_name())).unwrap();
        }
    }
    let (passed, output) = cargo_test(&repo);
    assert!(passed, "the solutions must pass:\n{output}");
}
