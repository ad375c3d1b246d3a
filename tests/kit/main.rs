//! The kit's integration tests, one binary, so that the long end-to-end
//! tests (grading, a class, the exported repository) run side by side with
//! the rest instead of one binary after another. `cargo test --test kit
//! grade` runs one module's tests. (tests/registry.rs stays a binary of its
//! own: the exported student repository carries it.)

/// The real facades, as the solution files that `properties` and
/// `async_logs` compile in see them (`crate::sync`, `crate::rt`).
mod sync {
    pub use labs::sync::*;
}
mod rt {
    pub use labs::rt::*;
}

#[path = "../support/base64.rs"]
mod base64;

/// One snapshot of a whole output, in snapshots/ (reviewed with `cargo
/// insta review`).
fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "../../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

mod async_logs;
mod consumers;
mod corpus;
mod exercises;
mod export;
mod grade;
mod grade_class;
mod guide;
mod linearizability;
mod parity;
mod properties;
