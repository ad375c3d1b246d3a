//! `labwitness ID [SEED]`: runs exercise ID of the labs crate for real —
//! OS threads, or tasks on tokio — many times with parameters drawn from a
//! seeded proptest runner, and checks the same invariants as the model.
//!
//! The grader calls it for every exercise that passed the model checker: a
//! submission that behaves under the model but breaks for real (say, code
//! that notices it is being model-checked) is flagged instead of credited.
//! The verdict goes to the grader's private channel (`racelab_sandbox`) as
//! `{"passed": bool, "ru": …, "en": …}`; exercise code writes the same
//! stdout, so the lines and exit code printed here are for a reader only.
//! Exit 0: nothing wrong seen; 1: a broken invariant; 2: usage. A hang (a
//! deadlock under stress) is for the caller's time limit to catch.

use witness::{params, stress};

use std::process::ExitCode;

/// The seed when none is given: the same submission gets the same run.
const DEFAULT_SEED: u64 = 0x2AB0_1A2B;

fn main() -> ExitCode {
    // Before any exercise code: take the report channel, confine.
    let entered = racelab_sandbox::enter();
    // Child processes of the exercises are this program started again.
    labs::process::serve_worker_if_asked();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(id) = args.first() else {
        eprintln!("usage: labwitness ID [SEED]");
        return ExitCode::from(2);
    };
    let seed = match args.get(1).map(|s| s.parse::<u64>()) {
        None => DEFAULT_SEED,
        Some(Ok(seed)) => seed,
        Some(Err(_)) => {
            eprintln!("usage: labwitness ID [SEED]");
            return ExitCode::from(2);
        }
    };
    let Some(run) = stress::find(id) else {
        eprintln!("labwitness: no stress test for '{id}'");
        return ExitCode::from(2);
    };
    println!("seed {seed}");
    let mut params = params::Params::new(seed);
    // A panic in exercise code (a `todo!` in a starter, say) is a result:
    // its message, not a backtrace.
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&mut params)));
    // The stress tests write "русский / English"; a panic's message is
    // the exercise code's own, shown whole in both.
    let (passed, ru, en) = match result {
        Ok(Ok(summary)) => split(true, &summary),
        Ok(Err(problem)) => split(false, &problem),
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            (
                false,
                format!("паника: {message}"),
                format!("panic: {message}"),
            )
        }
    };
    let record = serde_json::json!({ "passed": passed, "ru": ru, "en": en });
    if entered.channel {
        racelab_sandbox::send(&record.to_string());
    }
    let word = if passed { "ok" } else { "broken" };
    println!("{word}: {ru}");
    println!("{word}-en: {en}");
    if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn split(passed: bool, message: &str) -> (bool, String, String) {
    match message.split_once(" / ") {
        Some((ru, en)) => (passed, ru.to_string(), en.to_string()),
        None => (passed, message.to_string(), message.to_string()),
    }
}
