//! `RaceCell` in the model: a loom `UnsafeCell`, whose causality tracking
//! reports two accesses that nothing orders (at least one a write).

use std::panic::{catch_unwind, AssertUnwindSafe, Location};
use std::sync::atomic::Ordering;

use crate::model::recorder::{self, Action, ObjId, ObjKind};

pub struct RaceCell<T> {
    cell: loom::cell::UnsafeCell<T>,
    /// Accessing an UnsafeCell is not a scheduling point in loom; a relaxed
    /// access of the cell's own atomic makes it one (and synchronises
    /// nothing). A write is a relaxed `fetch_add`, so that loom sees a write
    /// and a read of one cell as dependent and tries both their orders: with
    /// loads alone, it ran one order only and missed cheaper schedules.
    point: loom::sync::atomic::AtomicUsize,
    obj: ObjId,
}

// SAFETY: in the model every access goes through loom's UnsafeCell, which
// checks it; loom runs all model threads on one OS thread.
unsafe impl<T: Send> Sync for RaceCell<T> {}

impl<T: Copy + std::fmt::Debug> RaceCell<T> {
    #[track_caller]
    pub fn new(value: T) -> Self {
        RaceCell {
            cell: loom::cell::UnsafeCell::new(value),
            point: loom::sync::atomic::AtomicUsize::new(0),
            obj: recorder::new_object(ObjKind::Cell, Location::caller()),
        }
    }

    pub fn get(&self) -> T {
        self.point.load(Ordering::Relaxed);
        recorder::cell_access(self.obj, false);
        // SAFETY: loom checks the access; a racing one panics before reading.
        let value = catch_unwind(AssertUnwindSafe(|| self.cell.with(|p| unsafe { *p })))
            .unwrap_or_else(|_| recorder::data_race(self.obj, false));
        recorder::record(Action::CellRead {
            obj: self.obj,
            value: format!("{value:?}"),
        });
        value
    }

    pub fn set(&self, value: T) {
        self.point.fetch_add(1, Ordering::Relaxed);
        recorder::cell_access(self.obj, true);
        // SAFETY: as in `get`.
        catch_unwind(AssertUnwindSafe(|| {
            self.cell.with_mut(|p| unsafe { *p = value })
        }))
        .unwrap_or_else(|_| recorder::data_race(self.obj, true));
        recorder::record(Action::CellWrite {
            obj: self.obj,
            value: format!("{value:?}"),
        });
    }
}

impl<T: Copy + Default + std::fmt::Debug> Default for RaceCell<T> {
    #[track_caller]
    fn default() -> Self {
        RaceCell::new(T::default())
    }
}
