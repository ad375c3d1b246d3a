//! The real facade and the checker's model twin are indistinguishable to
//! exercise code: one probe file (tests/parity/probe.rs), compiled against
//! each, calls every facade API and formats every facade type in several
//! states, and both builds must print the very same text. A difference is a
//! way for hostile code to notice the model and behave only there.

// Loading the probe twice, once per facade, is the point.
#![allow(clippy::duplicate_mod)]

use std::sync::Mutex;

use racelab_checker::model::explore::{explore, Limits};
use racelab_checker::model::{ModelParams, Observation};
use racelab_checker::text::Text;

// The path on an inline module names the folder of the files inside it.
#[path = "../parity"]
mod real {
    mod sync {
        pub use labs::sync::*;
    }
    pub mod probe;
}

#[path = "../parity"]
mod model {
    mod sync {
        pub use racelab_checker::sync::*;
    }
    pub mod probe;
}

/// Every execution's lines (the probe has a thread, so loom runs it in each
/// order of that thread's steps).
static MODEL_RUNS: Mutex<Vec<Vec<String>>> = Mutex::new(Vec::new());

fn model_scenario(_: &ModelParams) -> Observation {
    let lines = model::probe::run();
    MODEL_RUNS.lock().unwrap().push(lines);
    Observation {
        state: Text::same("probed"),
        expected: true,
    }
}

#[test]
fn the_model_prints_and_answers_as_the_real_facade() {
    let real = real::probe::run();
    let exploration = explore(
        model_scenario,
        ModelParams::new(1, 1),
        None,
        Limits::default(),
    );
    assert!(exploration.complete);
    assert_eq!(exploration.forbidden(), 0, "{:?}", exploration.outcomes);
    let runs = std::mem::take(&mut *MODEL_RUNS.lock().unwrap());
    assert!(!runs.is_empty());
    for model in &runs {
        for (i, (r, m)) in real.iter().zip(model).enumerate() {
            assert_eq!(r, m, "line {i} differs (real, then model)");
        }
        assert_eq!(real.len(), model.len());
    }
    // The probe really looked at something: values, lock states, handles.
    let all = real.join("\n");
    for seen in [
        "new: 5",
        "Mutex { data: <locked> }",
        "Mutex {\n    data: [\n        1,",
        "JoinHandle { .. }",
        "Condvar { .. }",
        "fetch_update some Ok(",
        "join Some(42)",
    ] {
        assert!(all.contains(seen), "{seen:?} not in:\n{all}");
    }
}
