//! The child side of a check's isolation, shared by `labcheck __model` and
//! `labwitness`. It holds no exercise code and must be entered before any
//! runs:
//!
//! - [`enter`] takes the report channel the parent set up (a file path in
//!   [`REPORT_ENV`], the run's nonce inside that file), removes both from
//!   where exercise code could find them, then limits the process and drops
//!   its right to write files ([`limits`]);
//! - [`send`] writes the one record `<nonce> <json>` the parent accepts.
//!
//! Exercise code shares the process, so it can print anything on stdout or
//! stderr, but it never learns the nonce and cannot write the report file
//! anew (Landlock forbids opening it; where the kernel has no Landlock, it
//! still lacks the nonce).

pub mod limits;

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::{Mutex, OnceLock};

/// The environment variable with the report file's path.
pub const REPORT_ENV: &str = "RACELAB_REPORT";

/// The open report file and the nonce, until the one record is sent.
static CHANNEL: Mutex<Option<(File, String)>> = Mutex::new(None);

/// What [`enter`] could restrict, sent with the record.
static CONFINEMENT: OnceLock<limits::Confinement> = OnceLock::new();

/// What [`enter`] could do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entered {
    /// The parent gave a channel and it is open.
    pub channel: bool,
    /// How far writes are restricted (see [`limits::Confinement`]).
    pub confinement: limits::Confinement,
}

/// Takes the report channel and confines the process. Call it first thing in
/// `main`, before any exercise code. Without [`REPORT_ENV`] (a run by hand, a
/// worker process of an exercise) there is no channel, and the process is
/// still confined.
pub fn enter() -> Entered {
    let channel = take_channel();
    if channel {
        // A check runs in a process group of its own, out of reach of the
        // terminal's Ctrl-C: it must not outlive the grader that started it.
        limits::die_with_parent();
    }
    let confinement = limits::confine();
    let _ = CONFINEMENT.set(confinement);
    Entered {
        channel,
        confinement,
    }
}

fn take_channel() -> bool {
    let Some(path) = std::env::var_os(REPORT_ENV) else {
        return false;
    };
    // Worker processes this one starts must not inherit it.
    std::env::remove_var(REPORT_ENV);
    let Ok(mut file) = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .open(&path)
    else {
        return false;
    };
    let mut nonce = String::new();
    if file.read_to_string(&mut nonce).is_err() {
        return false;
    }
    // The nonce lives on only in this process's memory: the file is emptied
    // before exercise code could read it.
    if file.set_len(0).is_err() || file.seek(SeekFrom::Start(0)).is_err() {
        return false;
    }
    let nonce = nonce.trim().to_string();
    if nonce.is_empty() {
        return false;
    }
    *CHANNEL.lock().unwrap_or_else(|e| e.into_inner()) = Some((file, nonce));
    true
}

/// Sends the run's final record (a JSON document on one line) as
/// `<nonce> <confinement> <json>`; the channel is closed after it. Returns
/// false when there is no channel or it is closed.
pub fn send(json: &str) -> bool {
    let taken = CHANNEL.lock().unwrap_or_else(|e| e.into_inner()).take();
    match taken {
        Some((mut file, nonce)) => write(&mut file, &nonce, json),
        None => false,
    }
}

/// Sends a record that a later [`send`] supersedes (loom's reason to abort,
/// written in case the process dies before it can send its result).
pub fn send_provisional(json: &str) -> bool {
    let mut channel = CHANNEL.lock().unwrap_or_else(|e| e.into_inner());
    match channel.as_mut() {
        Some((file, nonce)) => write(file, nonce, json),
        None => false,
    }
}

fn write(file: &mut File, nonce: &str, json: &str) -> bool {
    let confinement = CONFINEMENT
        .get()
        .copied()
        .unwrap_or(limits::Confinement::None);
    let line = format!(
        "{nonce} {} {}\n",
        confinement.name(),
        json.replace('\n', " ")
    );
    file.write_all(line.as_bytes()).is_ok() && file.sync_data().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_channel_is_taken_from_where_exercise_code_could_find_it() {
        let path =
            std::env::temp_dir().join(format!("racelab-channel-test-{}", std::process::id()));
        std::fs::write(&path, "f00d\n").unwrap();
        std::env::set_var(REPORT_ENV, &path);
        assert!(take_channel());
        // Gone from the environment (worker processes inherit it) and from
        // the file (exercise code could read it).
        assert!(std::env::var_os(REPORT_ENV).is_none());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "");

        assert!(send_provisional("{\"fatal\":1}"));
        assert!(send("{\"result\":\n2}"));
        // The channel closes after the final record.
        assert!(!send("{\"result\":3}"));
        assert!(!send_provisional("{}"));
        let text = std::fs::read_to_string(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].starts_with("f00d ") && lines[0].ends_with(" {\"fatal\":1}"));
        assert!(lines[1].starts_with("f00d ") && lines[1].ends_with(" {\"result\": 2}"));
    }
}
