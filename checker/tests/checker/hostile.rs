//! Code that misbehaves (checker/fixtures/): every case ends with a clear
//! verdict in bounded time, in a child process, never a hang or a lost
//! report.

use std::process::Command;

fn isolated(module: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_labcheck"))
        .args(["--lang", "ru", "__isolated", "fixtures", module])
        .env("NO_COLOR", "1")
        // The busy loop has no scheduling point: only this limit stops it.
        .env("RACELAB_CHECK_TIMEOUT", "3")
        .output()
        .expect("labcheck runs");
    assert!(out.status.success(), "{module}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn hostile_code_gets_a_clear_verdict() {
    let mut all = String::new();
    for module in [
        "around_facade",
        "busy_loop",
        "chatty",
        "escape_macro",
        "escape_path",
        "escape_thread_local",
        "flood",
        "idle",
        "long_computation",
        "lost_wakeup",
        "overflow",
        "panics",
        "self_deadlock",
        "sleep_imported",
        "spin",
    ] {
        all.push_str(&format!("## {module}\n{}\n", isolated(module)));
    }
    crate::snapshot("hostile_fixtures", &all);
}
