//! Runs each exercise's check in a child process (`labcheck __model`), so
//! that student code that aborts, exits, overflows its stack, loops without
//! end, floods its output or leaves processes behind costs only that
//! exercise, with a clear reason.
//!
//! The child's verdict comes only from its record on a private channel
//! ([`Channel`]): a file in a directory of this run (mode 0700, outside the
//! kit) holding a fresh nonce, which the child reads and empties before any
//! exercise code runs (`racelab_sandbox::enter`) and answers with
//! `<nonce> <confinement> <json>` lines. What the exercise printed on stdout or
//! stderr is shown in reasons, never parsed.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

pub use racelab_sandbox::limits::Confinement;

use crate::check::Timing;
use crate::registry::Exercise;
use crate::report::{ExerciseReport, Verdict};
use crate::text::Text;
use crate::trees::Tree;

/// Output beyond this is not read: a flood is the student's code's fault.
const MAX_OUTPUT: u64 = 8 << 20;

/// After the process group is killed, its pipes close at once; a holder
/// outside the group (it cannot get there through the facades) is given
/// this long, then its output is left unread.
const DRAIN: Duration = Duration::from_millis(500);

#[derive(serde::Serialize, serde::Deserialize)]
pub struct ChildResult {
    pub report: ExerciseReport,
    pub timing: Timing,
}

/// What the child sends: its result, or loom's reason to abort the model.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChildRecord {
    Result(Box<ChildResult>),
    Fatal { message: String },
}

/// A fresh random value (the OS's generator), as hex.
pub fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS generator: the process's randomly keyed hasher over time and
        // pid is still beyond what exercise code can compute.
        use std::hash::{BuildHasher, Hasher};
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos(),
        );
        hasher.write_u32(std::process::id());
        let a = hasher.finish();
        hasher.write_u64(a);
        bytes[..8].copy_from_slice(&a.to_le_bytes());
        bytes[8..].copy_from_slice(&hasher.finish().to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A directory only this user can enter, removed when dropped.
pub struct PrivateDir {
    pub path: PathBuf,
}

impl PrivateDir {
    /// A new directory `<prefix>-<random>` in `parent`.
    pub fn new(parent: &Path, prefix: &str) -> std::io::Result<PrivateDir> {
        std::fs::create_dir_all(parent)?;
        let path = parent.join(format!("{prefix}-{}", random_hex()));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(&path)?;
        Ok(PrivateDir { path })
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        // Read-only files inside (the grader's binaries) need their
        // directory writable to go; the directory is this user's.
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// The channel of one child run.
pub struct Channel {
    dir: PrivateDir,
    nonce: String,
}

/// What came back on a [`Channel`].
pub enum Received {
    /// The record with this run's nonce.
    Record {
        json: String,
        confinement: Option<Confinement>,
    },
    /// Nothing at all.
    Nothing,
    /// Something, but not with this run's nonce.
    Forged,
}

impl Channel {
    pub fn new() -> std::io::Result<Channel> {
        let dir = PrivateDir::new(&std::env::temp_dir(), "racelab-run")?;
        let nonce = random_hex();
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        use std::io::Write;
        options
            .open(dir.path.join("report"))?
            .write_all(nonce.as_bytes())?;
        Ok(Channel { dir, nonce })
    }

    /// Gives `command` the channel.
    pub fn attach(&self, command: &mut Command) {
        command.env(racelab_sandbox::REPORT_ENV, self.dir.path.join("report"));
    }

    pub fn receive(&self) -> Received {
        let Ok(bytes) = std::fs::read(self.dir.path.join("report")) else {
            return Received::Nothing;
        };
        let text = String::from_utf8_lossy(&bytes);
        if text.trim().is_empty() {
            return Received::Nothing;
        }
        let prefix = format!("{} ", self.nonce);
        // Only a line the child itself wrote carries the nonce; the
        // untouched file (a child that never took the channel) holds the
        // bare nonce with no record after it.
        // The last record counts: a provisional one (loom's abort) is
        // followed by the result when the process lives on.
        for line in text.lines().rev() {
            if let Some(rest) = line.strip_prefix(&prefix) {
                let (confinement, json) = rest.split_once(' ').unwrap_or(("", rest));
                return Received::Record {
                    json: json.to_string(),
                    confinement: Confinement::from_name(confinement),
                };
            }
        }
        if text.trim() == self.nonce {
            Received::Nothing
        } else {
            Received::Forged
        }
    }
}

/// One check child's run.
pub struct ChildRun {
    pub report: ExerciseReport,
    pub timing: Option<Timing>,
    /// How far the child could restrict itself (`None`: no record came).
    pub confinement: Option<Confinement>,
}

/// Checks `module` of `tree` (for labs and solutions the exercise id) in a
/// child process.
pub fn run(
    tree: Tree,
    exercise: &Exercise,
    module: &str,
    timeout: Duration,
) -> (ExerciseReport, Option<Timing>) {
    match std::env::current_exe() {
        Ok(exe) => run_exe(&exe, tree, exercise, module, timeout),
        Err(e) => (
            failed(tree, exercise, module, Text::same(e.to_string())),
            None,
        ),
    }
}

/// The same with another build of the checker (the grader's, which has the
/// submission's code compiled in).
pub fn run_exe(
    exe: &Path,
    tree: Tree,
    exercise: &Exercise,
    module: &str,
    timeout: Duration,
) -> (ExerciseReport, Option<Timing>) {
    let run = run_child(exe, tree, exercise, module, timeout);
    (run.report, run.timing)
}

/// The same, with what the child could restrict.
pub fn run_child(
    exe: &Path,
    tree: Tree,
    exercise: &Exercise,
    module: &str,
    timeout: Duration,
) -> ChildRun {
    let error = |reason: Text| ChildRun {
        report: failed(tree, exercise, module, reason),
        timing: None,
        confinement: None,
    };
    let channel = match Channel::new() {
        Ok(channel) => channel,
        Err(e) => return error(no_channel(&e)),
    };
    let mut command = Command::new(exe);
    command.args(["__model", tree.name(), module]);
    channel.attach(&mut command);
    let finished = match run_limited(command, timeout) {
        Ok(finished) => finished,
        Err(e) => return error(Text::same(e.to_string())),
    };
    if finished.flooded {
        return error(flooded());
    }
    let Some(status) = finished.status else {
        return error(crate::tr!(
            "проверка не закончилась за {s} с и остановлена: бесконечный цикл без точек переключения?",
            "the check did not finish within {s} s and was stopped: an endless loop with no scheduling point?";
            s = timeout.as_secs()
        ));
    };
    let (json, confinement) = match channel.receive() {
        Received::Record { json, confinement } => (json, confinement),
        Received::Forged => return error(forged()),
        Received::Nothing => return error(no_record(status, &finished)),
    };
    let with = |report: ExerciseReport, timing| ChildRun {
        report,
        timing,
        confinement,
    };
    match serde_json::from_str::<ChildRecord>(&json) {
        Ok(ChildRecord::Result(result)) => {
            let result = *result;
            with(result.report, Some(result.timing))
        }
        Ok(ChildRecord::Fatal { message }) => with(
            failed(tree, exercise, module, explain_fatal(&message)),
            None,
        ),
        Err(e) => with(
            failed(
                tree,
                exercise,
                module,
                crate::tr!(
                    "отчёт проверки не разобран: {e}",
                    "the check's report does not parse: {e}";
                    e = e.to_string()
                ),
            ),
            None,
        ),
    }
}

pub fn no_channel(e: &std::io::Error) -> Text {
    crate::tr!(
        "не создать закрытый канал отчёта: {e}",
        "cannot create the private report channel: {e}";
        e = e.to_string()
    )
}

pub fn flooded() -> Text {
    Text::new(
        "код упражнения печатает слишком много: проверка остановлена",
        "the exercise code prints too much: the check was stopped",
    )
}

pub fn forged() -> Text {
    Text::new(
        "в канал отчёта записано не проверкой (подделка отчёта?): результат не принят",
        "the report channel holds something the check did not write (a forged report?): no result accepted",
    )
}

/// The platform whose exit statuses are read: a parameter, so the reading
/// of each is tested on any host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    Unix,
    Windows,
}

impl Platform {
    pub const HOST: Platform = if cfg!(windows) {
        Platform::Windows
    } else {
        Platform::Unix
    };
}

/// How a child that left no record ended, as far as its exit status tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// `abort()`: a panic while panicking, `process::abort`, a failed
    /// allocation, or Rust's stack-overflow handler on Unix.
    Abort,
    /// Windows' own stack-overflow status.
    StackOverflow,
    /// Killed by a signal other than SIGABRT (Unix).
    Signal,
    /// It exited with this code: `process::exit` or a return.
    Exit(i32),
}

/// Windows reports an abort as an exit code, not a signal: the C runtime's
/// `abort()` exits with 3, and Rust's `process::abort` (so a panic while
/// panicking too) fails fast with STATUS_STACK_BUFFER_OVERRUN.
const WINDOWS_ABORT: u32 = 3;
const WINDOWS_FAIL_FAST: u32 = 0xC000_0409;
const WINDOWS_STACK_OVERFLOW: u32 = 0xC000_00FD;
const SIGABRT: i32 = 6;

/// Reads an exit status as `platform` reports it: the exit code (on Windows
/// always there, the NTSTATUS bits as an `i32`) and, on Unix, the signal.
pub fn ending(platform: Platform, code: Option<i32>, signal: Option<i32>) -> Ending {
    match (platform, code, signal) {
        (Platform::Unix, _, Some(SIGABRT)) => Ending::Abort,
        (Platform::Unix, _, Some(_)) | (_, None, _) => Ending::Signal,
        (Platform::Unix, Some(code), None) => Ending::Exit(code),
        (Platform::Windows, Some(code), _) => match code as u32 {
            WINDOWS_ABORT | WINDOWS_FAIL_FAST => Ending::Abort,
            WINDOWS_STACK_OVERFLOW => Ending::StackOverflow,
            _ => Ending::Exit(code),
        },
    }
}

fn signal_of(status: std::process::ExitStatus) -> Option<i32> {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        status.signal()
    }
    #[cfg(not(unix))]
    {
        let _ = status;
        None
    }
}

/// Why a child that ended left no record, from what the kit saw: its exit
/// status and the last line it printed (shown trimmed, never believed).
pub fn no_record(status: std::process::ExitStatus, finished: &Finished) -> Text {
    let stderr_text = String::from_utf8_lossy(&finished.stderr);
    let last = last_line(&finished.stderr);
    let ending = ending(Platform::HOST, status.code(), signal_of(status));
    if stderr_text.contains("overflowed its stack") || ending == Ending::StackOverflow {
        return Text::new(
            "переполнение стека в коде упражнения (бесконечная рекурсия?)",
            "stack overflow in the exercise code (endless recursion?)",
        );
    }
    match ending {
        Ending::Exit(exit) => crate::tr!(
            "процесс проверки завершился с кодом {code} без отчёта (process::exit в коде упражнения?): {last_line}",
            "the check process exited with code {code} and no report (process::exit in the exercise code?): {last_line}";
            code = exit,
            last_line = last
        ),
        Ending::Abort | Ending::Signal | Ending::StackOverflow => crate::tr!(
            "процесс проверки аварийно завершён ({how}) без отчёта: abort или переполнение стека в коде упражнения?",
            "the check process was killed ({how}) with no report: an abort or a stack overflow in the exercise code?";
            how = status
        ),
    }
}

/// The last non-empty line of some output, at most 200 characters.
pub fn last_line(output: &[u8]) -> String {
    String::from_utf8_lossy(output)
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| l.chars().take(200).collect::<String>())
        .unwrap_or_default()
}
fn explain_fatal(message: &str) -> Text {
    if message.contains("maximum number of branches") {
        Text::new(
            "поток делает слишком много шагов в одном исполнении (бесконечный цикл или ожидание в цикле без блокировки?)",
            "a thread takes too many steps in one execution (an endless loop, or a spin-wait without blocking?)",
        )
    } else if message.contains("deadlock") {
        Text::new(
            "все потоки ждут, и никто не может их разбудить (ожидание на Condvar без notify?)",
            "every thread waits and nobody can wake them (a Condvar wait with no notify?)",
        )
    } else if message.contains("unexpected exploration state") {
        Text::new(
            "модель недетерминирована: исполнение зависит не только от порядка потоков (время, случайность, порядок HashMap?)",
            "the model is not deterministic: an execution depends on more than the thread order (time, randomness, HashMap order?)",
        )
    } else {
        crate::tr!("модель прервана: {m}", "the model was aborted: {m}"; m = message)
    }
}

fn failed(tree: Tree, exercise: &Exercise, module: &str, reason: Text) -> ExerciseReport {
    let mut report = ExerciseReport::new(exercise, tree);
    report.file = format!("{}/{module}.rs", tree.dir());
    report.verdict = Verdict::Error;
    report.summary = reason;
    report
}

/// What a child process left behind.
pub struct Finished {
    /// `None` when the child was killed: out of time, or flooding its output.
    pub status: Option<std::process::ExitStatus>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// The child printed more than [`MAX_OUTPUT`] and was stopped.
    pub flooded: bool,
}

/// Runs `command` with no input in a process group of its own, killed
/// (the whole group) after `timeout` or as soon as it prints more than
/// [`MAX_OUTPUT`], and the group killed again once the child has exited, so
/// nothing it started lives on. Returns within `timeout` plus [`DRAIN`]
/// whatever the child's processes do with its pipes.
pub fn run_limited(mut command: Command, timeout: Duration) -> std::io::Result<Finished> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let mut child = command.spawn()?;
    let flooded = Arc::new(AtomicBool::new(false));
    let (done_tx, done_rx) = mpsc::channel();
    let out = Reader::start(child.stdout.take(), &flooded, done_tx.clone());
    let err = Reader::start(child.stderr.take(), &flooded, done_tx);
    let start = Instant::now();
    let exited = loop {
        match group::exited(&mut child) {
            Ok(true) => break true,
            Ok(false) if start.elapsed() >= timeout || flooded.load(Ordering::SeqCst) => {
                break false;
            }
            Ok(false) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break false,
        }
    };
    // Before the child is reaped its id still names the group: orphans it
    // left (a worker still running, a process holding its pipes) go too.
    group::kill(&mut child);
    let status = child.wait().ok().filter(|_| exited);
    // The group is dead, so the pipes close now; never wait on them longer.
    let deadline = Instant::now() + DRAIN;
    for _ in 0..2 {
        let left = deadline.saturating_duration_since(Instant::now());
        if done_rx.recv_timeout(left).is_err() {
            break;
        }
    }
    Ok(Finished {
        status,
        stdout: out.take(),
        stderr: err.take(),
        flooded: flooded.load(Ordering::SeqCst),
    })
}

/// Reads one pipe on its own thread into a buffer the caller can take at
/// any time (the thread is never joined: a pipe may outlive the run).
struct Reader(Arc<Mutex<Vec<u8>>>);

impl Reader {
    fn start(
        pipe: Option<impl Read + Send + 'static>,
        flooded: &Arc<AtomicBool>,
        done: mpsc::Sender<()>,
    ) -> Reader {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let Some(mut pipe) = pipe else {
            let _ = done.send(());
            return Reader(buffer);
        };
        let shared = Arc::clone(&buffer);
        let flooded = Arc::clone(flooded);
        std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            loop {
                match pipe.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut buffer = shared.lock().unwrap_or_else(|e| e.into_inner());
                        let room = (MAX_OUTPUT as usize).saturating_sub(buffer.len());
                        buffer.extend_from_slice(&chunk[..n.min(room)]);
                        if n > room {
                            // Drained on, so the child is not blocked on a
                            // full pipe until it is killed.
                            flooded.store(true, Ordering::SeqCst);
                        }
                    }
                }
            }
            let _ = done.send(());
        });
        Reader(buffer)
    }

    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// A child's process group: on Unix the group the child leads.
/// (Windows would need a Job Object to hold the tree: future work; there the
/// child alone is killed.)
mod group {
    use std::process::Child;

    /// Whether the child has exited, without reaping it.
    #[cfg(unix)]
    pub fn exited(child: &mut Child) -> std::io::Result<bool> {
        // SAFETY: waitid writes only into `info`; WNOWAIT leaves the child
        // to `Child::wait`.
        unsafe {
            let mut info: libc::siginfo_t = std::mem::zeroed();
            let r = libc::waitid(
                libc::P_PID,
                child.id() as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
            );
            if r != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(info.si_pid() != 0)
        }
    }

    #[cfg(unix)]
    pub fn kill(child: &mut Child) {
        // SAFETY: a plain syscall; the group id is the unreaped child's pid.
        unsafe {
            libc::killpg(child.id() as libc::pid_t, libc::SIGKILL);
        }
        let _ = child.kill();
    }

    #[cfg(not(unix))]
    pub fn exited(child: &mut Child) -> std::io::Result<bool> {
        child.try_wait().map(|s| s.is_some())
    }

    #[cfg(not(unix))]
    pub fn kill(child: &mut Child) {
        let _ = child.kill();
    }
}

/// The reading of exit statuses, for every platform on any host.
#[cfg(test)]
mod ending_tests {
    use super::{ending, Ending, Platform};

    #[test]
    fn an_abort_is_told_from_an_exit_on_each_platform() {
        let windows = |code: u32| ending(Platform::Windows, Some(code as i32), None);
        assert_eq!(windows(3), Ending::Abort);
        assert_eq!(windows(0xC000_0409), Ending::Abort);
        assert_eq!(windows(0xC000_00FD), Ending::StackOverflow);
        assert_eq!(windows(0), Ending::Exit(0));
        assert_eq!(windows(1), Ending::Exit(1));
        assert_eq!(windows(101), Ending::Exit(101));
        // On Unix an abort is SIGABRT, and exit code 3 only an exit.
        assert_eq!(ending(Platform::Unix, None, Some(6)), Ending::Abort);
        assert_eq!(ending(Platform::Unix, None, Some(9)), Ending::Signal);
        assert_eq!(ending(Platform::Unix, Some(3), None), Ending::Exit(3));
        assert_eq!(ending(Platform::Unix, Some(0), None), Ending::Exit(0));
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut command = Command::new("/bin/sh");
        command.args(["-c", script]);
        command
    }

    fn alive(pid: i32) -> bool {
        // A zombie is dead for this purpose: it holds no pipe, runs nothing.
        match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Ok(stat) => !stat
                .rsplit_once(") ")
                .is_some_and(|(_, rest)| rest.starts_with('Z')),
            Err(_) => false,
        }
    }

    /// Waits (briefly) for a SIGKILLed process to be gone.
    fn dead_soon(pid: i32) -> bool {
        for _ in 0..200 {
            if !alive(pid) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    #[test]
    fn an_orphan_holding_the_output_neither_delays_the_run_nor_outlives_it() {
        let start = Instant::now();
        let finished = run_limited(sh("sleep 60 & echo $!"), Duration::from_secs(5)).unwrap();
        let took = start.elapsed();
        let stdout = String::from_utf8_lossy(&finished.stdout);
        let pid: i32 = stdout.trim().parse().expect("the grandchild's pid");
        assert!(finished.status.is_some_and(|s| s.success()));
        assert!(took < Duration::from_secs(5), "took {took:?}");
        assert!(dead_soon(pid), "the grandchild {pid} outlived the run");
    }

    #[test]
    fn a_process_tree_past_its_limit_is_killed_whole_within_the_limit() {
        let limit = Duration::from_secs(1);
        let start = Instant::now();
        let finished = run_limited(sh("sleep 60 & echo $!; sleep 60"), limit).unwrap();
        let took = start.elapsed();
        assert!(finished.status.is_none(), "killed, not exited");
        assert!(
            took < limit + DRAIN + Duration::from_secs(1),
            "took {took:?}"
        );
        let pid: i32 = String::from_utf8_lossy(&finished.stdout)
            .trim()
            .parse()
            .expect("the grandchild's pid");
        assert!(dead_soon(pid), "the grandchild {pid} outlived the run");
    }

    #[test]
    fn only_a_record_with_the_nonce_counts() {
        // A printed report, however well formed, is not a record.
        let channel = Channel::new().unwrap();
        let mut command = sh("echo 'deadbeef full {\"passed\":true,\"ru\":\"\",\"en\":\"\"}'");
        channel.attach(&mut command);
        run_limited(command, Duration::from_secs(5)).unwrap();
        assert!(matches!(channel.receive(), Received::Nothing));

        // Written into the channel without the nonce: forged.
        let channel = Channel::new().unwrap();
        let mut command = sh("printf 'deadbeef full {}\\n' > \"$RACELAB_REPORT\"; exit 0");
        channel.attach(&mut command);
        run_limited(command, Duration::from_secs(5)).unwrap();
        assert!(matches!(channel.receive(), Received::Forged));

        // The child that read the nonce: accepted, the last record counting.
        let channel = Channel::new().unwrap();
        let mut command = sh("n=$(cat \"$RACELAB_REPORT\"); : > \"$RACELAB_REPORT\"; \
             echo \"$n none {\\\"fatal\\\":1}\" >> \"$RACELAB_REPORT\"; \
             echo \"$n full {\\\"result\\\":2}\" >> \"$RACELAB_REPORT\"");
        channel.attach(&mut command);
        run_limited(command, Duration::from_secs(5)).unwrap();
        match channel.receive() {
            Received::Record { json, confinement } => {
                assert_eq!(json, "{\"result\":2}");
                assert_eq!(confinement, Some(Confinement::Full));
            }
            _ => panic!("the record was not accepted"),
        }
    }

    #[test]
    fn the_channel_directory_is_private_and_goes_with_the_run() {
        use std::os::unix::fs::PermissionsExt;
        let channel = Channel::new().unwrap();
        let dir = channel.dir.path.clone();
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        drop(channel);
        assert!(!dir.exists());
    }
}
