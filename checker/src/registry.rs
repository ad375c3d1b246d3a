//! The exercise registry, `labs/lab.toml`: the one list of exercises that the
//! CLI, the tests and the guide read.

use serde::Deserialize;

use crate::model::ModelParams;
use crate::text::Text;

/// The registry as compiled into this checker.
pub const SOURCE: &str = include_str!("../../labs/lab.toml");

#[derive(Clone, Debug, Deserialize)]
pub struct Registry {
    pub part: Vec<Part>,
    pub exercise: Vec<Exercise>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Part {
    pub number: u32,
    pub title: Text,
    /// An optional part («Дополнительно» / "Extra"): its points are counted
    /// apart from the base lab's total, never in it.
    #[serde(default)]
    pub optional: bool,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Exercise {
    pub id: String,
    pub part: u32,
    pub file: String,
    pub points: u32,
    #[serde(default)]
    pub alternatives: Vec<String>,
    pub title: Text,
    pub task: Text,
    pub expected: Text,
    #[serde(default)]
    pub hints: Vec<Text>,
    #[serde(default)]
    pub engine: Engine,
    pub model: Model,
}

/// What explores an exercise's model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// loom: threads, preempted at any shared access.
    #[default]
    Threads,
    /// The task explorer: tasks on one thread, switching only at `.await`.
    Tasks,
    /// No model: the real build runs and `labwitness` checks its results
    /// (I/O, computation, processes).
    Real,
}

#[derive(Clone, Copy, Debug, Deserialize)]
pub struct Model {
    pub threads: usize,
    pub ops: usize,
    /// Only for a model too big to explore whole (`exhaustive = false`): the
    /// preemption bound its acceptance run stops at.
    #[serde(default)]
    pub max_preemptions: usize,
    /// Whether the acceptance run explores the whole model (the default).
    /// `false` marks a model too big for that: it is explored up to
    /// `max_preemptions`, and the report says so.
    #[serde(default = "yes")]
    pub exhaustive: bool,
    /// Whether an accepted fix is explored once more with data drawn afresh
    /// each run (`ModelParams::salt`): for a scenario whose task names its
    /// values, so that code right only for those values is still caught.
    #[serde(default)]
    pub salted: bool,
    /// The starter's fewest preemptions (threads) or task switches (tasks)
    /// to a forbidden outcome: what its counterexample must show.
    /// `cargo lab dev check` computes it and says when this disagrees.
    #[serde(default)]
    pub minimum: Option<usize>,
}

fn yes() -> bool {
    true
}

impl Model {
    pub fn params(&self) -> ModelParams {
        ModelParams::new(self.threads, self.ops)
    }
}

impl Registry {
    pub fn load() -> Registry {
        toml::from_str(SOURCE).expect("labs/lab.toml is valid (checked by the build script)")
    }

    pub fn get(&self, id: &str) -> Option<&Exercise> {
        self.exercise.iter().find(|e| e.id == id)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.exercise.iter().map(|e| e.id.as_str()).collect()
    }

    /// The known id closest to `id` (for "did you mean …").
    pub fn nearest(&self, id: &str) -> Option<&str> {
        self.exercise
            .iter()
            .map(|e| (edit_distance(&e.id, id), e.id.as_str()))
            .filter(|&(d, known)| d <= known.len().max(id.len()) / 2 + 1)
            .min()
            .map(|(_, known)| known)
    }

    /// The base lab's total: every exercise outside the optional parts.
    pub fn max_points(&self) -> u32 {
        self.exercise
            .iter()
            .filter(|e| !self.is_extra(e))
            .map(|e| e.points)
            .sum()
    }

    /// The optional parts' points, counted apart from `max_points`.
    pub fn extra_points(&self) -> u32 {
        self.exercise
            .iter()
            .filter(|e| self.is_extra(e))
            .map(|e| e.points)
            .sum()
    }

    /// Whether `exercise` is in an optional part.
    pub fn is_extra(&self, exercise: &Exercise) -> bool {
        self.part
            .iter()
            .any(|p| p.number == exercise.part && p.optional)
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut prev = row[0];
        row[0] = i;
        for j in 1..=b.len() {
            let cur = row[j];
            row[j] = if a[i - 1] == b[j - 1] {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j - 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_id() {
        let registry = Registry::load();
        assert_eq!(registry.nearest("countr"), Some("counter"));
        assert_eq!(registry.nearest("bnak"), Some("bank"));
        assert_eq!(registry.nearest("zzzzzzzzzzzz"), None);
    }
}
