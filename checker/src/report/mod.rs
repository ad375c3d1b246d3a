//! What a check produces: one report per exercise, rendered as text for a
//! student or as JSON for tools (schema in docs/report-schema.md).

pub mod execution;
pub mod html;
pub mod json;
pub mod text;
pub mod timeline;
pub mod wrap;

use serde::{Deserialize, Serialize};

use crate::model::explore::{Counterexample, OutcomeCount};
use crate::registry::{Engine, Exercise};
use crate::scan::Refusal;
use crate::text::Text;
use crate::trees::Tree;

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Every explored execution gives an expected outcome.
    Pass,
    /// Some execution gives a forbidden outcome (see the counterexample).
    Fail,
    /// The code reaches around the facade and is not checked.
    Refused,
    /// The check itself could not finish (crash, time limit, missing file).
    Error,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct BoundRun {
    /// `None`: the run with no preemption bound (the whole model).
    pub bound: Option<usize>,
    pub executions: u64,
    pub forbidden: u64,
    pub complete: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct OutcomeTable {
    /// The preemption bound of the exploration behind the table (`None`:
    /// none, the whole model).
    pub bound: Option<usize>,
    pub executions: u64,
    pub complete: bool,
    pub rows: Vec<OutcomeCount>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExerciseReport {
    pub id: String,
    pub title: Text,
    /// The checked file, relative to the kit.
    pub file: String,
    pub points: u32,
    pub score: u32,
    /// What explored the model: loom's threads or the task explorer.
    #[serde(default)]
    pub engine: Engine,
    pub verdict: Verdict,
    pub summary: Text,
    pub expected: Text,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refusals: Vec<Refusal>,
    /// The search for a counterexample, bound by bound.
    pub search: Vec<BoundRun>,
    pub outcomes: Option<OutcomeTable>,
    pub counterexample: Option<Counterexample>,
    /// What the stress run of the real build saw (after a model passed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub witness: Option<Text>,
}

impl ExerciseReport {
    pub fn new(exercise: &Exercise, tree: Tree) -> ExerciseReport {
        ExerciseReport {
            id: exercise.id.clone(),
            title: exercise.title.clone(),
            file: format!("{}/{}", tree.dir(), exercise.file),
            points: exercise.points,
            score: 0,
            engine: exercise.engine,
            verdict: Verdict::Error,
            summary: Text::default(),
            expected: exercise.expected.clone(),
            refusals: Vec::new(),
            search: Vec::new(),
            outcomes: None,
            counterexample: None,
            witness: None,
        }
    }
}
