//! Settings several layers share: where the kit is, and how long a check, a
//! stress run or a real exercise may take.

use std::time::Duration;

use crate::model::explore::Limits;

/// The kit's root, where labs/ and solutions/ are.
pub const KIT_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The hard limit of one stress run (`labwitness`), in grading and in the
/// self-check alike.
pub const WITNESS_TIMEOUT: Duration = Duration::from_secs(30);

/// The limit of the staged build in grading (`RACELAB_BUILD_TIMEOUT`,
/// seconds): a cold build with every dependency takes minutes on two cores,
/// so the default leaves room for a slow machine.
pub fn build_timeout() -> Duration {
    std::env::var("RACELAB_BUILD_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs)
        .unwrap_or(Duration::from_secs(20 * 60))
}

/// Limits of one check: the exploration's own budget, and the child
/// process's hard time limit above it (`RACELAB_CHECK_TIMEOUT`, seconds).
pub fn limits() -> (Limits, Duration) {
    let hard = std::env::var("RACELAB_CHECK_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs)
        .unwrap_or(Duration::from_secs(10));
    let mut limits = Limits::default();
    limits.time = limits.time.min(
        hard.saturating_sub(Duration::from_secs(1))
            .max(Duration::from_secs(1)),
    );
    (limits, hard)
}
