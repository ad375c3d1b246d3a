//! Atomics as std has them. The model is sequentially consistent: a load is
//! modelled as a read-modify-write that changes nothing and a store as a
//! swap, so every access sees the latest value. (loom on its own models the
//! C++ memory model, where a plain load may return an older value; that is a
//! different lesson from this lab's interleavings.)

use std::panic::Location;
use std::sync::atomic::Ordering;

use crate::model::recorder::{self, Action, ObjId, ObjKind};

macro_rules! atomic_int {
    ($name:ident, $int:ty) => {
        pub struct $name {
            inner: loom::sync::atomic::$name,
            obj: ObjId,
        }

        impl $name {
            #[track_caller]
            pub fn new(value: $int) -> Self {
                $name {
                    inner: loom::sync::atomic::$name::new(value),
                    obj: recorder::new_object(ObjKind::Atomic, Location::caller()),
                }
            }

            pub fn load(&self, order: Ordering) -> $int {
                let value = self.inner.fetch_add(0, order);
                recorder::record(Action::Read {
                    obj: self.obj,
                    value: value.to_string(),
                });
                value
            }

            pub fn store(&self, value: $int, order: Ordering) {
                self.inner.swap(value, order);
                recorder::record(Action::Write {
                    obj: self.obj,
                    value: value.to_string(),
                });
            }

            fn updated(&self, op: &'static str, old: $int, new: $int) {
                recorder::record(Action::Update {
                    obj: self.obj,
                    op,
                    old: old.to_string(),
                    new: new.to_string(),
                });
            }

            pub fn swap(&self, value: $int, order: Ordering) -> $int {
                let old = self.inner.swap(value, order);
                self.updated("swap", old, value);
                old
            }

            pub fn fetch_add(&self, value: $int, order: Ordering) -> $int {
                let old = self.inner.fetch_add(value, order);
                self.updated("fetch_add", old, old.wrapping_add(value));
                old
            }

            pub fn fetch_sub(&self, value: $int, order: Ordering) -> $int {
                let old = self.inner.fetch_sub(value, order);
                self.updated("fetch_sub", old, old.wrapping_sub(value));
                old
            }

            pub fn fetch_max(&self, value: $int, order: Ordering) -> $int {
                let old = self.inner.fetch_max(value, order);
                self.updated("fetch_max", old, old.max(value));
                old
            }

            pub fn fetch_min(&self, value: $int, order: Ordering) -> $int {
                let old = self.inner.fetch_min(value, order);
                self.updated("fetch_min", old, old.min(value));
                old
            }

            pub fn compare_exchange(
                &self,
                current: $int,
                new: $int,
                success: Ordering,
                failure: Ordering,
            ) -> Result<$int, $int> {
                let result = self.inner.compare_exchange(current, new, success, failure);
                self.exchanged(current, new, result)
            }

            pub fn compare_exchange_weak(
                &self,
                current: $int,
                new: $int,
                success: Ordering,
                failure: Ordering,
            ) -> Result<$int, $int> {
                let result = self
                    .inner
                    .compare_exchange_weak(current, new, success, failure);
                self.exchanged(current, new, result)
            }

            fn exchanged(
                &self,
                current: $int,
                new: $int,
                result: Result<$int, $int>,
            ) -> Result<$int, $int> {
                match result {
                    Ok(old) => self.updated("compare_exchange", old, new),
                    Err(actual) => recorder::record(Action::CasFailed {
                        obj: self.obj,
                        expected: current.to_string(),
                        actual: actual.to_string(),
                    }),
                }
                result
            }

            pub fn fetch_and(&self, value: $int, order: Ordering) -> $int {
                let old = self.inner.fetch_and(value, order);
                self.updated("fetch_and", old, old & value);
                old
            }

            pub fn fetch_or(&self, value: $int, order: Ordering) -> $int {
                let old = self.inner.fetch_or(value, order);
                self.updated("fetch_or", old, old | value);
                old
            }

            pub fn fetch_xor(&self, value: $int, order: Ordering) -> $int {
                let old = self.inner.fetch_xor(value, order);
                self.updated("fetch_xor", old, old ^ value);
                old
            }

            pub fn fetch_nand(&self, value: $int, order: Ordering) -> $int {
                let old = self.inner.fetch_nand(value, order);
                self.updated("fetch_nand", old, !(old & value));
                old
            }

            /// std's own loop: a load, then a compare_exchange_weak per
            /// attempt, each a step of its own (another thread may come
            /// between them, and `f` may run more than once).
            pub fn fetch_update<F>(
                &self,
                set_order: Ordering,
                fetch_order: Ordering,
                mut f: F,
            ) -> Result<$int, $int>
            where
                F: FnMut($int) -> Option<$int>,
            {
                let mut prev = self.load(fetch_order);
                while let Some(next) = f(prev) {
                    match self.compare_exchange_weak(prev, next, set_order, fetch_order) {
                        Ok(old) => return Ok(old),
                        Err(actual) => prev = actual,
                    }
                }
                Err(prev)
            }

            pub fn into_inner(self) -> $int {
                self.inner.into_inner()
            }
        }

        impl Default for $name {
            #[track_caller]
            fn default() -> Self {
                $name::new(0)
            }
        }

        impl From<$int> for $name {
            #[track_caller]
            fn from(value: $int) -> Self {
                $name::new(value)
            }
        }

        impl std::fmt::Debug for $name {
            /// As std: the value, read (a load and so a step of the model,
            /// as it is a real read in the real build).
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.load(Ordering::Relaxed), f)
            }
        }
    };
}

atomic_int!(AtomicU64, u64);
atomic_int!(AtomicI64, i64);
atomic_int!(AtomicU32, u32);
atomic_int!(AtomicI32, i32);
atomic_int!(AtomicUsize, usize);

pub struct AtomicBool {
    inner: loom::sync::atomic::AtomicBool,
    obj: ObjId,
}

impl AtomicBool {
    #[track_caller]
    pub fn new(value: bool) -> Self {
        AtomicBool {
            inner: loom::sync::atomic::AtomicBool::new(value),
            obj: recorder::new_object(ObjKind::Atomic, Location::caller()),
        }
    }

    pub fn load(&self, order: Ordering) -> bool {
        let value = self.inner.fetch_or(false, order);
        recorder::record(Action::Read {
            obj: self.obj,
            value: value.to_string(),
        });
        value
    }

    pub fn store(&self, value: bool, order: Ordering) {
        self.inner.swap(value, order);
        recorder::record(Action::Write {
            obj: self.obj,
            value: value.to_string(),
        });
    }

    pub fn swap(&self, value: bool, order: Ordering) -> bool {
        let old = self.inner.swap(value, order);
        recorder::record(Action::Update {
            obj: self.obj,
            op: "swap",
            old: old.to_string(),
            new: value.to_string(),
        });
        old
    }

    fn updated(&self, op: &'static str, old: bool, new: bool) {
        recorder::record(Action::Update {
            obj: self.obj,
            op,
            old: old.to_string(),
            new: new.to_string(),
        });
    }

    pub fn fetch_and(&self, value: bool, order: Ordering) -> bool {
        let old = self.inner.fetch_and(value, order);
        self.updated("fetch_and", old, old & value);
        old
    }

    pub fn fetch_or(&self, value: bool, order: Ordering) -> bool {
        let old = self.inner.fetch_or(value, order);
        self.updated("fetch_or", old, old | value);
        old
    }

    pub fn fetch_xor(&self, value: bool, order: Ordering) -> bool {
        let old = self.inner.fetch_xor(value, order);
        self.updated("fetch_xor", old, old ^ value);
        old
    }

    pub fn fetch_nand(&self, value: bool, order: Ordering) -> bool {
        let old = self.inner.fetch_nand(value, order);
        self.updated("fetch_nand", old, !(old & value));
        old
    }

    pub fn fetch_not(&self, order: Ordering) -> bool {
        let old = self.inner.fetch_xor(true, order);
        self.updated("fetch_not", old, !old);
        old
    }

    /// As for the integers: std's load-then-compare_exchange_weak loop.
    pub fn fetch_update<F>(
        &self,
        set_order: Ordering,
        fetch_order: Ordering,
        mut f: F,
    ) -> Result<bool, bool>
    where
        F: FnMut(bool) -> Option<bool>,
    {
        let mut prev = self.load(fetch_order);
        while let Some(next) = f(prev) {
            match self.compare_exchange_weak(prev, next, set_order, fetch_order) {
                Ok(old) => return Ok(old),
                Err(actual) => prev = actual,
            }
        }
        Err(prev)
    }

    pub fn compare_exchange_weak(
        &self,
        current: bool,
        new: bool,
        success: Ordering,
        failure: Ordering,
    ) -> Result<bool, bool> {
        // Never fails spuriously in the model: a spurious failure is only a
        // retry, which the real loop around it already has to handle.
        let result = self
            .inner
            .compare_exchange_weak(current, new, success, failure);
        self.exchanged(current, new, result)
    }

    pub fn compare_exchange(
        &self,
        current: bool,
        new: bool,
        success: Ordering,
        failure: Ordering,
    ) -> Result<bool, bool> {
        let result = self.inner.compare_exchange(current, new, success, failure);
        self.exchanged(current, new, result)
    }

    fn exchanged(
        &self,
        current: bool,
        new: bool,
        result: Result<bool, bool>,
    ) -> Result<bool, bool> {
        match result {
            Ok(old) => recorder::record(Action::Update {
                obj: self.obj,
                op: "compare_exchange",
                old: old.to_string(),
                new: new.to_string(),
            }),
            Err(actual) => recorder::record(Action::CasFailed {
                obj: self.obj,
                expected: current.to_string(),
                actual: actual.to_string(),
            }),
        }
        result
    }

    pub fn into_inner(self) -> bool {
        self.inner.into_inner()
    }
}

impl Default for AtomicBool {
    #[track_caller]
    fn default() -> Self {
        AtomicBool::new(false)
    }
}

impl From<bool> for AtomicBool {
    #[track_caller]
    fn from(value: bool) -> Self {
        AtomicBool::new(value)
    }
}

impl std::fmt::Debug for AtomicBool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.load(Ordering::Relaxed), f)
    }
}
