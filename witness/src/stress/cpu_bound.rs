use std::collections::BTreeSet;
use std::time::Duration;

use labs::__kit::{self, Worker};
use labs::cpu_bound::{count_async, count_processes, count_threads};
use labs::rt;

use super::Problems;
use crate::params::Params;

/// How long the first thread's part waits for a second one: parallel code
/// meets it at once, sequential code waits it out once and fails.
const RENDEZVOUS: Duration = Duration::from_secs(3);
/// The least time a worker process lasts, so that children started together
/// are seen working together and children started in turn never are.
const HOLD: Duration = Duration::from_millis(400);

/// Every strategy's answer is the kit's own count, and the kit saw how it
/// was made: parts counted by `primes::count` (threads, tasks) or by child
/// processes whose sealed answers the parent read (processes), covering
/// [0, limit) with no gap and no overlap; threads' parts in flight together,
/// processes working together, every task part in a task of its own.
pub fn run(params: &mut Params) -> Result<String, String> {
    let rounds = 8;
    let process_rounds = 2;
    let mut problems = Problems::default();
    let mut gate = Some(RENDEZVOUS);
    for round in 0..rounds {
        let limit = params.draw(2_000u64..=20_000);
        let workers = params.draw(2u64..=4);
        let want = __kit::count_quietly(0, limit);

        __kit::begin(gate, Duration::ZERO);
        let got = count_threads(limit, workers);
        let parts = __kit::parts();
        judge_parts(("потоки", "threads"), rounds, &parts, limit, &mut problems);
        answer(
            ("потоки", "threads"),
            rounds,
            limit,
            want,
            got,
            &mut problems,
        );
        let threads: BTreeSet<usize> = parts
            .iter()
            .filter_map(|p| match p.worker {
                Worker::Thread(t) => Some(t),
                _ => None,
            })
            .collect();
        let outside = parts
            .iter()
            .filter(|p| !matches!(p.worker, Worker::Thread(_)))
            .count();
        if outside > 0 {
            problems.add(
                "threads-outside",
                rounds,
                format!(
                    "потоки: частей, посчитанных не в потоке crate::sync::thread::spawn: {outside}"
                ),
                format!(
                    "threads: parts not counted on a crate::sync::thread::spawn thread: {outside}"
                ),
            );
        } else if threads.len() < 2 && !parts.is_empty() {
            problems.add(
                "threads-one",
                rounds,
                "потоки: все части посчитал один поток".to_string(),
                "threads: one thread counted every part".to_string(),
            );
        }
        if gate.is_some() && !parts.is_empty() && !__kit::threads_overlapped() {
            problems.add(
                "threads-sequential", round + 1,
                format!("потоки: части шли по одной, ни разу две сразу (вторая не пришла за {} с) — сначала запустите все потоки, потом ждите их", RENDEZVOUS.as_secs()),
                format!("threads: the parts ran one at a time, never two at once (no second one came within {} s) — start every thread first, then join them", RENDEZVOUS.as_secs()),
            );
            // Found once is enough: later rounds need not wait again.
            gate = None;
        }

        __kit::begin(None, Duration::ZERO);
        let got = rt::run(count_async(limit, workers));
        let parts = __kit::parts();
        judge_parts(("задачи", "tasks"), rounds, &parts, limit, &mut problems);
        answer(("задачи", "tasks"), rounds, limit, want, got, &mut problems);
        let tasks: BTreeSet<u64> = parts
            .iter()
            .filter_map(|p| match p.worker {
                Worker::Task(t) => Some(t),
                _ => None,
            })
            .collect();
        let outside = parts
            .iter()
            .filter(|p| !matches!(p.worker, Worker::Task(_)))
            .count();
        if outside > 0 {
            problems.add(
                "tasks-outside",
                rounds,
                format!("задачи: частей, посчитанных не в задаче rt::spawn: {outside}"),
                format!("tasks: parts not counted in an rt::spawn task: {outside}"),
            );
        } else if tasks.len() < parts.len() {
            problems.add(
                "tasks-shared",
                rounds,
                format!(
                    "задачи: частей {}, а задач, которые их посчитали, {} — по задаче на часть",
                    parts.len(),
                    tasks.len()
                ),
                format!(
                    "tasks: {} parts, counted by only {} tasks — a task per part",
                    parts.len(),
                    tasks.len()
                ),
            );
        }

        if round < process_rounds {
            __kit::begin(None, HOLD);
            let got = count_processes(limit, workers);
            judge_processes(process_rounds, limit, &mut problems);
            answer(
                ("процессы", "processes"),
                process_rounds,
                limit,
                want,
                got,
                &mut problems,
            );
        }
    }
    problems.verdict(format!(
        "{rounds} раундов: ответы верны, части ровно покрывают [0, limit); потоки и процессы ({process_rounds} раунда) — одновременно, задачи — по задаче на часть / {rounds} rounds: the answers right, the parts cover [0, limit) exactly; threads and processes ({process_rounds} rounds) at once, tasks a task per part"
    ))
}

fn answer(
    (ru, en): (&str, &str),
    of: usize,
    limit: u64,
    want: u64,
    got: u64,
    problems: &mut Problems,
) {
    if got != want {
        let kind = match en {
            "threads" => "threads-answer",
            "tasks" => "tasks-answer",
            _ => "processes-answer",
        };
        problems.add(
            kind,
            of,
            format!("{ru}: простых чисел до {limit} — {want}, а получено {got}"),
            format!("{en}: {want} primes below {limit}, got {got}"),
        );
    }
}

/// The parts cover [0, limit): sorted by start, each begins where the last
/// ended. A part counted twice (the same bounds) is an overlap too.
fn coverage(mut spans: Vec<(u64, u64)>, limit: u64) -> Result<(), (String, String)> {
    if spans.is_empty() {
        return Err((
            "не посчитано ни одной части".to_string(),
            "no part was counted".to_string(),
        ));
    }
    spans.sort_unstable();
    let mut next = 0;
    for &(lo, hi) in &spans {
        if lo > next {
            return Err((
                format!("пропущены числа [{next}, {lo})"),
                format!("the numbers [{next}, {lo}) were skipped"),
            ));
        }
        if lo < next {
            return Err((
                format!("часть [{lo}, {hi}) накладывается на предыдущие (до {next})"),
                format!("the part [{lo}, {hi}) overlaps the ones before (up to {next})"),
            ));
        }
        next = hi.max(next);
    }
    if next != limit {
        return Err((
            format!("части кончаются на {next}, а не на {limit}"),
            format!("the parts end at {next}, not at {limit}"),
        ));
    }
    Ok(())
}

fn judge_parts(
    (ru, en): (&str, &str),
    of: usize,
    parts: &[__kit::Part],
    limit: u64,
    problems: &mut Problems,
) {
    let spans = parts.iter().map(|p| (p.lo, p.hi)).collect();
    if let Err((why_ru, why_en)) = coverage(spans, limit) {
        let kind = if en == "threads" {
            "threads-cover"
        } else {
            "tasks-cover"
        };
        problems.add(
            kind,
            of,
            format!("{ru}: по вызовам primes::count {why_ru} (отрезок [0, {limit}))"),
            format!("{en}: by the calls of primes::count, {why_en} (range [0, {limit}))"),
        );
    }
}

fn judge_processes(of: usize, limit: u64, problems: &mut Problems) {
    let in_parent = __kit::parts().len();
    if in_parent > 0 {
        problems.add(
            "processes-parent",
            of,
            format!("процессы: родитель сам посчитал частей: {in_parent} — считать должны дочерние процессы"),
            format!("processes: the parent counted parts itself: {in_parent} — the children must"),
        );
    }
    let mut replies = __kit::replies();
    let forged = replies.iter().filter(|r| !r.sealed).count();
    replies.retain(|r| r.sealed && r.task == "primes");
    replies.sort_by_key(|r| (r.args.clone(), r.start_ns));
    replies.dedup();
    if forged > 0 {
        problems.add(
            "processes-forged",
            of,
            format!("процессы: ответов без печати дочернего процесса этого запуска: {forged}"),
            format!("processes: answers without the seal of a child of this run: {forged}"),
        );
    }
    let spans: Vec<(u64, u64)> = replies
        .iter()
        .filter_map(|r| Some((r.args.first()?.parse().ok()?, r.args.get(1)?.parse().ok()?)))
        .collect();
    if let Err((why_ru, why_en)) = coverage(spans, limit) {
        problems.add(
            "processes-cover", of,
            format!("процессы: по ответам дочерних процессов, прочитанным через process::answer(&stdout), {why_ru} (отрезок [0, {limit}))"),
            format!("processes: by the children's answers read with process::answer(&stdout), {why_en} (range [0, {limit}))"),
        );
        return;
    }
    let together = replies.iter().enumerate().any(|(i, a)| {
        replies[i + 1..]
            .iter()
            .any(|b| a.start_ns < b.end_ns && b.start_ns < a.end_ns)
    });
    if !together {
        problems.add(
            "processes-sequential", of,
            "процессы: дочерние процессы работали по одному, ни разу два сразу — сначала запустите все (.spawn()), потом ждите ответы".to_string(),
            "processes: the children worked one at a time, never two at once — start them all (.spawn()) first, then wait for the answers".to_string(),
        );
    }
}
