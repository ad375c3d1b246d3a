//! Runs each exercise's check in a child process (`labcheck __model`), so
//! that student code that aborts, exits, overflows its stack, loops without
//! end or floods its output costs only that exercise, with a clear reason.

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::check::Timing;
use crate::registry::Exercise;
use crate::report::{ExerciseReport, Verdict};
use crate::text::Text;
use crate::trees::Tree;

/// Output beyond this is not read: a flood is the student's code's fault.
const MAX_OUTPUT: u64 = 8 << 20;

#[derive(serde::Serialize, serde::Deserialize)]
pub struct ChildResult {
    pub report: ExerciseReport,
    pub timing: Timing,
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
    exe: &std::path::Path,
    tree: Tree,
    exercise: &Exercise,
    module: &str,
    timeout: Duration,
) -> (ExerciseReport, Option<Timing>) {
    let mut command = Command::new(exe);
    command.args(["__model", tree.name(), module]);
    let Finished {
        status,
        stdout,
        stderr,
        flooded,
    } = match run_limited(command, timeout) {
        Ok(finished) => finished,
        Err(e) => {
            return (
                failed(tree, exercise, module, Text::same(e.to_string())),
                None,
            )
        }
    };

    if flooded {
        return (
            failed(
                tree,
                exercise,
                module,
                Text::new(
                    "код упражнения печатает слишком много: проверка остановлена",
                    "the exercise code prints too much: the check was stopped",
                ),
            ),
            None,
        );
    }
    let Some(status) = status else {
        return (
            failed(
                tree,
                exercise,
                module,
                crate::tr!(
                    "проверка не закончилась за {s} с и остановлена: бесконечный цикл без точек переключения?",
                    "the check did not finish within {s} s and was stopped: an endless loop with no scheduling point?";
                    s = timeout.as_secs()
                ),
            ),
            None,
        );
    };
    if status.success() {
        // The report is the child's last line; anything the exercise code
        // printed comes before it.
        let text = String::from_utf8_lossy(&stdout);
        let result = text
            .lines()
            .rev()
            .find_map(|line| serde_json::from_str::<ChildResult>(line).ok());
        if let Some(result) = result {
            return (result.report, Some(result.timing));
        }
    }
    let fatal = String::from_utf8_lossy(&stderr)
        .lines()
        .find_map(|l| l.strip_prefix("RACELAB-FATAL ").map(str::to_string))
        .and_then(|l| serde_json::from_str::<serde_json::Value>(&l).ok());
    let stderr_text = String::from_utf8_lossy(&stderr);
    let last_line = stderr_text
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| l.chars().take(200).collect::<String>())
        .unwrap_or_default();
    let reason = match fatal {
        Some(record) => explain_fatal(record["message"].as_str().unwrap_or_default()),
        None if stderr_text.contains("overflowed its stack") => Text::new(
            "переполнение стека в коде упражнения (бесконечная рекурсия?)",
            "stack overflow in the exercise code (endless recursion?)",
        ),
        None if !status.success() && status.code().is_none() => crate::tr!(
            "процесс проверки аварийно завершён ({how}): abort или переполнение стека в коде упражнения?",
            "the check process was killed ({how}): an abort or a stack overflow in the exercise code?";
            how = status
        ),
        None => crate::tr!(
            "процесс проверки завершился с кодом {code} без отчёта (process::exit в коде упражнения?): {last_line}",
            "the check process exited with code {code} and no report (process::exit in the exercise code?): {last_line}";
            code = status.code().unwrap_or(-1),
            last_line = last_line.clone()
        ),
    };
    (failed(tree, exercise, module, reason), None)
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

/// Runs `command` with no input, killed after `timeout` or as soon as it
/// prints more than [`MAX_OUTPUT`].
pub fn run_limited(mut command: Command, timeout: Duration) -> std::io::Result<Finished> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let flooded = Arc::new(AtomicBool::new(false));
    let stdout = child.stdout.take().expect("piped");
    let stderr = child.stderr.take().expect("piped");
    let out = {
        let flooded = Arc::clone(&flooded);
        std::thread::spawn(move || read_capped(stdout, &flooded))
    };
    let err = {
        let flooded = Arc::clone(&flooded);
        std::thread::spawn(move || read_capped(stderr, &flooded))
    };
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() >= timeout || flooded.load(Ordering::SeqCst) => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(_) => break None,
        }
    };
    Ok(Finished {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        flooded: flooded.load(Ordering::SeqCst),
    })
}

fn read_capped(reader: impl Read, flooded: &AtomicBool) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut reader = reader.take(MAX_OUTPUT);
    let _ = reader.read_to_end(&mut buf);
    if buf.len() as u64 >= MAX_OUTPUT {
        flooded.store(true, Ordering::SeqCst);
    }
    // Drain the rest so the child is not blocked on a full pipe.
    let mut rest = reader.into_inner();
    let _ = std::io::copy(&mut rest, &mut std::io::sink());
    buf
}
