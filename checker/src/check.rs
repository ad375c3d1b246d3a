//! Checks one exercise: scan for code around the facade, explore the whole
//! model for the verdict and the outcome table, and search the bounds 0, 1,
//! 2 … for the counterexample with the fewest preemptions.

use serde::Serialize;

use crate::model::explore::{explore, Counterexample, Exploration, Limits};
use crate::model::{ModelParams, Scenario};
use crate::registry::{Engine, Exercise};
use crate::report::text::plural_ru;
use crate::report::{BoundRun, ExerciseReport, OutcomeTable, Verdict};
use crate::scan;
use crate::text::plural_en;
use crate::text::Text;
use crate::tr;
use crate::trees::{Entry, Tree};

#[derive(Clone, Copy, Debug, Default, Serialize, serde::Deserialize)]
pub struct Timing {
    /// From the start to the first counterexample (or to the end of the
    /// search when there is none), in milliseconds.
    pub search_ms: u128,
    pub total_ms: u128,
}

pub fn check(entry: &Entry, exercise: &Exercise, limits: Limits) -> (ExerciseReport, Timing) {
    let start = std::time::Instant::now();
    let mut report = ExerciseReport::new(exercise, entry.tree);
    report.file = entry.file.to_string();

    if let Some(refused) = scan::refused_report(exercise, entry.tree, entry.file, entry.source) {
        return (refused, timing(start, start));
    }

    if exercise.engine == Engine::Tasks {
        return check_tasks(entry, exercise, limits, report, start);
    }
    let (table, search_end, salt) = check_threads(entry, exercise, limits, &mut report);
    conclude(&mut report, exercise, &table, limits);
    if exercise.model.salted && report.verdict == Verdict::Pass {
        let summary = &report.summary;
        report.summary = Text::new(
            format!("{}; и так же с другими данными, чем в задании", summary.ru),
            format!("{}; and so with other data than the task's", summary.en),
        );
    }
    if salt.is_some() && report.verdict == Verdict::Fail {
        let summary = &report.summary;
        report.summary = Text::new(
            format!(
                "{} — с другими данными, чем в задании: код верен только для данных задания",
                summary.ru
            ),
            format!(
                "{} — with other data than the task's: the code is right only for the task's own data",
                summary.en
            ),
        );
    }
    (report, timing(start, search_end))
}

/// Threads: the acceptance run explores the whole model (loom with no
/// preemption bound: its partial-order reduction visits every class of
/// equivalent interleavings), unless the registry marks the model as too
/// big for that (`exhaustive = false`), and then up to `max_preemptions`.
/// The counterexample is the best — fewest preemptions as racelab counts
/// them, then fewest steps — over every run made, each failing execution
/// first reordered for its fewest preemptions (`model::minimize`): loom's
/// bounded search misses cheap executions, and its whole-model search
/// visits one order of each class of equivalent ones, not the cheapest (the
/// oracle test, checker/tests/checker/oracle.rs, compares with a brute-force count).
fn check_threads(
    entry: &Entry,
    exercise: &Exercise,
    limits: Limits,
    report: &mut ExerciseReport,
) -> (Exploration, std::time::Instant, Option<u32>) {
    let acceptance_bound = (!exercise.model.exhaustive).then_some(exercise.model.max_preemptions);
    let search = search(
        entry.scenario,
        exercise.model.params(),
        acceptance_bound,
        limits,
    );
    if search.best.is_none()
        && exercise.model.salted
        && search.table.complete
        && search.table.limit.is_none()
    {
        let params = ModelParams {
            salt: Some(fresh_salt()),
            ..exercise.model.params()
        };
        let salted = self::search(entry.scenario, params, acceptance_bound, limits);
        if salted.best.is_some() {
            // Right for the task's own data only: the verdict and the
            // counterexample come from the other data, and say so.
            report.search = salted.runs;
            report.counterexample = salted.best;
            return (salted.table, std::time::Instant::now(), params.salt);
        }
    }
    report.search = search.runs;
    report.counterexample = search.best;
    (search.table, std::time::Instant::now(), None)
}

/// A salt the code under test cannot foresee: drawn afresh for every check
/// (std's per-process random hash keys), never derived from the code.
fn fresh_salt() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u8(0);
    hasher.finish() as u32
}

/// What the search over a thread model found.
pub struct Search {
    /// The acceptance run: the whole model, or up to its bound.
    pub table: Exploration,
    /// The best counterexample over every run made.
    pub best: Option<Counterexample>,
    /// Every run, the bounded ones first.
    pub runs: Vec<BoundRun>,
}

/// The acceptance run (`acceptance_bound`: `None` for the whole model);
/// for a bounded one, the runs 0, 1, … below the fewest preemptions found.
pub fn search(
    scenario: Scenario,
    params: ModelParams,
    acceptance_bound: Option<usize>,
    limits: Limits,
) -> Search {
    let table = explore(scenario, params, acceptance_bound, limits);
    let mut best = table.counterexample.clone();
    let mut runs = Vec::new();
    // The whole model, each execution reordered for its fewest preemptions
    // (`model::minimize`), already gives the exact minimum; a model explored
    // only up to a bound also gets the runs below it.
    if acceptance_bound.is_some() && table.complete && table.limit.is_none() {
        let mut bound = 0;
        while let Some(current) = &best {
            if bound >= current.preemptions || acceptance_bound.is_some_and(|b| bound > b) {
                break;
            }
            let run = explore(scenario, params, Some(bound), limits);
            runs.push(BoundRun {
                bound: Some(bound),
                executions: run.executions,
                forbidden: run.forbidden(),
                complete: run.complete,
            });
            if let Some(found) = run.counterexample {
                if better(&found, current) {
                    best = Some(found);
                }
            }
            bound += 1;
        }
    }
    runs.push(BoundRun {
        bound: acceptance_bound,
        executions: table.executions,
        forbidden: table.forbidden(),
        complete: table.complete,
    });
    Search { table, best, runs }
}

/// Fewer preemptions, then fewer steps.
fn better(a: &Counterexample, b: &Counterexample) -> bool {
    (a.preemptions, a.steps.len()) < (b.preemptions, b.steps.len())
}

/// Tasks on one thread: every schedule is explored (no bound to raise); the
/// counterexample is the one with the fewest switches, then fewest steps.
fn check_tasks(
    entry: &Entry,
    exercise: &Exercise,
    limits: Limits,
    mut report: ExerciseReport,
    start: std::time::Instant,
) -> (ExerciseReport, Timing) {
    let sites = scan::blocking_sites(entry.source);
    let run = crate::tasks::explore::explore_with(
        entry.scenario,
        exercise.model.params(),
        limits,
        &sites,
    );
    report.counterexample = run.counterexample.clone();
    conclude(&mut report, exercise, &run, limits);
    let end = std::time::Instant::now();
    (report, timing(start, end))
}

/// The verdict from the exploration behind the outcome table (and the
/// counterexample the search already put in the report).
fn conclude(report: &mut ExerciseReport, exercise: &Exercise, run: &Exploration, limits: Limits) {
    report.outcomes = Some(OutcomeTable {
        bound: run.bound,
        executions: run.executions,
        complete: run.complete,
        rows: run.outcomes.clone(),
    });
    let tasks = exercise.engine == Engine::Tasks;
    let n = run.executions;
    if let Some(limit) = &run.limit {
        // The model, not the code under test, is too big: the instructor's
        // error, whatever the student wrote.
        report.verdict = Verdict::Error;
        report.counterexample = None;
        report.summary = tr!(
            "модель упражнения {id} больше, чем умеет проверять loom ({limit}, считая поток сценария): это ошибка набора, а не решения — сообщите преподавателю",
            "the model of exercise {id} is bigger than loom can check ({limit}, the scenario's own thread included): an error of the kit, not of the solution — tell the instructor";
            id = exercise.id.clone(),
            limit = limit.clone()
        );
    } else if !run.complete && report.counterexample.is_none() {
        report.verdict = Verdict::Error;
        report.summary = tr!(
            "модель упражнения {id} не исследована до конца за {s} с (бюджет времени; исследовано исполнений: {n}), а эталонное решение исследуется за доли секунды. Скорее всего, код повторяет попытки в цикле: например, try_lock с отступлением и новой попыткой — два потока могут уступать друг другу бесконечно (livelock), и ни одно чередование не обязано закончиться. Берите замки в одном порядке вместо повторов. Если повторов нет, сообщите преподавателю",
            "the model of exercise {id} was not fully explored within {s} s (the time budget; executions explored: {n}), while the reference solution takes a fraction of a second. Most likely the code retries in a loop: for example try_lock, back off and try again — two threads can keep giving way to each other forever (a livelock), and no interleaving has to end. Take the locks in one order instead of retrying. If there is no retry, tell the instructor";
            id = exercise.id.clone(),
            s = limits.time.as_secs()
        );
    } else if let Some(counterexample) = &report.counterexample {
        report.verdict = Verdict::Fail;
        report.summary = match counterexample.switches {
            Some(switches) => tr!(
                "найдено расписание задач с запрещённым исходом; переключений в кратчайшем: {switches}",
                "a task schedule with a forbidden outcome exists; the shortest has {n}";
                n = plural_en(switches, "switch", "switches")
            ),
            None if run.minimum_unproven => tr!(
                "найдено исполнение с запрещённым исходом; вытеснений в лучшем найденном: {p} (что меньше нельзя, не доказано: исполнение слишком длинное, чтобы перебрать его перестановки)",
                "an execution with a forbidden outcome exists; the best found needs {n} (not proven to be the fewest: the execution is too long to search its reorderings)";
                p = counterexample.preemptions,
                n = plural_en(counterexample.preemptions, "preemption", "preemptions")
            ),
            None => tr!(
                "найдено исполнение с запрещённым исходом; вытеснений в кратчайшем: {p}",
                "an execution with a forbidden outcome exists; the shortest needs {n}";
                p = counterexample.preemptions,
                n = plural_en(counterexample.preemptions, "preemption", "preemptions")
            ),
        };
    } else if run.active_workers < 2 {
        // A pass needs concurrent work to judge: threads (or tasks) that
        // never touch shared data prove nothing about races.
        report.verdict = Verdict::Fail;
        report.summary = Text::new(
            "потоки (задачи) упражнения не работали с общими данными: проверять нечего, это не решение",
            "the exercise's threads (tasks) never touched shared data: there is nothing to check, this is not a solution",
        );
    } else {
        report.verdict = Verdict::Pass;
        report.score = exercise.points;
        report.summary = if tasks {
            tr!(
                "все {n} {schedules} задач дают ожидаемый исход",
                "all {n} task schedules give an expected outcome";
                schedules = plural_ru(n as usize, "расписание", "расписания", "расписаний")
            )
        } else {
            match run.bound {
                Some(max) => tr!(
                    "все {n} {executions} с не более чем {max} вытеснениями дают ожидаемый исход (граница, заданная для этой модели: больше вытеснений не проверялось)",
                    "all {n} executions with up to {max} preemptions give an expected outcome (the bound set for this model: more preemptions were not checked)";
                    executions = plural_ru(n as usize, "исполнение", "исполнения", "исполнений")
                ),
                None => tr!(
                    "все {n} {executions} модели (все чередования) дают ожидаемый исход",
                    "all {n} executions of the model (every interleaving) give an expected outcome";
                    executions = plural_ru(n as usize, "исполнение", "исполнения", "исполнений")
                ),
            }
        };
    }
}

fn timing(start: std::time::Instant, search_end: std::time::Instant) -> Timing {
    Timing {
        search_ms: search_end.duration_since(start).as_millis(),
        total_ms: start.elapsed().as_millis(),
    }
}

/// The exercise's file is missing from the tree.
pub fn missing(exercise: &Exercise, tree: Tree) -> ExerciseReport {
    let mut report = ExerciseReport::new(exercise, tree);
    report.verdict = Verdict::Error;
    report.summary = tr!(
        "файл {f} не найден",
        "file {f} not found";
        f = report.file.clone()
    );
    report
}
