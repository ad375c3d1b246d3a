//! The grader's own binaries, pinned: after the staged build, labcheck and
//! labwitness are copied into a private directory of this grade run
//! (read-only), their bytes kept in memory, and every copy compared with them
//! before each child runs. A copy that changed is restored from memory and
//! never run as it was; the caller learns that the run before changed it.

use std::path::{Path, PathBuf};

use crate::isolate::PrivateDir;

/// One pinned binary.
pub struct Pinned {
    pub path: PathBuf,
    bytes: Vec<u8>,
}

/// The grade run's binaries (its private directory goes when dropped).
pub struct Binaries {
    pub labcheck: Pinned,
    pub labwitness: Pinned,
    _dir: PrivateDir,
}

impl Binaries {
    /// Copies the staged build's `labcheck` and `labwitness` into a new
    /// private directory in `parent`.
    pub fn pin(parent: &Path, labcheck: &Path, labwitness: &Path) -> std::io::Result<Binaries> {
        let dir = PrivateDir::new(parent, "racelab-grade")?;
        let labcheck = Pinned::copy(labcheck, &dir.path.join("labcheck"))?;
        let labwitness = Pinned::copy(labwitness, &dir.path.join("labwitness"))?;
        Ok(Binaries {
            labcheck,
            labwitness,
            _dir: dir,
        })
    }

    /// Checks both copies, restoring any that changed. Returns the names of
    /// those that had changed (empty: all intact), or an error when a copy
    /// cannot be restored (then nothing may run).
    pub fn verify(&self) -> std::io::Result<Vec<&'static str>> {
        let mut changed = Vec::new();
        for (name, pinned) in [
            ("labcheck", &self.labcheck),
            ("labwitness", &self.labwitness),
        ] {
            if !pinned.intact() {
                pinned.restore()?;
                if !pinned.intact() {
                    return Err(std::io::Error::other(format!("{name}: cannot be restored")));
                }
                changed.push(name);
            }
        }
        Ok(changed)
    }
}

impl Pinned {
    fn copy(from: &Path, to: &Path) -> std::io::Result<Pinned> {
        let bytes = std::fs::read(from)?;
        let pinned = Pinned {
            path: to.to_path_buf(),
            bytes,
        };
        pinned.restore()?;
        Ok(pinned)
    }

    fn intact(&self) -> bool {
        std::fs::read(&self.path).is_ok_and(|bytes| bytes == self.bytes)
    }

    /// Writes the pinned bytes anew (a fresh file: a process still holding
    /// the old one open keeps it), read-only and executable.
    fn restore(&self) -> std::io::Result<()> {
        let _ = std::fs::remove_file(&self.path);
        let tmp = self.path.with_extension("new");
        let _ = std::fs::remove_file(&tmp);
        std::fs::write(&tmp, &self.bytes)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o500))?;
        }
        #[cfg(not(unix))]
        {
            let mut permissions = std::fs::metadata(&tmp)?.permissions();
            permissions.set_readonly(true);
            std::fs::set_permissions(&tmp, permissions)?;
        }
        std::fs::rename(&tmp, &self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_binary_is_found_and_restored() {
        let scratch = PrivateDir::new(&std::env::temp_dir(), "racelab-pin-test").unwrap();
        let (a, b) = (scratch.path.join("a"), scratch.path.join("b"));
        std::fs::write(&a, b"labcheck bytes").unwrap();
        std::fs::write(&b, b"labwitness bytes").unwrap();
        let binaries = Binaries::pin(&scratch.path, &a, &b).unwrap();
        // What runs is the private copy, not the build's output.
        assert_ne!(binaries.labcheck.path, a);
        assert!(binaries.labcheck.path.starts_with(&scratch.path));
        assert!(binaries.verify().unwrap().is_empty());

        // The build's output changing later changes nothing pinned.
        std::fs::write(&a, b"tampered build output").unwrap();
        assert!(binaries.verify().unwrap().is_empty());

        // A tampered copy (replaced, as a process would) is found and restored.
        std::fs::remove_file(&binaries.labwitness.path).unwrap();
        std::fs::write(&binaries.labwitness.path, b"#!/bin/sh\nexit 0\n").unwrap();
        assert_eq!(binaries.verify().unwrap(), vec!["labwitness"]);
        assert_eq!(
            std::fs::read(&binaries.labwitness.path).unwrap(),
            b"labwitness bytes"
        );
        assert!(binaries.verify().unwrap().is_empty());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&binaries.labcheck.path)
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o500);
        }
    }
}
