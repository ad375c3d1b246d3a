//! Mutex, RwLock and Condvar with parking_lot's API (`lock()` returns the
//! guard, no poisoning), on loom's locks.
//!
//! Every acquisition is announced to the recorder first: a thread that finds
//! the lock taken is recorded as waiting (and checked for a deadlock cycle)
//! before it parks, so the report can say who holds what and who waits for
//! what. loom's locks provide the scheduling; the Mutex adds a flag that
//! `try_lock` races for, so that it meets contention, and the Condvar is the
//! facade's own (loom's park/unpark), since a mutex taken by `try_lock` has
//! no loom guard to wait with. The data lives here, so that
//! a panic never poisons it (see `model::unwind`).

use std::cell::{Cell, RefCell, UnsafeCell};
use std::ops::{Deref, DerefMut};
use std::panic::Location;
use std::rc::Rc;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::shown::Use;
use crate::model::recorder::{self, Action, Guarded, LockKind, ObjId, ObjKind};
use crate::model::unwind;

/// Drops a loom guard now, or, while the thread unwinds, once its panic has
/// been caught (dropping it now would poison loom's lock).
macro_rules! release {
    ($guard:expr, $lock:expr, $guard_type:ident) => {{
        let guard = $guard;
        if std::thread::panicking() {
            let owner: Arc<dyn std::any::Any> = $lock.clone();
            // SAFETY: only the lifetime changes; the guard borrows from the
            // lock inside `owner`, which `park` keeps alive until the guard
            // is gone.
            unsafe {
                let guard: loom::sync::$guard_type<'static, ()> = std::mem::transmute(guard);
                unwind::park(recorder::current(), guard, owner);
            }
        } else {
            drop(guard);
        }
    }};
}

pub struct Mutex<T> {
    /// Orders the threads that call `lock()`: loom blocks them on it without
    /// a branch per attempt.
    lock: Arc<loom::sync::Mutex<()>>,
    /// Whether the mutex is held: the one truth `lock` and `try_lock` race
    /// for, in one compare_exchange. A `try_lock` touches only this flag, so
    /// it can find the mutex held. (loom's Mutex alone parks every thread
    /// whose next operation is on it, a pending `try_lock` too: `try_lock`
    /// would never see contention.)
    held: loom::sync::atomic::AtomicBool,
    /// A `lock()` caller that got `lock` while a `try_lock` holds `held`
    /// parks here until it is released.
    waiters: RefCell<Vec<loom::thread::Thread>>,
    data: UnsafeCell<T>,
    obj: ObjId,
}

// SAFETY: `data` is only reached through a guard, which exists only while
// its thread holds `held`; loom runs every model thread on one OS thread, so
// the RefCell is never borrowed by two at once.
unsafe impl<T: Send> Send for Mutex<T> {}
unsafe impl<T: Send> Sync for Mutex<T> {}

pub struct MutexGuard<'a, T> {
    /// loom's guard when taken by `lock()`; `None` after `try_lock`.
    guard: Option<loom::sync::MutexGuard<'a, ()>>,
    /// False while a Condvar wait has released the mutex.
    locked: bool,
    mutex: &'a Mutex<T>,
    /// What the holder did with the data, for the trace.
    used: Use,
}

impl<T> Mutex<T> {
    #[track_caller]
    pub fn new(value: T) -> Self {
        audit_money_made(&value);
        Mutex {
            lock: Arc::new(loom::sync::Mutex::new(())),
            held: loom::sync::atomic::AtomicBool::new(false),
            waiters: RefCell::new(Vec::new()),
            data: UnsafeCell::new(value),
            obj: recorder::new_object(ObjKind::Mutex, Location::caller()),
        }
    }

    fn take_held(&self) -> bool {
        self.held
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
    }

    /// Waits until this thread holds the mutex. A request that closes a
    /// cycle of waits ends the thread as a deadlock (see `recorder::request`).
    fn acquire(&self, site: &'static Location<'static>) -> loom::sync::MutexGuard<'_, ()> {
        recorder::request_then(self.obj, LockKind::Mutex, site, || {
            self.held.load(Ordering::Relaxed);
        });
        abandon_sleepers_if_nobody_left(None);
        let guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        // Only a `try_lock` can hold `held` now. No scheduling point lies
        // between a failed attempt and the park, and loom keeps an unpark
        // that comes first, so no release is missed.
        while !self.take_held() {
            self.waiters.borrow_mut().push(loom::thread::current());
            loom::thread::park();
        }
        guard
    }

    fn release(&self, guard: Option<loom::sync::MutexGuard<'_, ()>>, data: Option<Guarded>) {
        self.held.swap(false, Ordering::Release);
        recorder::unlocked(self.obj, LockKind::Mutex, data);
        let waiters = std::mem::take(&mut *self.waiters.borrow_mut());
        for thread in waiters {
            thread.unpark();
        }
        if let Some(guard) = guard {
            release!(guard, self.lock, MutexGuard);
        }
    }

    #[track_caller]
    pub fn lock(&self) -> MutexGuard<'_, T> {
        let guard = self.acquire(Location::caller());
        recorder::locked(self.obj, LockKind::Mutex, Some(Location::caller()));
        MutexGuard {
            guard: Some(guard),
            locked: true,
            mutex: self,
            used: Use::default(),
        }
    }

    #[track_caller]
    pub fn try_lock(&self) -> Option<MutexGuard<'_, T>> {
        if !self.take_held() {
            recorder::try_lock_failed(self.obj, Location::caller());
            return None;
        }
        recorder::try_locked(self.obj, Location::caller());
        Some(MutexGuard {
            guard: None,
            locked: true,
            mutex: self,
            used: Use::default(),
        })
    }

    pub fn get_mut(&mut self) -> &mut T {
        self.data.get_mut()
    }

    pub fn into_inner(self) -> T {
        self.data.into_inner()
    }
}

impl<T: Default> Default for Mutex<T> {
    #[track_caller]
    fn default() -> Self {
        Mutex::new(T::default())
    }
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        audit_money(self.mutex.obj, self.mutex.data.get());
        self.used.reach(self.mutex.data.get(), false);
        // SAFETY: this guard holds the lock.
        unsafe { &*self.mutex.data.get() }
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        audit_money(self.mutex.obj, self.mutex.data.get());
        self.used.reach(self.mutex.data.get(), true);
        // SAFETY: this guard holds the lock exclusively.
        unsafe { &mut *self.mutex.data.get() }
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        if std::mem::take(&mut self.locked) {
            let data = self.used.take(self.mutex.data.get());
            self.mutex.release(self.guard.take(), data);
        }
    }
}

pub struct RwLock<T> {
    lock: Arc<loom::sync::RwLock<()>>,
    data: UnsafeCell<T>,
    obj: ObjId,
}

// SAFETY: `data` is only reached through a guard of `lock`.
unsafe impl<T: Send> Send for RwLock<T> {}
unsafe impl<T: Send + Sync> Sync for RwLock<T> {}

pub struct RwLockReadGuard<'a, T> {
    guard: Option<loom::sync::RwLockReadGuard<'a, ()>>,
    lock: &'a RwLock<T>,
    used: Use,
}

pub struct RwLockWriteGuard<'a, T> {
    guard: Option<loom::sync::RwLockWriteGuard<'a, ()>>,
    lock: &'a RwLock<T>,
    used: Use,
}

impl<T> RwLock<T> {
    #[track_caller]
    pub fn new(value: T) -> Self {
        audit_money_made(&value);
        RwLock {
            lock: Arc::new(loom::sync::RwLock::new(())),
            data: UnsafeCell::new(value),
            obj: recorder::new_object(ObjKind::RwLock, Location::caller()),
        }
    }

    #[track_caller]
    pub fn read(&self) -> RwLockReadGuard<'_, T> {
        // A try that fails (the lock is held against this request) is an
        // access loom sees (see `recorder::request_then`).
        recorder::request_then(self.obj, LockKind::Read, Location::caller(), || {
            drop(self.lock.try_read());
        });
        let guard = self.lock.read().unwrap_or_else(|p| p.into_inner());
        recorder::locked(self.obj, LockKind::Read, Some(Location::caller()));
        RwLockReadGuard {
            guard: Some(guard),
            lock: self,
            used: Use::default(),
        }
    }

    #[track_caller]
    pub fn write(&self) -> RwLockWriteGuard<'_, T> {
        recorder::request_then(self.obj, LockKind::Write, Location::caller(), || {
            drop(self.lock.try_write());
        });
        let guard = self.lock.write().unwrap_or_else(|p| p.into_inner());
        recorder::locked(self.obj, LockKind::Write, Some(Location::caller()));
        RwLockWriteGuard {
            guard: Some(guard),
            lock: self,
            used: Use::default(),
        }
    }

    pub fn into_inner(self) -> T {
        self.data.into_inner()
    }
}

impl<T> Deref for RwLockReadGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        audit_money(self.lock.obj, self.lock.data.get());
        self.used.reach(self.lock.data.get(), false);
        // SAFETY: this guard holds the lock for reading.
        unsafe { &*self.lock.data.get() }
    }
}

impl<T> Drop for RwLockReadGuard<'_, T> {
    fn drop(&mut self) {
        if let Some(guard) = self.guard.take() {
            let data = self.used.take(self.lock.data.get());
            recorder::unlocked(self.lock.obj, LockKind::Read, data);
            release!(guard, self.lock.lock, RwLockReadGuard);
        }
    }
}

impl<T> Deref for RwLockWriteGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        audit_money(self.lock.obj, self.lock.data.get());
        self.used.reach(self.lock.data.get(), false);
        // SAFETY: this guard holds the lock exclusively.
        unsafe { &*self.lock.data.get() }
    }
}

impl<T> DerefMut for RwLockWriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        audit_money(self.lock.obj, self.lock.data.get());
        self.used.reach(self.lock.data.get(), true);
        // SAFETY: this guard holds the lock exclusively.
        unsafe { &mut *self.lock.data.get() }
    }
}

impl<T> Drop for RwLockWriteGuard<'_, T> {
    fn drop(&mut self) {
        if let Some(guard) = self.guard.take() {
            let data = self.used.take(self.lock.data.get());
            recorder::unlocked(self.lock.obj, LockKind::Write, data);
            release!(guard, self.lock.lock, RwLockWriteGuard);
        }
    }
}

pub struct Condvar {
    /// Threads waiting for a notification, first come first served, each
    /// with the state its notification sets.
    waiters: RefCell<Vec<(loom::thread::Thread, Rc<Cell<Wake>>)>>,
    obj: ObjId,
}

/// Where a condvar wait stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wake {
    Waiting,
    Notified,
    /// Nobody was left to notify it (a lost wakeup): the thread ends.
    Abandoned,
}

/// A thread asleep on some condvar: who, how to wake it, and its state.
type Sleeper = (recorder::ThreadIdx, loom::thread::Thread, Rc<Cell<Wake>>);

thread_local! {
    /// Every thread of the current execution asleep on any condvar (model
    /// threads share one OS thread). Empty between executions: an execution
    /// ends only when each of its waits has.
    static ASLEEP: RefCell<Vec<Sleeper>> = const { RefCell::new(Vec::new()) };
}

fn fall_asleep(sleeper: Sleeper) {
    ASLEEP.with(|a| a.borrow_mut().push(sleeper));
}

fn wake_up(me: recorder::ThreadIdx) {
    ASLEEP.with(|a| a.borrow_mut().retain(|(t, ..)| *t != me));
}

/// Before this thread parks on a condvar: if nobody is left to notify the
/// sleepers, every one of them ends, this one too. Without this, loom
/// aborts the whole model ("deadlock") and the report has no
/// counterexample.
fn end_if_nobody_left(me: recorder::ThreadIdx) {
    if abandon_sleepers_if_nobody_left(Some(me)) {
        wake_up(me);
        std::panic::panic_any(recorder::AbortThread);
    }
}

/// Before a thread blocks (on a condvar, a join, a lock): if that leaves
/// nobody to notify the threads asleep on condvars, they are woken to end
/// (all but `me`, which the caller ends). Returns whether it did.
pub(super) fn abandon_sleepers_if_nobody_left(me: Option<recorder::ThreadIdx>) -> bool {
    let asleep: Vec<recorder::ThreadIdx> = ASLEEP.with(|a| {
        a.borrow()
            .iter()
            .filter(|(_, _, state)| state.get() == Wake::Waiting)
            .map(|(t, ..)| *t)
            .collect()
    });
    if asleep.is_empty() || !recorder::nobody_left_to_wake(&asleep) {
        return false;
    }
    ASLEEP.with(|a| {
        for (t, thread, state) in a.borrow().iter() {
            if Some(*t) != me && state.get() == Wake::Waiting {
                state.set(Wake::Abandoned);
                thread.unpark();
            }
        }
    });
    true
}

// SAFETY: as for Mutex: every model thread runs on one OS thread.
unsafe impl Send for Condvar {}
unsafe impl Sync for Condvar {}

impl Condvar {
    #[track_caller]
    pub fn new() -> Self {
        Condvar {
            waiters: RefCell::new(Vec::new()),
            obj: recorder::new_object(ObjKind::Condvar, Location::caller()),
        }
    }

    /// Releases the guard's mutex, waits for a notification, re-locks.
    /// The wait is registered before the mutex is released, so a notify
    /// that comes after the release always finds it.
    #[track_caller]
    pub fn wait<T>(&self, guard: &mut MutexGuard<'_, T>) {
        assert!(guard.locked, "guard is held");
        let state = Rc::new(Cell::new(Wake::Waiting));
        self.waiters
            .borrow_mut()
            .push((loom::thread::current(), Rc::clone(&state)));
        guard.locked = false;
        let data = guard.used.take(guard.mutex.data.get());
        guard.mutex.release(guard.guard.take(), data);
        recorder::record(Action::CondWait { obj: self.obj });
        let me = recorder::current();
        fall_asleep((me, loom::thread::current(), Rc::clone(&state)));
        loop {
            match state.get() {
                Wake::Notified => break,
                Wake::Abandoned => {
                    wake_up(me);
                    std::panic::panic_any(recorder::AbortThread);
                }
                Wake::Waiting => {
                    end_if_nobody_left(me);
                    loom::thread::park();
                }
            }
        }
        wake_up(me);
        recorder::record(Action::CondWoken { obj: self.obj });
        guard.guard = Some(guard.mutex.acquire(Location::caller()));
        recorder::locked(guard.mutex.obj, LockKind::Mutex, None);
        guard.locked = true;
    }

    pub fn notify_one(&self) -> bool {
        recorder::record(Action::Notify {
            obj: self.obj,
            all: false,
        });
        let first = {
            let mut waiters = self.waiters.borrow_mut();
            (!waiters.is_empty()).then(|| waiters.remove(0))
        };
        match first {
            Some((thread, state)) => {
                state.set(Wake::Notified);
                thread.unpark();
                true
            }
            None => false,
        }
    }

    pub fn notify_all(&self) -> usize {
        recorder::record(Action::Notify {
            obj: self.obj,
            all: true,
        });
        let waiters = std::mem::take(&mut *self.waiters.borrow_mut());
        let n = waiters.len();
        for (thread, state) in waiters {
            state.set(Wake::Notified);
            thread.unpark();
        }
        n
    }
}

impl Default for Condvar {
    #[track_caller]
    fn default() -> Self {
        Condvar::new()
    }
}

/// For the bank's audit (`recorder::audit_start`): a guard of `obj` is
/// out, so its data can be read until the unlock. Money is what an `i64`
/// or a `Vec<i64>` lock holds (the bank's accounts, one lock each or one
/// for all); other data is not the audit's.
fn audit_money<T>(obj: ObjId, data: *const T) {
    if !recorder::auditing() {
        return;
    }
    if let Some(reader) = money_reader(data) {
        recorder::money_guarded(obj, reader);
    }
}

/// A lock holding `value` is being made: its money, if it is money.
fn audit_money_made<T>(value: &T) {
    if !recorder::auditing() {
        return;
    }
    if let Some(reader) = money_reader(value as *const T) {
        recorder::money_made(reader());
    }
}

fn money_reader<T>(data: *const T) -> Option<Box<dyn Fn() -> Vec<i64>>> {
    let reader: Box<dyn Fn() -> Vec<i64>> = match std::any::type_name::<T>() {
        // SAFETY (both): the type is the one named, and the reader is
        // called only while `data` is alive and nobody else can change it:
        // at once for a value being made, before the unlock for a guard.
        "i64" => {
            let data = data.cast::<i64>();
            Box::new(move || vec![unsafe { *data }])
        }
        "alloc::vec::Vec<i64>" => {
            let data = data.cast::<Vec<i64>>();
            Box::new(move || unsafe { (*data).clone() })
        }
        _ => return None,
    };
    Some(reader)
}
