//! What a check's process may do once exercise code runs: bounded memory,
//! no core files, and (Linux, Landlock) no writes to any file but
//! `/dev/null`. Reading and executing stay allowed (worker processes are this
//! binary started again), so does loopback TCP (io_bound's server).

/// How far [`confine`] restricted writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confinement {
    /// Every requested restriction is enforced.
    Full,
    /// The kernel's Landlock lacks some of them (older ABI).
    Partial,
    /// No Landlock here (kernel, configuration or platform).
    None,
}

impl Confinement {
    /// As the report record carries it.
    pub fn name(self) -> &'static str {
        match self {
            Confinement::Full => "full",
            Confinement::Partial => "partial",
            Confinement::None => "none",
        }
    }

    pub fn from_name(name: &str) -> Option<Confinement> {
        match name {
            "full" => Some(Confinement::Full),
            "partial" => Some(Confinement::Partial),
            "none" => Some(Confinement::None),
            _ => None,
        }
    }
}

/// Address space of a check process: far above what any model or stress
/// run uses, far below what would push a shared machine into swap.
pub const MAX_ADDRESS_SPACE: u64 = 8 << 30;
/// No file a check writes (there is none but the report) grows past this.
pub const MAX_FILE_SIZE: u64 = 64 << 20;

/// Applies the limits to this process (and, inherited, to every process it
/// starts). Best effort: what the platform lacks is reported, not fatal.
pub fn confine() -> Confinement {
    resource_limits();
    restrict_writes()
}

/// Asks the kernel to kill this process when the thread that started it
/// ends (Linux; elsewhere the parent's kill at the limit is all there is).
/// Only for the grader's direct child: an exercise's worker may outlive the
/// thread that spawned it.
pub fn die_with_parent() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_PDEATHSIG takes a signal number and touches no memory.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong);
    }
}

/// What [`confine`] would achieve here, found by confining a throwaway
/// thread (Landlock binds only the thread that asks, and what it starts).
pub fn probe() -> Confinement {
    std::thread::spawn(restrict_writes)
        .join()
        .unwrap_or(Confinement::None)
}

#[cfg(unix)]
fn resource_limits() {
    // Only ever lowered: a parent's stricter limit stays.
    lower(libc::RLIMIT_AS, MAX_ADDRESS_SPACE);
    lower(libc::RLIMIT_FSIZE, MAX_FILE_SIZE);
    lower(libc::RLIMIT_CORE, 0);
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
type Resource = libc::__rlimit_resource_t;
#[cfg(all(unix, not(all(target_os = "linux", target_env = "gnu"))))]
type Resource = libc::c_int;

#[cfg(unix)]
fn lower(resource: Resource, value: u64) {
    let mut current = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct given.
    unsafe {
        if libc::getrlimit(resource, &mut current) != 0 {
            return;
        }
        let value = value as libc::rlim_t;
        let wanted = libc::rlimit {
            rlim_cur: current.rlim_cur.min(value),
            rlim_max: current.rlim_max.min(value),
        };
        libc::setrlimit(resource, &wanted);
    }
}

#[cfg(not(unix))]
fn resource_limits() {}

#[cfg(target_os = "linux")]
fn restrict_writes() -> Confinement {
    use landlock::{
        AccessFs, PathBeneath, PathFd, Ruleset, RulesetAttr, RulesetCreatedAttr, RulesetStatus,
        Scope, ABI,
    };
    let abi = ABI::V6;
    let result = (|| -> Result<RulesetStatus, landlock::RulesetError> {
        let mut ruleset = Ruleset::default()
            .handle_access(AccessFs::from_write(abi))?
            // Nor signal the grader, nor talk to it over abstract sockets.
            .scope(Scope::Signal)?
            .scope(Scope::AbstractUnixSocket)?
            .create()?;
        if let Ok(null) = PathFd::new("/dev/null") {
            ruleset = ruleset.add_rule(PathBeneath::new(null, AccessFs::WriteFile))?;
        }
        Ok(ruleset.restrict_self()?.ruleset)
    })();
    match result {
        Ok(RulesetStatus::FullyEnforced) => Confinement::Full,
        Ok(RulesetStatus::PartiallyEnforced) => Confinement::Partial,
        Ok(_) | Err(_) => Confinement::None,
    }
}

#[cfg(not(target_os = "linux"))]
fn restrict_writes() -> Confinement {
    Confinement::None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Landlock binds the thread that restricts itself (and what it starts),
    /// so a thread of its own keeps the rest of the test process free.
    #[test]
    fn a_confined_thread_cannot_create_or_overwrite_a_file() {
        let dir = std::env::temp_dir().join(format!("racelab-sandbox-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let existing = dir.join("existing.txt");
        std::fs::write(&existing, "before").unwrap();
        let (confinement, created, overwritten, null) = {
            let dir = dir.clone();
            let existing = existing.clone();
            std::thread::spawn(move || {
                let confinement = restrict_writes();
                let created = std::fs::write(dir.join("new.txt"), "x").is_ok();
                let overwritten = std::fs::write(&existing, "after").is_ok();
                let null = std::fs::OpenOptions::new()
                    .write(true)
                    .open("/dev/null")
                    .is_ok();
                (confinement, created, overwritten, null)
            })
            .join()
            .unwrap()
        };
        let after = std::fs::read_to_string(&existing).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        if confinement == Confinement::None {
            eprintln!("SKIPPED: this kernel has no Landlock; writes are not restricted here");
            return;
        }
        assert!(!created, "a confined thread created a file");
        assert!(!overwritten, "a confined thread overwrote a file");
        assert_eq!(after, "before");
        assert!(null, "/dev/null stays writable");
        // This thread was never confined.
        let free =
            std::env::temp_dir().join(format!("racelab-sandbox-free-{}", std::process::id()));
        std::fs::write(&free, "x").unwrap();
        std::fs::remove_file(&free).unwrap();
    }
}
