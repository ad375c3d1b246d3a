//! Locks released by a thread that is unwinding (a panic in student code, or
//! the checker ending a deadlocked thread).
//!
//! loom keeps each lock's data in a std lock, which a guard dropped during a
//! panic poisons, and every later `lock()` of it would then fail inside loom.
//! The facade promises parking_lot's behaviour instead: the lock is simply
//! released. So a guard dropped while unwinding is parked here and dropped
//! when the thread's panic has been caught, no longer panicking.

use std::any::Any;
use std::cell::RefCell;

use super::recorder::ThreadIdx;

/// A guard kept alive with the lock it borrows from, dropped in that order.
struct Held<G: 'static> {
    guard: Option<G>,
    _owner: std::sync::Arc<dyn Any>,
}

impl<G: 'static> Drop for Held<G> {
    fn drop(&mut self) {
        self.guard.take();
    }
}

thread_local! {
    static PARKED: RefCell<Vec<(ThreadIdx, Box<dyn Any>)>> = const { RefCell::new(Vec::new()) };
}

/// Parks `guard` until [`release`] for `thread`. `owner` must own what
/// `guard` borrows, so that it outlives the guard.
///
/// # Safety
/// `G` must be `guard`'s type with its lifetime extended to `'static`, and
/// `guard` must borrow only from inside `owner`.
pub unsafe fn park<G: 'static>(thread: ThreadIdx, guard: G, owner: std::sync::Arc<dyn Any>) {
    let held = Held {
        guard: Some(guard),
        _owner: owner,
    };
    PARKED.with(|p| p.borrow_mut().push((thread, Box::new(held))));
}

/// Releases every lock `thread` dropped while unwinding.
pub fn release(thread: ThreadIdx) {
    let mine: Vec<Box<dyn Any>> = PARKED.with(|p| {
        let mut parked = p.borrow_mut();
        let (mine, rest): (Vec<_>, Vec<_>) = parked.drain(..).partition(|(t, _)| *t == thread);
        *parked = rest;
        mine.into_iter().map(|(_, held)| held).collect()
    });
    drop(mine);
}

/// Forgets everything parked (a new exploration starts).
pub fn clear() {
    PARKED.with(|p| p.borrow_mut().clear());
}
