//! `cargo lab grade`: runs the grader and writes every report asked for.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{formats, grade, GradeReport, Limits, RunStatus, Sandbox, Status};
use crate::report::text::Style;
use crate::settings::KIT_ROOT;
use crate::text::Lang;

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
    let report = match grade(kit, submission, &work, Limits::default()) {
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
