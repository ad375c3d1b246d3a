//! Model threads: `spawn`, `JoinHandle`, `yield_now`, as in std.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::model::panics;
use crate::model::recorder::{self, Action, ThreadIdx};

pub struct JoinHandle<T> {
    inner: loom::thread::JoinHandle<std::thread::Result<T>>,
    idx: ThreadIdx,
}

/// Spawns a model thread. A panic inside it is caught there and becomes an
/// outcome of the execution (the exploration goes on); `join` then returns
/// `Err`, as with std.
pub fn spawn<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let idx = recorder::new_thread();
    let inner = loom::thread::spawn(move || {
        recorder::enter_thread(idx);
        let result = catch_unwind(AssertUnwindSafe(f));
        let panic = result
            .as_ref()
            .err()
            .and_then(panics::student_panic_message);
        recorder::thread_finished(idx, panic);
        crate::model::unwind::release(idx);
        result
    });
    JoinHandle { inner, idx }
}

impl<T> JoinHandle<T> {
    pub fn join(self) -> std::thread::Result<T> {
        if !recorder::is_finished(self.idx) {
            recorder::join_wait(self.idx);
            // Waiting for a thread asleep on a condvar may leave nobody to
            // notify it: then it ends (a lost wakeup), and this join returns.
            super::lock::abandon_sleepers_if_nobody_left(None);
        }
        let result = self.inner.join();
        recorder::joined(self.idx);
        match result {
            Ok(inner) => inner,
            Err(payload) => Err(payload),
        }
    }

    pub fn is_finished(&self) -> bool {
        recorder::is_finished(self.idx)
    }
}

impl<T> std::fmt::Debug for JoinHandle<T> {
    /// As std prints it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JoinHandle").finish_non_exhaustive()
    }
}

pub fn yield_now() {
    recorder::record(Action::Yield);
    loom::thread::yield_now();
}
