//! The kit's root package: it exists to host the integration tests in
//! `tests/` (starters rejected, solutions accepted, property tests). The
//! student's code is in `labs/`, the engine and the CLI in `checker/`.
