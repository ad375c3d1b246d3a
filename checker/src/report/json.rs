//! The machine-readable form of a check run. Text fields carry both
//! languages: `{"ru": "…", "en": "…"}`. Schema: docs/report-schema.md.

use serde::Serialize;

use super::{ExerciseReport, Verdict};

pub const SCHEMA: &str = "racelab.check/1";

#[derive(Serialize)]
pub struct CheckRun<'a> {
    pub schema: &'static str,
    /// Which tree was checked: labs, solutions or alternatives.
    pub tree: &'a str,
    pub passed: usize,
    pub total: usize,
    pub score: u32,
    pub max_score: u32,
    pub exercises: &'a [ExerciseReport],
}

pub fn render(tree: &str, reports: &[ExerciseReport]) -> String {
    let run = CheckRun {
        schema: SCHEMA,
        tree,
        passed: reports
            .iter()
            .filter(|r| r.verdict == Verdict::Pass)
            .count(),
        total: reports.len(),
        score: reports.iter().map(|r| r.score).sum(),
        max_score: reports.iter().map(|r| r.points).sum(),
        exercises: reports,
    };
    serde_json::to_string_pretty(&run).expect("reports serialise")
}
