//! The grade report's formats: JSON (schema in docs/grade-schema.md), JUnit
//! XML (one suite and case per exercise; a failure's text is the report with
//! its counterexample), Markdown (for a CI job summary) and GitHub
//! Classroom's results (one runner per exercise).

use std::fmt::Write as _;
use std::path::Path;

use super::{details, GradeReport, Graded, RunStatus, Status};
use crate::registry::Registry;
use crate::text::Lang;

pub fn json(report: &GradeReport) -> String {
    serde_json::to_string_pretty(report).expect("serialises") + "\n"
}

/// How a CI tool should read one exercise's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    /// The code was checked and is wrong: a forbidden outcome, a break under
    /// stress, code the scan refused.
    Fail,
    /// The check could not give a verdict: the file is missing, unreadable or
    /// does not compile, the check crashed or hit its time limit, or the
    /// grade could not run at all.
    Error,
}

pub fn outcome(report: &GradeReport, graded: &Graded) -> Outcome {
    if report.status == RunStatus::Error {
        return Outcome::Error;
    }
    match graded.status {
        Status::Passed => Outcome::Pass,
        Status::Failed | Status::Flagged | Status::Refused => Outcome::Fail,
        Status::NotCompiling | Status::Missing | Status::Unreadable | Status::Error => {
            Outcome::Error
        }
    }
}

/// The exercise's file as the student's repository has it.
fn exercise_file(registry: &Registry, id: &str) -> String {
    match registry.get(id) {
        Some(exercise) => format!("labs/src/{}", exercise.file),
        None => String::new(),
    }
}

/// Student text as XML can carry it. `quick_junit::XmlString` drops ANSI
/// escapes and the control characters XML 1.0 forbids; the two other
/// characters it forbids that a Rust string can hold, U+FFFE and U+FFFF, go
/// here. One of them left in would make the whole file unreadable to every
/// JUnit consumer.
pub fn xml_text(text: &str) -> quick_junit::XmlString {
    quick_junit::XmlString::new(text.replace(['\u{FFFE}', '\u{FFFF}'], ""))
}

/// JUnit XML through quick-junit (what nextest writes), shaped for the
/// Jenkins junit schema (junit-10.xsd, the strictest consumer): one
/// `<testsuite>` per exercise carrying `file` (the schema allows it on a
/// suite, not on a case) and one `<testcase>` with its `time`; a wrong
/// program is a `<failure>`, a check that could not give a verdict an
/// `<error>`.
pub fn junit(report: &GradeReport, lang: Lang) -> String {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    use std::time::Duration;

    let registry = Registry::load();
    let mut junit = Report::new("racelab");
    let mut total = Duration::ZERO;
    for graded in &report.exercises {
        let time = Duration::from_secs_f64(graded.seconds.max(0.0));
        total += time;
        let status = match outcome(report, graded) {
            Outcome::Pass => TestCaseStatus::success(),
            verdict => {
                let kind = if verdict == Outcome::Fail {
                    NonSuccessKind::Failure
                } else {
                    NonSuccessKind::Error
                };
                let mut status = TestCaseStatus::non_success(kind);
                status
                    .set_message(xml_text(graded.reason.get(lang)))
                    .set_type(format!("{:?}", graded.status))
                    .set_description(xml_text(&details(graded, lang)));
                status
            }
        };
        let id = xml_text(&graded.id);
        let mut case = TestCase::new(id.clone(), status);
        case.set_classname(xml_text(&format!("racelab.{}", graded.id)))
            .set_time(time);
        if let Some(witness) = &graded.witness {
            case.set_system_out(xml_text(witness.get(lang)));
        }
        let mut suite = TestSuite::new(id);
        suite.set_time(time).add_test_case(case);
        suite.extra.insert(
            "file".into(),
            xml_text(&exercise_file(&registry, &graded.id)),
        );
        junit.add_test_suite(suite);
    }
    junit.set_time(total);
    let xml = junit.to_string().expect("a report in memory serialises");
    without_root_skipped(xml)
}

/// quick-junit writes `skipped` on `<testsuites>`, an attribute the Jenkins
/// schema does not allow there (it does on each `<testsuite>`). Nothing is
/// ever skipped here, so the root's ` skipped="0"` goes; the root tag is the
/// first one after the declaration and holds only what `junit` set.
fn without_root_skipped(xml: String) -> String {
    let Some(start) = xml.find("<testsuites ") else {
        return xml;
    };
    let end = start + xml[start..].find('>').unwrap_or(0);
    let root = xml[start..end].replacen(" skipped=\"0\"", "", 1);
    format!("{}{root}{}", &xml[..start], &xml[end..])
}

pub fn markdown(report: &GradeReport, lang: Lang) -> String {
    let pick = |ru: &'static str, en: &'static str| match lang {
        Lang::Ru => ru,
        Lang::En => en,
    };
    let mut out = String::new();
    writeln!(out, "## racelab: {}\n", report.summary.get(lang)).unwrap();
    writeln!(
        out,
        "| {} | {} | {} | {} |\n| --- | --- | --- | --- |",
        pick("упражнение", "exercise"),
        pick("баллы", "points"),
        pick("итог", "status"),
        pick("почему", "why")
    )
    .unwrap();
    let row = |out: &mut String, graded: &super::Graded| {
        let mark = if graded.status == Status::Passed {
            "✅"
        } else {
            "❌"
        };
        writeln!(
            out,
            "| `{}` | {}/{} | {mark} {} | {} |",
            graded.id,
            graded.score,
            graded.points,
            status_word(graded.status, lang),
            graded.reason.get(lang).replace('|', "\\|")
        )
        .unwrap();
    };
    for graded in report.exercises.iter().filter(|e| !e.extra) {
        row(&mut out, graded);
    }
    // The optional parts: a table of their own, outside the base total.
    if report.exercises.iter().any(|e| e.extra) {
        writeln!(
            out,
            "\n{}: {} {} {}\n\n| {} | {} | {} | {} |\n| --- | --- | --- | --- |",
            pick("Дополнительно (вне итога)", "Extra (outside the total)"),
            report.extra_score,
            pick("из", "of"),
            report.extra_max_score,
            pick("упражнение", "exercise"),
            pick("баллы", "points"),
            pick("итог", "status"),
            pick("почему", "why")
        )
        .unwrap();
        for graded in report.exercises.iter().filter(|e| e.extra) {
            row(&mut out, graded);
        }
    }
    for graded in report
        .exercises
        .iter()
        .filter(|e| e.status != Status::Passed)
    {
        writeln!(
            out,
            "\n<details><summary><code>{}</code></summary>\n\n```text\n{}```\n</details>",
            graded.id,
            details(graded, lang)
        )
        .unwrap();
    }
    if let Some(error) = &report.error {
        writeln!(out, "\n```text\n{}\n```", error.get(lang).trim_end()).unwrap();
    }
    writeln!(
        out,
        "\n{}: {}",
        pick("Зерно нагрузочных прогонов", "Stress runs' seed"),
        report.witness_seed
    )
    .unwrap();
    out
}

fn status_word(status: Status, lang: Lang) -> &'static str {
    let (ru, en) = match status {
        Status::Passed => ("принято", "passed"),
        Status::Failed => ("отклонено", "failed"),
        Status::Flagged => ("под подозрением", "flagged"),
        Status::Refused => ("отказ", "refused"),
        Status::NotCompiling => ("не компилируется", "does not compile"),
        Status::Missing => ("нет файла", "missing"),
        Status::Unreadable => ("файл не прочитать", "unreadable"),
        Status::Error => ("ошибка", "error"),
    };
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

/// GitHub Classroom's results, one runner per exercise: `(exercise id,
/// base64 of {version: 1, status, max_score, tests: [one test]})`, the shape
/// of Classroom's own command grader. Its reporter
/// (classroom-resources/autograding-grading-reporter v1) scores a runner in
/// the log as passed tests ÷ tests × max_score but sums the tests' `score`
/// for the notice: with one test per runner worth the exercise's points, the
/// two agree for any points. It prints a failed test's name and test code,
/// not its message, and an errored test's message alone, so the reason goes
/// into each of those (tests/kit/consumers.rs checks this against its logic).
pub fn classroom(report: &GradeReport, lang: Lang) -> Vec<(String, String)> {
    let registry = Registry::load();
    // Classroom's total is the base lab's: the optional parts stay out (the
    // step summary's Markdown shows them).
    report
        .exercises
        .iter()
        .filter(|e| !e.extra)
        .map(|graded| {
            let why = format!("{} — {}", graded.id, graded.reason.get(lang));
            let verdict = outcome(report, graded);
            let (status, name) = match verdict {
                Outcome::Pass => ("pass", graded.id.clone()),
                Outcome::Fail => ("fail", why.clone()),
                Outcome::Error => ("error", graded.id.clone()),
            };
            let score = if verdict == Outcome::Pass {
                graded.points
            } else {
                0
            };
            let result = serde_json::json!({
                "version": 1,
                "status": status,
                "max_score": graded.points,
                "tests": [{
                    "name": name,
                    "status": status,
                    "score": score,
                    "message": why,
                    "test_code": format!("cargo lab check {}", graded.id),
                    "filename": exercise_file(&registry, &graded.id),
                    "line_no": 0,
                    "duration": (graded.seconds * 1000.0).round() as u64,
                }],
            });
            (graded.id.clone(), base64(result.to_string().as_bytes()))
        })
        .collect()
}

/// Classroom's results as `GITHUB_OUTPUT` lines, `<exercise id>=<result>`:
/// the step outputs the exported workflow hands to the reporter.
pub fn classroom_outputs(report: &GradeReport, lang: Lang) -> String {
    classroom(report, lang)
        .into_iter()
        .map(|(id, result)| format!("{id}={result}\n"))
        .collect()
}

/// Standard base64 with padding (RFC 4648).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Writes `text` to `path` atomically: a reader sees the old file or the new
/// one, never half of it.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

/// Appends to a file (GitHub's `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`).
pub fn append(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_rfc_4648() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }
}
