//! Telling the student's panics from the checker's own and loom's, and
//! keeping the default hook quiet while thousands of executions run.

use std::any::Any;
use std::cell::Cell;
use std::panic::{self, PanicHookInfo};
use std::sync::OnceLock;

use super::recorder::{self, AbortThread};

/// Messages of panics raised by loom itself: the model, not the student's
/// code, cannot go on.
const LOOM_FATAL: &[&str] = &[
    "deadlock; threads",
    "Model exceeded maximum number of branches",
    "Reached unexpected exploration state",
    "cannot access Loom execution state",
    "[loom internal bug]",
    "Causality violation",
    "attempted to create",
];

pub fn payload_message(payload: &(dyn Any + Send)) -> Option<String> {
    if let Some(s) = payload.downcast_ref::<&str>() {
        Some((*s).to_string())
    } else {
        payload.downcast_ref::<String>().cloned()
    }
}

pub fn is_loom_fatal(message: &str) -> bool {
    LOOM_FATAL.iter().any(|m| message.contains(m))
}

/// The message of a panic in student code, or `None` for the checker's own
/// [`AbortThread`]. A loom failure is passed on: the model cannot continue.
pub fn student_panic_message(payload: &Box<dyn Any + Send>) -> Option<String> {
    if payload.is::<AbortThread>() {
        return None;
    }
    let message = payload_message(payload.as_ref()).unwrap_or_else(|| "Box<dyn Any>".to_string());
    if is_loom_fatal(&message) {
        recorder::fatal(message.clone());
        // Let loom end the model; the runner reports why.
        panic::resume_unwind(Box::new(message));
    }
    let message = match recorder::take_last_panic_site() {
        Some(site) => format!("{message} ({site})"),
        None => message,
    };
    Some(message)
}

type Hook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

static PREVIOUS_HOOK: OnceLock<Hook> = OnceLock::new();

thread_local! {
    static EXPLORING: Cell<bool> = const { Cell::new(false) };
}

/// While alive, panics on this OS thread print nothing (they become
/// outcomes); a fatal loom panic prints one `RACELAB-FATAL` line with the
/// execution so far, for the parent process when the model aborts. Other
/// threads (tests running side by side) keep the previous hook.
pub struct QuietPanics(());

impl QuietPanics {
    pub fn install() -> QuietPanics {
        PREVIOUS_HOOK.get_or_init(|| {
            let previous = panic::take_hook();
            panic::set_hook(Box::new(hook));
            previous
        });
        EXPLORING.with(|e| e.set(true));
        QuietPanics(())
    }
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        EXPLORING.with(|e| e.set(false));
    }
}

fn hook(info: &PanicHookInfo<'_>) {
    if !EXPLORING.with(|e| e.get()) {
        if let Some(previous) = PREVIOUS_HOOK.get() {
            previous(info);
        }
        return;
    }
    let message = payload_message(info.payload()).unwrap_or_default();
    if is_loom_fatal(&message) {
        super::explore::print_fatal_record(&message);
        return;
    }
    let site = info.location().map(|l| {
        let file = std::path::Path::new(l.file())
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        format!("{file}:{}", l.line())
    });
    recorder::set_last_panic_site(site);
}
