//! expect: reject
//! class: scan-escape
//! why: #[path] compiles the kit's own reference solution (five levels up from the staged labs/src) instead of the student's code

#[path = "../../../../../solutions/list.rs"]
mod reference;

pub use reference::SharedList;
