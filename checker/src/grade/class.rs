//! `cargo lab grade --submissions DIR… | --roster FILE`: a class at once.
//!
//! Each submission is graded exactly as `grade --submission` grades it
//! ([`super::grade_in`]), by one of `jobs` workers running side by side.
//! A worker owns a work directory — its staged copy of the kit, its build,
//! its pinned binaries — and reuses it from one submission to the next, so
//! each build after its first recompiles only the kit's crates that hold
//! exercise code, incrementally. Worker 0's directory is the single grade's
//! own; the others are seeded once with a copy of its build, whose compiled
//! dependencies they reuse (cargo keys a registry crate's build by its
//! version and settings, not by the workspace's path), so the dependencies
//! of the whole class are compiled once.
//!
//! What keeps submissions apart: each is staged, built, pinned and checked
//! in its worker's directory only, one submission at a time there; every
//! check runs in its own process group with its own private report channel
//! and is killed whole when it ends; the scan refuses exercise code that
//! could touch files at all; and checks run side by side only where Landlock
//! takes every write away from them ([`super::Sandbox::Full`]) — so no check
//! can leave anything for another submission's check, touch another
//! worker's binaries or write into another report channel. Where the kernel
//! cannot enforce that, the class is graded one submission at a time.
//! Whatever one submission does (not compile, be refused, hang, abort, kill
//! its process group, forge its output, even panic the grader's thread)
//! ends as that submission's report; the class goes on.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::{grade_in, GradeReport, Limits, RunStatus};
use crate::registry::Registry;

/// One student's submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Student {
    /// The name in the gradebook and of the report folder.
    pub name: String,
    pub dir: PathBuf,
}

/// What the class grading is doing, for progress lines.
pub enum Event<'a> {
    /// `jobs` workers will grade `total` submissions; `confined` is false
    /// when the checks' writes cannot be taken away here (then `jobs` is 1).
    Plan {
        total: usize,
        jobs: usize,
        confined: bool,
    },
    /// No build to share yet: the first submission is built alone, and its
    /// dependencies with it.
    FirstBuild,
    /// The other workers' build directories are being seeded from the first.
    Seeding { workers: usize },
    Started {
        index: usize,
        student: &'a Student,
        worker: usize,
    },
    Finished {
        index: usize,
        /// How many have finished, this one included.
        done: usize,
        total: usize,
        student: &'a Student,
        report: &'a GradeReport,
        took: Duration,
    },
}

/// The students named by folders: each folder's own name.
pub fn from_dirs(dirs: &[PathBuf]) -> Vec<Student> {
    dirs.iter()
        .map(|dir| Student {
            name: dir
                .canonicalize()
                .unwrap_or_else(|_| dir.clone())
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            dir: dir.clone(),
        })
        .collect()
}

/// The students of a roster: one a line, `student` (their folder is the one
/// of that name beside the roster) or `student,dir` (relative to the
/// roster's folder); blank lines, `#` comments and a `student,…` header
/// line are skipped.
pub fn roster(file: &Path) -> Result<Vec<Student>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let base = file.parent().unwrap_or(Path::new("."));
    Ok(parse_roster(&text, base))
}

pub fn parse_roster(text: &str, base: &Path) -> Vec<Student> {
    let mut students = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, dir) = match line.split_once(',') {
            Some((name, dir)) => (name.trim(), Some(dir.trim())),
            None => (line, None),
        };
        if n == 0 && name.eq_ignore_ascii_case("student") {
            continue;
        }
        let dir = match dir.filter(|d| !d.is_empty()) {
            Some(dir) => base.join(dir),
            None => base.join(name),
        };
        students.push(Student {
            name: name.to_string(),
            dir,
        });
    }
    students
}

/// Why these students cannot be graded as one class: a name that cannot be
/// a folder or a gradebook cell, or one name twice. `None`: they can.
pub fn problems(students: &[Student]) -> Option<String> {
    let mut problems = Vec::new();
    if students.is_empty() {
        problems.push("no submissions to grade".to_string());
    }
    for student in students {
        if !valid_name(&student.name) {
            problems.push(format!(
                "{:?} ({}): a student's name must start with a letter or digit and hold only letters, digits, spaces and - _ . + @",
                student.name,
                student.dir.display()
            ));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut twice = std::collections::BTreeSet::new();
    for student in students {
        if !seen.insert(student.name.as_str()) {
            twice.insert(student.name.as_str());
        }
    }
    for name in twice {
        problems.push(format!("{name}: named twice"));
    }
    (!problems.is_empty()).then(|| problems.join("\n"))
}

/// A name that is a plain folder name and a plain spreadsheet cell (no
/// leading `=`, `+`, `-`, `@`: a formula).
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(char::is_alphanumeric)
        && chars.all(|c| c.is_alphanumeric() || "-_.+@ ".contains(c))
        && name.trim_end() == name
}

/// The work directory of worker `n` (counted from 0; shown from 1): the
/// first uses the single grade's own, worker `n` ≥ 1 `workers/<n + 1>`.
pub fn worker_dir(work: &Path, n: usize) -> PathBuf {
    if n == 0 {
        work.to_path_buf()
    } else {
        work.join("workers").join((n + 1).to_string())
    }
}

/// Grades every student's submission, `jobs` at a time (fewer where the
/// checks cannot be confined), telling `progress` as it goes (from the
/// workers' threads). The reports come in the students' order; a
/// submission that could not be graded has a report with status `error`.
pub fn grade_class(
    kit: &Path,
    students: &[Student],
    work: &Path,
    jobs: usize,
    limits: Limits,
    progress: &(dyn Fn(Event) + Sync),
) -> Vec<GradeReport> {
    let confined = racelab_sandbox::limits::probe() == racelab_sandbox::limits::Confinement::Full;
    let jobs = if confined { jobs } else { 1 }.clamp(1, students.len().max(1));
    progress(Event::Plan {
        total: students.len(),
        jobs,
        confined,
    });
    let results: Mutex<Vec<Option<GradeReport>>> = Mutex::new(vec![None; students.len()]);
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let one = |index: usize, worker: usize| {
        let student = &students[index];
        progress(Event::Started {
            index,
            student,
            worker,
        });
        let start = Instant::now();
        let report = grade_one(kit, student, work, worker, limits);
        progress(Event::Finished {
            index,
            done: done.fetch_add(1, Ordering::SeqCst) + 1,
            total: students.len(),
            student,
            report: &report,
            took: start.elapsed(),
        });
        results.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(report);
    };
    let unseeded: Vec<usize> = (1..jobs)
        .filter(|&n| !worker_dir(work, n).join("target").exists())
        .collect();
    if !unseeded.is_empty() {
        // The first worker builds until there is a build to share.
        if !work.join("target").exists() {
            progress(Event::FirstBuild);
        }
        while !work.join("target").exists() {
            let index = next.fetch_add(1, Ordering::SeqCst);
            if index >= students.len() {
                break;
            }
            one(index, 0);
        }
        progress(Event::Seeding {
            workers: unseeded.len(),
        });
        // Under the first worker's lock: no grade builds there while its
        // build directory is copied.
        let lock = std::fs::File::create(work.join("grade.lock"));
        let _locked = lock.as_ref().map(|l| l.lock());
        for n in unseeded {
            seed(&work.join("target"), &worker_dir(work, n).join("target"));
        }
    }
    std::thread::scope(|scope| {
        for worker in 0..jobs {
            let one = &one;
            let next = &next;
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                if index >= students.len() {
                    break;
                }
                one(index, worker);
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .zip(students)
        .map(|(report, student)| {
            report.unwrap_or_else(|| GradeReport::error(&student.dir, "not graded"))
        })
        .collect()
}

/// One submission: whatever happens is its report.
/// The workers share the class's kept builds, so a submission graded again
/// finds its build whichever worker takes it.
fn grade_one(
    kit: &Path,
    student: &Student,
    work: &Path,
    worker: usize,
    limits: Limits,
) -> GradeReport {
    let graded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let builds = work.join("builds");
        grade_in(
            kit,
            &student.dir,
            &worker_dir(work, worker),
            &builds,
            limits,
            &|_| {},
        )
    }));
    let mut report = match graded {
        Ok(Ok(report)) => report,
        Ok(Err(problem)) => GradeReport::error(&student.dir, &problem),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            GradeReport::error(&student.dir, &format!("the grader panicked: {message}"))
        }
    };
    // The report names the submission as the instructor gave it.
    report.submission = student.dir.display().to_string();
    report
}

/// Copies a worker's build into another worker's (empty) build directory,
/// file times kept, without the incremental caches (keyed by the staged
/// copy's path, so of no use to another). A copy that fails is removed:
/// the worker then builds everything itself.
pub fn seed(from: &Path, to: &Path) {
    if copy_tree(from, to).is_err() {
        let _ = std::fs::remove_dir_all(to);
    }
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            if entry.file_name() != "incremental" {
                copy_tree(&entry.path(), &target)?;
            }
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)?;
            let modified = entry.metadata()?.modified()?;
            std::fs::File::options()
                .write(true)
                .open(&target)?
                .set_modified(modified)?;
        }
        // Symbolic links: cargo makes none it needs back.
    }
    Ok(())
}

/// The gradebook: a header, then one row a student — the points of each
/// exercise of the registry, the total, the maximum and whether the
/// submission could be graded.
pub fn gradebook(registry: &Registry, students: &[Student], reports: &[GradeReport]) -> String {
    let mut out = String::from("student");
    for exercise in &registry.exercise {
        out.push(',');
        out.push_str(&cell(&exercise.id));
    }
    out.push_str(",total,max_score,status\n");
    for (student, report) in students.iter().zip(reports) {
        out.push_str(&cell(&student.name));
        for exercise in &registry.exercise {
            let score = report
                .exercises
                .iter()
                .find(|e| e.id == exercise.id)
                .map_or(0, |e| e.score);
            out.push_str(&format!(",{score}"));
        }
        let status = match report.status {
            RunStatus::Graded => "graded",
            RunStatus::Error => "error",
        };
        out.push_str(&format!(
            ",{},{},{status}\n",
            report.score, report.max_score
        ));
    }
    out
}

/// A CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line
/// break.
fn cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_roster_names_folders_beside_it_or_its_own() {
        let base = Path::new("/class");
        let students = parse_roster(
            "\u{feff}student,dir\n# a comment\n\nalice\nbob , repos/lab2-bob \ncarol,\n",
            base,
        );
        assert_eq!(
            students,
            vec![
                Student {
                    name: "alice".into(),
                    dir: base.join("alice")
                },
                Student {
                    name: "bob".into(),
                    dir: base.join("repos/lab2-bob")
                },
                Student {
                    name: "carol".into(),
                    dir: base.join("carol")
                },
            ]
        );
        // The header is only the first line.
        assert_eq!(parse_roster("alice\nstudent\n", base).len(), 2);
    }

    #[test]
    fn names_must_be_plain_and_unique() {
        let student = |name: &str| Student {
            name: name.into(),
            dir: PathBuf::from(name),
        };
        let ok = [student("alice"), student("Иванов Иван"), student("bob-2")];
        assert_eq!(problems(&ok), None);
        for bad in [
            "",
            "../etc",
            "a/b",
            ".hidden",
            "=HYPERLINK()",
            "-x",
            "a,b",
            "a ",
        ] {
            assert!(problems(&[student(bad)]).is_some(), "{bad:?} accepted");
        }
        let twice = problems(&[student("alice"), student("bob"), student("alice")]).unwrap();
        assert_eq!(twice, "alice: named twice");
        assert!(problems(&[]).is_some());
    }

    #[test]
    fn the_gradebook_has_a_column_an_exercise_and_a_row_a_student() {
        let registry = Registry::load();
        let students = [
            Student {
                name: "alice".into(),
                dir: PathBuf::from("/nowhere/alice"),
            },
            Student {
                name: "bob".into(),
                dir: PathBuf::from("/nowhere/bob"),
            },
        ];
        let mut graded = GradeReport::error(&students[0].dir, "x");
        graded.status = RunStatus::Graded;
        let first = registry.exercise[0].points;
        graded.exercises[0].score = first;
        graded.score = first;
        let failed = GradeReport::error(&students[1].dir, "does not build");
        let csv = gradebook(&registry, &students, &[graded, failed]);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        let header: Vec<&str> = lines[0].split(',').collect();
        assert_eq!(header[0], "student");
        assert_eq!(header[1..=registry.exercise.len()], registry.ids()[..]);
        assert_eq!(
            header[registry.exercise.len() + 1..],
            ["total", "max_score", "status"]
        );
        let max = registry.max_points();
        let zeros = vec!["0"; registry.exercise.len() - 1].join(",");
        assert_eq!(
            lines[1],
            format!("alice,{first},{zeros},{first},{max},graded")
        );
        assert_eq!(lines[2], format!("bob,0,{zeros},0,{max},error"));
        assert_eq!(cell("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
