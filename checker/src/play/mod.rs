//! `cargo lab play ID`: the student is the scheduler of the exercise's own
//! model. The child process that runs the student's code explores every
//! execution (as the check does) and sends each one as a list of moves with
//! their dependencies ([`collect`]); the game ([`game`]) then walks that set
//! in the parent, no student code running there: a schedule the player makes
//! up is matched with an explored execution it is equivalent to (loom visits
//! at least one of every class). The screen ([`screen`]) and the terminal
//! ([`term`]) are apart from the game, so `--keys` plays the same game.
//!
//! The same child serves `explain --execution N` and `--outcome TEXT`
//! ([`Request`]): replaying any execution by its number.

pub mod collect;
pub mod game;
pub mod load;
pub mod run;
pub mod screen;
pub mod session;
pub mod term;

use serde::{Deserialize, Serialize};

use crate::model::explore::Counterexample;
use crate::report::ExerciseReport;
use crate::text::Text;

/// What the parent asks the child for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// Every execution, as moves (the game).
    Play,
    /// The execution with this number (1-based, in the order explored).
    Execution(u64),
    /// The execution with the fewest preemptions (then steps) whose outcome
    /// contains this text (either language, any case).
    Outcome(String),
}

impl Request {
    /// As the child's command line carries it.
    pub fn to_arg(&self) -> String {
        match self {
            Request::Play => "play".to_string(),
            Request::Execution(n) => format!("execution={n}"),
            Request::Outcome(text) => format!("outcome={text}"),
        }
    }

    pub fn from_arg(arg: &str) -> Option<Request> {
        if arg == "play" {
            return Some(Request::Play);
        }
        if let Some(n) = arg.strip_prefix("execution=") {
            return n.parse().ok().map(Request::Execution);
        }
        arg.strip_prefix("outcome=")
            .map(|t| Request::Outcome(t.to_string()))
    }
}

/// What a move does to the state the screen shows.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// The object's value as the move read or left it.
    Value {
        obj: String,
        value: String,
    },
    Holds {
        obj: String,
    },
    Releases {
        obj: String,
    },
    Waits {
        obj: String,
    },
}

/// One move of an execution: what one thread (or task) does from one
/// scheduling point to the next.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Move {
    /// Index into [`Exec::threads`].
    pub thread: usize,
    /// What the player sees of it, one text per event; empty for a move the
    /// game takes by itself (the scenario's own setup and joins).
    pub labels: Vec<Text>,
    /// For every thread, how many of its moves must come before this one.
    pub after: Vec<usize>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub effects: Vec<Effect>,
    /// Task models: the virtual time the poll started at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_ms: Option<u64>,
}

impl Move {
    pub fn hidden(&self) -> bool {
        self.labels.is_empty()
    }
}

/// One explored execution.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Exec {
    /// 1-based, in the order explored (the report's «исполнение № N»).
    pub n: u64,
    /// Thread (task) names by index.
    pub threads: Vec<String>,
    /// In the order they ran.
    pub moves: Vec<Move>,
    pub outcome: Text,
    pub expected: bool,
}

/// The child's answer.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Explored {
    /// The check's own report (verdict, outcome table, counterexample).
    pub report: ExerciseReport,
    /// Executions the acceptance run explored.
    pub total: u64,
    /// [`Request::Play`]: every execution.
    #[serde(default)]
    pub executions: Vec<Exec>,
    /// [`Request::Play`]: the player's keys (thread names) of a forbidden
    /// execution with the fewest preemptions (switches for tasks).
    #[serde(default)]
    pub solution: Option<Vec<String>>,
    /// [`Request::Execution`], [`Request::Outcome`]: the one asked for, and
    /// whether its outcome is expected.
    #[serde(default)]
    pub chosen: Option<(Counterexample, bool)>,
}
