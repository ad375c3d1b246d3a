//! `cargo lab export DIR`: writes the student repository — the kit without
//! its solutions and kit-only tests, the starters (also kept pristine in
//! `.racelab/starters/` for `reset` and the grader), the student's tests
//! (src/lab_tests.rs: one per exercise, see `lab_test`) apart from the kit's
//! own (tests/registry.rs), a GitHub Actions workflow that grades with
//! `--classroom`, and a README for students.

use std::path::Path;

use crate::grade::staging::{copy, write_if_changed, KIT_FILES};
use crate::registry::Registry;

/// Copied as they are, besides what a build needs (`staging::KIT_FILES`).
const FOR_STUDENTS: &[&str] = &[
    ".cargo/config.toml",
    "tests/registry.rs",
    "LAB_GUIDE.md",
    "LAB_GUIDE.en.md",
    "docs",
    "rust-toolchain.toml",
];

/// The student's tests: the exercises, checked as `cargo lab check` does.
const LAB_TESTS: &str = "//! Ваши упражнения как тесты: по одному на упражнение, с его именем.\n\
//! `cargo test` проверяет все, `cargo test counter` — одно; упавший тест\n\
//! показывает тот же отчёт, что `cargo lab check counter`.\n\
//! Your exercises as tests, one per exercise, named by its id: `cargo test`\n\
//! checks them all, `cargo test counter` one; a failing test shows the same\n\
//! report as `cargo lab check counter`.\n\
\n\
fn main() -> std::process::ExitCode {\n\
    racelab_checker::lab_test::main()\n\
}\n";

/// Where the student's tests are. Not in tests/: the grader builds a copy
/// of the kit's files without tests/ (`staging::KIT_FILES`), and the
/// manifest below must find its target there too when the exported
/// repository itself serves as the kit.
const LAB_TESTS_PATH: &str = "src/lab_tests.rs";

/// Declares the student's tests as a test with its own harness (`lab_test`).
const LAB_TEST_TARGET: &str =
    "\n# The exercises as tests (checker/src/lab_test.rs): `cargo test counter`\n\
# runs that exercise alone.\n\
[[test]]\nname = \"lab\"\npath = \"src/lab_tests.rs\"\nharness = false\n";

const GITIGNORE: &str = "/target\n*.bak\n*.bak.*\n/.racelab/hints.json\n";

/// The student repository's workflow, in GitHub Classroom's template
/// (`Autograding Tests`, job `run-autograding-tests`, its permissions,
/// triggers and bot guard), one reporter runner per exercise of the
/// registry. tests/kit/consumers.rs reads it back as the reporter does.
pub fn workflow(registry: &Registry) -> String {
    // The base lab's exercises only: Classroom's total is its 27 points
    // (the optional parts' points are in the reports, not in Classroom).
    let ids: Vec<&str> = registry
        .exercise
        .iter()
        .filter(|e| !registry.is_extra(e))
        .map(|e| e.id.as_str())
        .collect();
    let mut results = String::new();
    for id in &ids {
        // The reporter reads `<RUNNER>_RESULTS` with the runner upper-cased.
        results.push_str(&format!(
            "          {}_RESULTS: ${{{{ steps.grade.outputs.{id} }}}}\n",
            id.to_uppercase()
        ));
    }
    let runners = ids.join(",");
    format!(
        r#"# racelab: grades labs/src on every push; GitHub Classroom reads the points.
#
# What protects the grade, honestly: the checker, its tests and the registry
# come from the kit checked out below, and only the exercise files
# (labs/src/...) from this repository, so edits to the checker, the tests or
# the registry change nothing. This workflow itself, though, lives in the
# student's repository: a student can edit it (or print any result) and so
# show any points here. For a grade the student cannot touch, the instructor
# grades the cloned submissions from the kit's side:
#   cargo lab grade --submissions DIR...
#
# Settings (organisation or repository, Settings > Secrets and variables):
# - variable RACELAB_KIT: owner/name of the grading kit, a repository with
#   the pristine export (`cargo lab export`), never one with solutions/: a
#   student who edits this workflow can read whatever it checks out.
#   Unset: this repository's own copy is the kit.
# - secret RACELAB_KIT_TOKEN: when that repository is private, a fine-grained
#   token with read-only "Contents" access to it alone.
name: Autograding Tests
'on':
  - push
  - workflow_dispatch
  - repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
env:
  CARGO_TERM_COLOR: always
  # The grader's staged kit and its build (kept in the cache below).
  RACELAB_WORK_DIR: ${{{{ github.workspace }}}}/racelab-work
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: 30
    steps:
      - name: Check out the submission
        uses: actions/checkout@v7
        with:
          path: submission
          persist-credentials: false
      - name: Check out the grading kit
        if: ${{{{ vars.RACELAB_KIT != '' }}}}
        uses: actions/checkout@v7
        with:
          repository: ${{{{ vars.RACELAB_KIT }}}}
          token: ${{{{ secrets.RACELAB_KIT_TOKEN || github.token }}}}
          path: kit
          persist-credentials: false
      - name: Use this repository as the kit when no grading kit is set
        if: ${{{{ vars.RACELAB_KIT == '' }}}}
        run: cp -r submission kit
      - name: Install the kit's toolchain (rust-toolchain.toml)
        working-directory: kit
        run: rustup toolchain install
      # Both builds: the kit's own (cargo lab) and the staged copy the grader
      # builds in RACELAB_WORK_DIR, with the crates they download.
      - name: Cache cargo
        uses: actions/cache@v6
        with:
          path: |
            ~/.cargo/registry/index/
            ~/.cargo/registry/cache/
            ~/.cargo/git/db/
            kit/target/
            ${{{{ env.RACELAB_WORK_DIR }}}}/target/
          key: racelab-${{{{ runner.os }}}}-${{{{ hashFiles('kit/Cargo.lock', 'kit/rust-toolchain.toml') }}}}
          restore-keys: racelab-${{{{ runner.os }}}}-
      - name: Grade
        id: grade
        working-directory: kit
        run: cargo lab grade --submission ../submission --classroom --junit ../junit.xml --json ../grade.json --html ../pages
      - name: Keep the reports
        if: ${{{{ !cancelled() }}}}
        uses: actions/upload-artifact@v7
        with:
          name: racelab-report
          path: |
            junit.xml
            grade.json
            pages/
      # One runner per exercise, worth its points: the log and the notice
      # then show the same total.
      - name: Autograding Reporter
        if: ${{{{ !cancelled() }}}}
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
{results}        with:
          runners: {runners}
"#
    )
}

fn readme(registry: &Registry) -> String {
    let mut rows = String::new();
    for exercise in &registry.exercise {
        rows.push_str(&format!(
            "| `{}` | `labs/src/{}` | {} | {} |\n",
            exercise.id, exercise.file, exercise.points, exercise.title.ru
        ));
    }
    format!(
        "# ЛР 2. Потоки. Процессы. Асинхронность.\n\n\
Задание — в [LAB_GUIDE.md](LAB_GUIDE.md) (English: [LAB_GUIDE.en.md](LAB_GUIDE.en.md)).\n\
Исправляйте файлы в `labs/src/`; всё параллельное берите из `crate::sync` (потоки) и `crate::rt` (задачи).\n\n\
| упражнение | файл | баллы | тема |\n| --- | --- | --- | --- |\n{rows}\n\
## Как проверить себя / How to check yourself\n\n\
```sh\n\
cargo lab list            # упражнения, баллы, «N из M баллов»\n\
cargo lab check           # проверить всё (код выхода 0 — всё принято)\n\
cargo lab explain counter # таблица исходов и контрпример по шагам\n\
cargo lab hint counter    # следующая подсказка\n\
cargo lab watch           # перепроверять при каждом сохранении\n\
cargo lab reset counter   # вернуть стартовый код (ваш файл сохранится в .bak)\n\
cargo test                # то же как тесты, по одному на упражнение\n\
cargo test counter        # одно упражнение\n\
```\n\n\
Add `--lang en` for English messages. Grading runs on every push \
(`.github/workflows/racelab.yml`); the grader takes only your files in `labs/src/`.\n"
    )
}

/// Writes the student repository into `dir` (created if needed).
pub fn export(kit: &Path, dir: &Path) -> Result<(), String> {
    let registry = Registry::load();
    if dir.join("solutions").exists() {
        return Err(format!("{} already has solutions/", dir.display()));
    }
    for item in KIT_FILES.iter().chain(FOR_STUDENTS) {
        copy(&kit.join(item), &dir.join(item))?;
    }
    for facade in crate::grade::staging::facade_files(kit, &registry)? {
        copy(
            &kit.join("labs/src").join(&facade),
            &dir.join("labs/src").join(&facade),
        )?;
    }
    for exercise in &registry.exercise {
        let starter = crate::grade::staging::starter(kit, &exercise.file)?;
        write_if_changed(&dir.join("labs/src").join(&exercise.file), &starter)?;
        write_if_changed(
            &dir.join(".racelab/starters").join(&exercise.file),
            &starter,
        )?;
    }
    let manifest = std::fs::read_to_string(kit.join("Cargo.toml")).map_err(|e| e.to_string())?;
    write_if_changed(&dir.join("Cargo.toml"), &(manifest + LAB_TEST_TARGET))?;
    write_if_changed(&dir.join(LAB_TESTS_PATH), LAB_TESTS)?;
    write_if_changed(&dir.join(".gitignore"), GITIGNORE)?;
    write_if_changed(
        &dir.join(".github/workflows/racelab.yml"),
        &workflow(&registry),
    )?;
    write_if_changed(&dir.join("README.md"), &readme(&registry))?;
    write_if_changed(
        &dir.join(".ci/run"),
        "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$(dirname \"$0\")/..\"\ncargo test\n",
    )?;
    Ok(())
}
