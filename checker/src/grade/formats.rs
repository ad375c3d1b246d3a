//! The grade report's formats: JSON (schema in docs/grade-schema.md), JUnit
//! XML (one testcase per exercise, the failure message is the report with its
//! counterexample), Markdown (for a CI job summary) and GitHub Classroom's
//! `result` (base64 of `{version: 1, status, max_score, tests: […]}`).

use std::fmt::Write as _;
use std::path::Path;

use super::{details, GradeReport, RunStatus, Status};
use crate::text::Lang;

pub fn json(report: &GradeReport) -> String {
    serde_json::to_string_pretty(report).expect("serialises") + "\n"
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

pub fn junit(report: &GradeReport, lang: Lang) -> String {
    let failures = report
        .exercises
        .iter()
        .filter(|e| e.status != Status::Passed)
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    writeln!(
        out,
        "<testsuites name=\"racelab\" tests=\"{}\" failures=\"{failures}\">",
        report.exercises.len()
    )
    .unwrap();
    writeln!(
        out,
        "  <testsuite name=\"racelab\" tests=\"{}\" failures=\"{failures}\">",
        report.exercises.len()
    )
    .unwrap();
    for graded in &report.exercises {
        write!(
            out,
            "    <testcase classname=\"racelab\" name=\"{}\">",
            xml_escape(&graded.id)
        )
        .unwrap();
        if graded.status == Status::Passed {
            out.push_str("</testcase>\n");
            continue;
        }
        writeln!(
            out,
            "\n      <failure message=\"{}\" type=\"{:?}\">{}</failure>\n    </testcase>",
            xml_escape(graded.reason.get(lang)),
            graded.status,
            xml_escape(&details(graded, lang))
        )
        .unwrap();
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
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

/// GitHub Classroom's grader result: the JSON its reporter sums.
pub fn classroom(report: &GradeReport, lang: Lang) -> String {
    // Classroom sums the tests' scores against `max_score`: the optional
    // parts stay out of both (the step summary's Markdown shows them).
    let base = || report.exercises.iter().filter(|e| !e.extra);
    let tests: Vec<serde_json::Value> = base()
        .map(|graded| {
            serde_json::json!({
                "name": graded.id,
                "status": match (report.status, graded.status) {
                    (RunStatus::Error, _) => "error",
                    (_, Status::Passed) => "pass",
                    _ => "fail",
                },
                "score": graded.score,
                "max_score": graded.points,
                "message": graded.reason.get(lang),
                "test_code": format!("cargo lab check {}", graded.id),
                "filename": "",
                "line_no": 0,
                "execution_time": "",
            })
        })
        .collect();
    let all = base().all(|e| e.status == Status::Passed);
    let status = match report.status {
        RunStatus::Error => "error",
        RunStatus::Graded if all => "pass",
        RunStatus::Graded => "fail",
    };
    let result = serde_json::json!({
        "version": 1,
        "status": status,
        "max_score": report.max_score,
        "tests": tests,
    });
    base64(result.to_string().as_bytes())
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
