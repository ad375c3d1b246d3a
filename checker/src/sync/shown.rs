//! The data behind a lock as the trace prints it, and what one critical
//! section did with it.
//!
//! The facade's locks are generic over any `T`, with no `Debug` bound (the
//! exercise's own build uses parking_lot, which has none), so the data is
//! printed only for the types the exercises keep behind locks: integers,
//! `bool`, and `Vec`/`Option`/`VecDeque` of them. Other data is shown as
//! the lock alone, as before.

use std::cell::{Cell, RefCell};

use crate::model::recorder::{self, Guarded};

/// `*data` printed, if its type is one the trace shows.
///
/// Safety: `data` points to a live `T` that nobody changes during the call.
unsafe fn show<T>(data: *const T) -> Option<String> {
    let name = std::any::type_name::<T>();
    macro_rules! as_type {
        ($($t:ty),*) => {
            $(
                if name == std::any::type_name::<$t>()
                    && std::mem::size_of::<T>() == std::mem::size_of::<$t>()
                {
                    // SAFETY: the type is the one named (same name, same size).
                    return Some(format!("{:?}", unsafe { &*data.cast::<$t>() }));
                }
            )*
        };
    }
    macro_rules! each_int {
        ($($i:ty),*) => {
            as_type!($($i, Vec<$i>, Option<$i>, std::collections::VecDeque<$i>),*);
        };
    }
    each_int!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);
    as_type!(bool, Vec<bool>, Option<bool>);
    None
}

/// What the holder of one guard has done with the data so far.
#[derive(Default)]
pub(super) struct Use {
    /// The data as the first deref found it (`None` until then, and for a
    /// type the trace does not print).
    before: RefCell<Option<String>>,
    reached: Cell<bool>,
    read: Cell<bool>,
    mutated: Cell<bool>,
}

impl Use {
    /// The holder reaches the data: for reading (`Deref`) or for changing
    /// (`DerefMut`). The first time, the data is noted as it is then.
    pub(super) fn reach<T>(&self, data: *const T, mutable: bool) {
        if !self.reached.replace(true) && recorder::recording() {
            // SAFETY: the caller's guard holds the lock; nothing changes the
            // data during the call.
            *self.before.borrow_mut() = unsafe { show(data) };
        }
        if mutable {
            self.mutated.set(true);
        } else {
            self.read.set(true);
        }
    }

    /// At the unlock: what the section did, for the trace. Resets, so a
    /// guard that a Condvar wait re-locks starts a new section.
    pub(super) fn take<T>(&self, data: *const T) -> Option<Guarded> {
        let reached = self.reached.replace(false);
        let read = self.read.replace(false);
        let mutated = self.mutated.replace(false);
        let before = self.before.borrow_mut().take();
        if !reached {
            return None;
        }
        let before = before?;
        // SAFETY: as in `reach`: the lock is still held.
        let now = unsafe { show(data) }?;
        Some(Guarded {
            after: (now != before).then_some(now),
            before,
            read,
            mutated,
        })
    }
}
