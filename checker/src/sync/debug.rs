//! `Debug` and `Display` of the model's locks, text for text as parking_lot
//! (lock_api 0.4) prints them, so that exercise code cannot tell the model
//! from the real build by formatting a lock. Only the public API is used:
//! formatting a Mutex tries to lock it, as lock_api's does, and that is a
//! step of the model like any other `try_lock`.

use std::fmt;

use super::lock::{Condvar, Mutex, MutexGuard, RwLockReadGuard, RwLockWriteGuard};

/// lock_api prints this, unquoted, for the data of a mutex it cannot take.
struct LockedPlaceholder;

impl fmt::Debug for LockedPlaceholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<locked>")
    }
}

impl<T: fmt::Debug> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.try_lock() {
            Some(guard) => f.debug_struct("Mutex").field("data", &&*guard).finish(),
            None => f
                .debug_struct("Mutex")
                .field("data", &LockedPlaceholder)
                .finish(),
        }
    }
}

impl fmt::Debug for Condvar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad("Condvar { .. }")
    }
}

macro_rules! guard_fmt {
    ($guard:ident) => {
        impl<T: fmt::Debug> fmt::Debug for $guard<'_, T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&**self, f)
            }
        }

        impl<T: fmt::Display> fmt::Display for $guard<'_, T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&**self, f)
            }
        }
    };
}

guard_fmt!(MutexGuard);
guard_fmt!(RwLockReadGuard);
guard_fmt!(RwLockWriteGuard);
