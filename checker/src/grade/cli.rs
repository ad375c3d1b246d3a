//! `cargo lab grade`: runs the grader and writes every report asked for.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

use super::class::{self, Event, Student};
use super::{formats, grade_with, GradeReport, Limits, RunStatus, Sandbox, Status, Step};
use crate::report::text::Style;
use crate::settings::KIT_ROOT;
use crate::text::{Lang, Text};
use crate::tr;

pub struct Outputs {
    pub json: Option<PathBuf>,
    pub junit: Option<PathBuf>,
    pub markdown: Option<PathBuf>,
    pub classroom: bool,
    /// A folder for one HTML page per exercise that lost points.
    pub html: Option<PathBuf>,
}

/// Exit codes: 0 graded (with `--strict`: every point earned), 1 `--strict`
/// and points missing, 2 the grade could not run (its reports, Classroom's
/// `result` included, are still written, with status `error`) or a report
/// could not be written.
pub fn run(submission: &Path, outputs: Outputs, strict: bool, style: Style) -> ExitCode {
    let kit = Path::new(KIT_ROOT);
    let work = super::default_work_dir(kit);
    let lang = style.lang;
    let progress = |step: Step| eprintln!("{}", step_line(step, lang));
    let report = match grade_with(kit, submission, &work, Limits::default(), &progress) {
        Ok(report) => report,
        Err(problem) => {
            eprintln!("racelab grade: {problem}");
            GradeReport::error(submission, &problem)
        }
    };
    print!("{}", summary(&report, style.lang));
    if let Some(note) = sandbox_note(report.sandbox, style.lang) {
        eprintln!("{note}");
    }
    if let Err(e) = write(&report, &outputs, style.lang) {
        eprintln!("racelab grade: {e}");
        return ExitCode::from(2);
    }
    if report.status == RunStatus::Error {
        ExitCode::from(2)
    } else if strict && report.score < report.max_score {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The one note where the checks could not drop their write access.
pub fn sandbox_note(sandbox: Sandbox, lang: Lang) -> Option<&'static str> {
    let (ru, en) = match sandbox {
        Sandbox::Full | Sandbox::NotRun => return None,
        Sandbox::Partial => (
            "примечание: Landlock этого ядра старый, запись из проверок ограничена лишь частично",
            "note: this kernel's Landlock is old; the checks' writes were only partly restricted",
        ),
        Sandbox::None => (
            "примечание: в этой системе нет Landlock, запись из проверок не ограничена (двоичные файлы проверяются перед каждым запуском)",
            "note: no Landlock on this system; the checks' writes were not restricted (the binaries are verified before every run)",
        ),
    };
    Some(match lang {
        Lang::Ru => ru,
        Lang::En => en,
    })
}

fn write(report: &GradeReport, outputs: &Outputs, lang: Lang) -> std::io::Result<()> {
    if let Some(path) = &outputs.json {
        formats::write_atomically(path, &formats::json(report))?;
    }
    if let Some(path) = &outputs.junit {
        formats::write_atomically(path, &formats::junit(report, lang))?;
    }
    let markdown = formats::markdown(report, lang);
    if let Some(path) = &outputs.markdown {
        formats::write_atomically(path, &markdown)?;
    }
    if let Some(dir) = &outputs.html {
        pages(report, dir, lang)?;
    }
    if outputs.classroom {
        let line = formats::classroom_outputs(report, lang);
        match std::env::var_os("GITHUB_OUTPUT") {
            Some(path) => formats::append(Path::new(&path), &line)?,
            None => print!("{line}"),
        }
        if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") {
            formats::append(Path::new(&path), &markdown)?;
        }
    }
    Ok(())
}

/// `ID.html` for every exercise checked that lost points: the page of the
/// counterexample that cost them.
pub fn pages(report: &GradeReport, dir: &Path, lang: Lang) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for graded in &report.exercises {
        if let (Some(check), true) = (&graded.check, graded.score < graded.points) {
            let page = crate::report::html::render(check, None, lang);
            formats::write_atomically(&dir.join(format!("{}.html", graded.id)), &page)?;
        }
    }
    Ok(())
}

/// One line per exercise, then the total.
pub fn summary(report: &GradeReport, lang: Lang) -> String {
    let mut out = String::new();
    for graded in &report.exercises {
        let mark = if graded.status == Status::Passed {
            "✓"
        } else {
            "✗"
        };
        out.push_str(&format!(
            "{mark} {:<14} {}/{}  {}\n",
            graded.id,
            graded.score,
            graded.points,
            graded.reason.get(lang)
        ));
    }
    out.push_str(report.summary.get(lang));
    out.push('\n');
    out
}

/// A progress line of one grade.
fn step_line(step: Step, lang: Lang) -> String {
    let text = match step {
        Step::Staging => Text::new(
            "racelab grade: файлы упражнений берутся из работы и проверяются сканером…",
            "racelab grade: taking the exercise files from the submission and scanning them…",
        ),
        Step::Building { first: true } => Text::new(
            "racelab grade: сборка — первая, вместе с зависимостями (несколько минут)…",
            "racelab grade: building — the first build, dependencies included (minutes)…",
        ),
        Step::Building { first: false } => Text::new(
            "racelab grade: сборка (код упражнений компилируется в проверку)…",
            "racelab grade: building (the exercise code is compiled into the checker)…",
        ),
        Step::Checking { id } => tr!(
            "racelab grade: проверка {id}…",
            "racelab grade: checking {id}…"
        ),
    };
    text.get(lang).to_string()
}

/// How the class's progress lines (stderr) are written.
#[derive(Clone, Copy, Debug)]
pub struct Painted {
    pub lang: Lang,
    pub colour: bool,
}

impl Painted {
    fn paint(&self, style: anstyle::Style, text: &str) -> String {
        if self.colour {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }
}

/// `grade --submissions DIR… --roster FILE`: grades the class into `out`
/// (a folder a student, and `gradebook.csv`). Exit codes: 0 every
/// submission graded, 1 some could not be (their rows say `error`), 2 the
/// class could not start or a report could not be written.
pub fn run_class(
    dirs: &[PathBuf],
    roster: Option<&Path>,
    out: &Path,
    jobs: Option<usize>,
    painted: Painted,
) -> ExitCode {
    let lang = painted.lang;
    let mut students = Vec::new();
    if let Some(file) = roster {
        match class::roster(file) {
            Ok(listed) => students.extend(listed),
            Err(e) => {
                eprintln!("racelab grade: {e}");
                return ExitCode::from(2);
            }
        }
    }
    students.extend(class::from_dirs(dirs));
    if let Some(problems) = class::problems(&students) {
        eprintln!("racelab grade: {problems}");
        return ExitCode::from(2);
    }
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("racelab grade: {}: {e}", out.display());
        return ExitCode::from(2);
    }
    let kit = Path::new(KIT_ROOT);
    let work = super::default_work_dir(kit);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let failed_writes: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let progress = |event: Event| {
        if let Event::Finished {
            student, report, ..
        } = &event
        {
            if let Err(e) = write_student(out, student, report, lang) {
                let line = format!("{}: {e}", out.join(&student.name).display());
                failed_writes
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(line);
            }
        }
        if let Some(line) = event_line(&event, painted) {
            anstream::eprintln!("{line}");
        }
    };
    let reports = class::grade_class(
        kit,
        &students,
        &work,
        jobs.unwrap_or(cores),
        Limits::default(),
        &progress,
    );
    let registry = crate::registry::Registry::load();
    let gradebook = out.join("gradebook.csv");
    let mut failed_writes = failed_writes
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    if let Err(e) = formats::write_atomically(
        &gradebook,
        &class::gradebook(&registry, &students, &reports),
    ) {
        failed_writes.push(format!("{}: {e}", gradebook.display()));
    }
    let width = students
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0);
    for (student, report) in students.iter().zip(&reports) {
        let pad = " ".repeat(width - student.name.chars().count());
        match report.status {
            RunStatus::Graded => println!(
                "{}{pad}  {}/{}",
                student.name, report.score, report.max_score
            ),
            RunStatus::Error => println!("{}{pad}  {}", student.name, report.summary.get(lang)),
        }
    }
    let ungraded = reports
        .iter()
        .filter(|r| r.status == RunStatus::Error)
        .count();
    println!(
        "{}",
        tr!(
            "{n} работ: оценено {g}, не оценено {e}; журнал — {book}, отчёты — {out}/<студент>/",
            "{n} submissions: {g} graded, {e} not; the gradebook is {book}, the reports {out}/<student>/";
            n = reports.len(),
            g = reports.len() - ungraded,
            e = ungraded,
            book = gradebook.display(),
            out = out.display()
        )
        .get(lang)
    );
    let weakest = reports
        .iter()
        .map(|r| r.sandbox)
        .fold(Sandbox::NotRun, |a, b| match (a, b) {
            (Sandbox::None, _) | (_, Sandbox::None) => Sandbox::None,
            (Sandbox::Partial, _) | (_, Sandbox::Partial) => Sandbox::Partial,
            (Sandbox::Full, _) | (_, Sandbox::Full) => Sandbox::Full,
            _ => Sandbox::NotRun,
        });
    if let Some(note) = sandbox_note(weakest, lang) {
        eprintln!("{note}");
    }
    if !failed_writes.is_empty() {
        for line in &failed_writes {
            eprintln!("racelab grade: {line}");
        }
        ExitCode::from(2)
    } else if ungraded > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A student's reports: `OUT/<student>/grade.json`, `grade.md`, `junit.xml`.
fn write_student(
    out: &Path,
    student: &Student,
    report: &GradeReport,
    lang: Lang,
) -> std::io::Result<()> {
    let dir = out.join(&student.name);
    formats::write_atomically(&dir.join("grade.json"), &formats::json(report))?;
    formats::write_atomically(&dir.join("grade.md"), &formats::markdown(report, lang))?;
    formats::write_atomically(&dir.join("junit.xml"), &formats::junit(report, lang))
}

/// A class progress line (`None`: nothing to say).
fn event_line(event: &Event, painted: Painted) -> Option<String> {
    let lang = painted.lang;
    let text = match event {
        Event::Plan {
            total,
            jobs,
            confined,
        } => {
            let mut text = tr!(
                "racelab grade: {total} работ, одновременно {jobs}",
                "racelab grade: {total} submissions, {jobs} at a time";
                total = *total,
                jobs = *jobs
            );
            if !confined {
                let note = Text::new(
                    " (по одной: здесь нет Landlock, и проверки рядом могли бы писать в файлы друг друга)",
                    " (one at a time: no Landlock here, and checks side by side could write to each other's files)",
                );
                text.ru.push_str(&note.ru);
                text.en.push_str(&note.en);
            }
            text
        }
        Event::FirstBuild => Text::new(
            "racelab grade: первая сборка — зависимости собираются один раз на класс (несколько минут)…",
            "racelab grade: the first build compiles the dependencies, once for the class (minutes)…",
        ),
        Event::Seeding { workers } => tr!(
            "racelab grade: собранные зависимости копируются ещё {workers} исполнителям…",
            "racelab grade: copying the compiled dependencies to {workers} more worker(s)…";
            workers = *workers
        ),
        Event::Started {
            index,
            student,
            worker,
        } => tr!(
            "racelab grade: № {n} {name}: сборка и проверка (исполнитель {w})…",
            "racelab grade: #{n} {name}: building and checking (worker {w})…";
            n = index + 1,
            name = student.name.clone(),
            w = worker + 1
        ),
        Event::Finished {
            done,
            total,
            student,
            report,
            took,
            ..
        } => {
            let head = format!("[{done}/{total}] {}", student.name);
            let (style, what) = match report.status {
                RunStatus::Error => (
                    anstyle::AnsiColor::Red.on_default(),
                    report.summary.get(lang).to_string(),
                ),
                RunStatus::Graded => (
                    if report.score == report.max_score {
                        anstyle::AnsiColor::Green.on_default()
                    } else {
                        anstyle::AnsiColor::Yellow.on_default()
                    },
                    format!("{}/{}", report.score, report.max_score),
                ),
            };
            return Some(format!(
                "racelab grade: {head}: {} ({})",
                painted.paint(style, &what),
                duration(*took, lang)
            ));
        }
    };
    Some(text.get(lang).to_string())
}

/// `1 мин 02 с` / `1 min 02 s`.
fn duration(took: Duration, lang: Lang) -> String {
    let secs = took.as_secs();
    match (secs / 60, lang) {
        (0, Lang::Ru) => format!("{secs} с"),
        (0, Lang::En) => format!("{secs} s"),
        (m, Lang::Ru) => format!("{m} мин {:02} с", secs % 60),
        (m, Lang::En) => format!("{m} min {:02} s", secs % 60),
    }
}
