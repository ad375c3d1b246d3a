//! The exercises with no model (engine "real") are checked by running them.
//! In the kit, labs/ holds the starters: each must be rejected. In a
//! student's repository (no solutions/), each must pass, and a failure shows
//! what the run saw. (The kit's reference solutions pass in tests/kit/grade.rs,
//! which grades them end to end.)

use std::path::Path;
use std::process::Command;

use witness::stress::REAL;

fn run(id: &str) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_labwitness"))
        .arg(id)
        .output()
        .expect("labwitness runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn real_exercises() {
    let kit = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../solutions")
        .is_dir();
    let mut failures = Vec::new();
    for id in REAL {
        let (passed, output) = run(id);
        if kit {
            assert!(!passed, "the starter of {id} must be rejected:\n{output}");
            assert!(output.contains("broken: "), "{id}: {output}");
        } else if !passed {
            failures.push(format!("{id}:\n{output}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
