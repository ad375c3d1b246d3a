//! Mutex, RwLock and Condvar with parking_lot's API (`lock()` returns the
//! guard, no poisoning), on loom's locks.
//!
//! Every acquisition is announced to the recorder first: a thread that finds
//! the lock taken is recorded as waiting (and checked for a deadlock cycle)
//! before loom parks it, so the report can say who holds what and who waits
//! for what. loom's lock only provides the scheduling; the data lives here,
//! so that a panic never poisons it (see `model::unwind`).

use std::cell::UnsafeCell;
use std::ops::{Deref, DerefMut};
use std::panic::Location;
use std::sync::Arc;

use crate::model::recorder::{self, Action, LockKind, ObjId, ObjKind};
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
    lock: Arc<loom::sync::Mutex<()>>,
    data: UnsafeCell<T>,
    obj: ObjId,
}

// SAFETY: `data` is only reached through a guard of `lock`.
unsafe impl<T: Send> Send for Mutex<T> {}
unsafe impl<T: Send> Sync for Mutex<T> {}

pub struct MutexGuard<'a, T> {
    guard: Option<loom::sync::MutexGuard<'a, ()>>,
    mutex: &'a Mutex<T>,
}

impl<T> Mutex<T> {
    #[track_caller]
    pub fn new(value: T) -> Self {
        audit_money_made(&value);
        Mutex {
            lock: Arc::new(loom::sync::Mutex::new(())),
            data: UnsafeCell::new(value),
            obj: recorder::new_object(ObjKind::Mutex, Location::caller()),
        }
    }

    #[track_caller]
    pub fn lock(&self) -> MutexGuard<'_, T> {
        recorder::request(self.obj, LockKind::Mutex, Location::caller());
        let guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        recorder::locked(self.obj, LockKind::Mutex, Some(Location::caller()));
        MutexGuard {
            guard: Some(guard),
            mutex: self,
        }
    }

    #[track_caller]
    pub fn try_lock(&self) -> Option<MutexGuard<'_, T>> {
        let guard = self.lock.try_lock().ok()?;
        recorder::locked(self.obj, LockKind::Mutex, Some(Location::caller()));
        Some(MutexGuard {
            guard: Some(guard),
            mutex: self,
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
        // SAFETY: this guard holds the lock.
        unsafe { &*self.mutex.data.get() }
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        audit_money(self.mutex.obj, self.mutex.data.get());
        // SAFETY: this guard holds the lock exclusively.
        unsafe { &mut *self.mutex.data.get() }
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        if let Some(guard) = self.guard.take() {
            recorder::unlocked(self.mutex.obj, LockKind::Mutex);
            release!(guard, self.mutex.lock, MutexGuard);
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
}

pub struct RwLockWriteGuard<'a, T> {
    guard: Option<loom::sync::RwLockWriteGuard<'a, ()>>,
    lock: &'a RwLock<T>,
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
        recorder::request(self.obj, LockKind::Read, Location::caller());
        let guard = self.lock.read().unwrap_or_else(|p| p.into_inner());
        recorder::locked(self.obj, LockKind::Read, Some(Location::caller()));
        RwLockReadGuard {
            guard: Some(guard),
            lock: self,
        }
    }

    #[track_caller]
    pub fn write(&self) -> RwLockWriteGuard<'_, T> {
        recorder::request(self.obj, LockKind::Write, Location::caller());
        let guard = self.lock.write().unwrap_or_else(|p| p.into_inner());
        recorder::locked(self.obj, LockKind::Write, Some(Location::caller()));
        RwLockWriteGuard {
            guard: Some(guard),
            lock: self,
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
        // SAFETY: this guard holds the lock for reading.
        unsafe { &*self.lock.data.get() }
    }
}

impl<T> Drop for RwLockReadGuard<'_, T> {
    fn drop(&mut self) {
        if let Some(guard) = self.guard.take() {
            recorder::unlocked(self.lock.obj, LockKind::Read);
            release!(guard, self.lock.lock, RwLockReadGuard);
        }
    }
}

impl<T> Deref for RwLockWriteGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        audit_money(self.lock.obj, self.lock.data.get());
        // SAFETY: this guard holds the lock exclusively.
        unsafe { &*self.lock.data.get() }
    }
}

impl<T> DerefMut for RwLockWriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        audit_money(self.lock.obj, self.lock.data.get());
        // SAFETY: this guard holds the lock exclusively.
        unsafe { &mut *self.lock.data.get() }
    }
}

impl<T> Drop for RwLockWriteGuard<'_, T> {
    fn drop(&mut self) {
        if let Some(guard) = self.guard.take() {
            recorder::unlocked(self.lock.obj, LockKind::Write);
            release!(guard, self.lock.lock, RwLockWriteGuard);
        }
    }
}

pub struct Condvar {
    inner: loom::sync::Condvar,
    obj: ObjId,
}

impl Condvar {
    #[track_caller]
    pub fn new() -> Self {
        Condvar {
            inner: loom::sync::Condvar::new(),
            obj: recorder::new_object(ObjKind::Condvar, Location::caller()),
        }
    }

    /// Releases the guard's mutex, waits for a notification, re-locks.
    pub fn wait<T>(&self, guard: &mut MutexGuard<'_, T>) {
        let inner = guard.guard.take().expect("guard is held");
        recorder::unlocked(guard.mutex.obj, LockKind::Mutex);
        recorder::record(Action::CondWait { obj: self.obj });
        let inner = self.inner.wait(inner).unwrap_or_else(|p| p.into_inner());
        recorder::record(Action::CondWoken { obj: self.obj });
        recorder::locked(guard.mutex.obj, LockKind::Mutex, None);
        guard.guard = Some(inner);
    }

    pub fn notify_one(&self) -> bool {
        recorder::record(Action::Notify {
            obj: self.obj,
            all: false,
        });
        self.inner.notify_one();
        true
    }

    pub fn notify_all(&self) -> usize {
        recorder::record(Action::Notify {
            obj: self.obj,
            all: true,
        });
        self.inner.notify_all();
        0
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
