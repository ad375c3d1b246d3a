//! `cargo lab export DIR`: writes the student repository — the kit without
//! its solutions and kit-only tests, the starters (also kept pristine in
//! `.racelab/starters/` for `reset` and the grader), tests that demand
//! labs/ pass, a GitHub Actions workflow that grades with `--classroom`, and
//! a README for students.

use std::path::Path;

use crate::grade::staging::{copy, write_if_changed, KIT_FILES};
use crate::registry::Registry;

/// Copied as they are, besides what a build needs (`staging::KIT_FILES`).
const FOR_STUDENTS: &[&str] = &[
    ".cargo/config.toml",
    "tests/exercises.rs",
    "tests/registry.rs",
    "LAB_GUIDE.md",
    "LAB_GUIDE.en.md",
    "docs",
];

const GITIGNORE: &str = "/target\n*.bak\n*.bak.*\n/.racelab/hints.json\n";

const WORKFLOW: &str = r#"# Grades the lab on every push: GitHub Classroom reads the `result` output.
# For grading that the student cannot influence, set the repository variable
# RACELAB_KIT to the instructor's pristine kit repository (owner/name): the
# checker, tests and registry then come from there, and only labs/src from
# this repository.
name: racelab
on: [push, workflow_dispatch]
jobs:
  grade:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    outputs:
      result: ${{ steps.grade.outputs.result }}
    steps:
      - uses: actions/checkout@v4
        with:
          path: submission
      - uses: actions/checkout@v4
        if: ${{ vars.RACELAB_KIT != '' }}
        with:
          repository: ${{ vars.RACELAB_KIT }}
          path: kit
      - name: Use this repository as the kit when no pristine one is set
        if: ${{ vars.RACELAB_KIT == '' }}
        run: cp -r submission kit
      - uses: dtolnay/rust-toolchain@stable
      - id: grade
        working-directory: kit
        run: cargo lab grade --submission ../submission --classroom --junit ../junit.xml --json ../grade.json --html ../pages
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: racelab-report
          path: |
            junit.xml
            grade.json
            pages/
  report:
    needs: grade
    runs-on: ubuntu-latest
    if: always()
    steps:
      - uses: classroom-resources/autograding-grading-reporter@v1
        env:
          RACELAB_RESULTS: ${{ needs.grade.outputs.result }}
        with:
          runners: racelab
"#;

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
cargo test                # то же как тесты: падают, пока упражнение не решено\n\
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
    write_if_changed(&dir.join(".gitignore"), GITIGNORE)?;
    write_if_changed(&dir.join(".github/workflows/racelab.yml"), WORKFLOW)?;
    write_if_changed(&dir.join("README.md"), &readme(&registry))?;
    write_if_changed(
        &dir.join(".ci/run"),
        "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$(dirname \"$0\")/..\"\ncargo test\n",
    )?;
    Ok(())
}
