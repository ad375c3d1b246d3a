//! expect: reject
//! class: scan-escape
//! why: include! of the reference solution by an absolute path built from env!("CARGO_MANIFEST_DIR")

include!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../../solutions/list.rs"));
