//! Checks one exercise: scan for code around the facade, then search for
//! the counterexample with the fewest preemptions by raising the bound 0, 1,
//! 2 …, and explore up to the registry's bound for the outcome table.

use serde::Serialize;

use crate::model::explore::{explore, Exploration, Limits};
use crate::registry::{Engine, Exercise};
use crate::report::text::plural_ru;
use crate::report::{BoundRun, ExerciseReport, OutcomeTable, Verdict};
use crate::scan;
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
    let max = exercise.model.max_preemptions;
    let params = exercise.model.params();
    let mut last: Option<Exploration> = None;
    let mut search_end = None;
    for bound in 0..=max {
        let run = explore(entry.scenario, params, Some(bound), limits);
        report.search.push(BoundRun {
            bound,
            executions: run.executions,
            forbidden: run.forbidden(),
            complete: run.complete,
        });
        let stop = !run.complete || run.forbidden() > 0;
        if run.forbidden() > 0 {
            report.counterexample = run.counterexample.clone();
            search_end = Some(std::time::Instant::now());
        }
        last = Some(run);
        if stop {
            break;
        }
    }
    let search_end = search_end.unwrap_or_else(std::time::Instant::now);
    let mut table = last.expect("bound 0 is always explored");
    if table.complete && table.bound != Some(max) {
        // The counterexample came from a lower bound; the table shows the
        // whole model.
        let full = explore(entry.scenario, params, Some(max), limits);
        if full.complete {
            table = full;
        }
    }
    conclude(&mut report, exercise, &table, limits);
    (report, timing(start, search_end))
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
        bound: run.bound.unwrap_or(0),
        executions: run.executions,
        complete: run.complete,
        rows: run.outcomes.clone(),
    });
    let tasks = exercise.engine == Engine::Tasks;
    let n = run.executions;
    if let Some(counterexample) = &report.counterexample {
        report.verdict = Verdict::Fail;
        report.summary = match counterexample.switches {
            Some(switches) => tr!(
                "найдено расписание задач с запрещённым исходом; переключений в кратчайшем: {switches}",
                "a task schedule with a forbidden outcome exists; the shortest has {switches} switch(es)"
            ),
            None => tr!(
                "найдено исполнение с запрещённым исходом; вытеснений в кратчайшем: {p}",
                "an execution with a forbidden outcome exists; the shortest needs {p} preemption(s)";
                p = counterexample.preemptions
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
    } else if !run.complete {
        report.verdict = Verdict::Error;
        report.summary = tr!(
            "модель не исследована до конца за {s} с: уменьшите работу (бесконечный цикл?)",
            "the model was not fully explored within {s} s: do less work (an endless loop?)";
            s = limits.time.as_secs()
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
            tr!(
                "все {n} {executions} с не более чем {max} вытеснениями дают ожидаемый исход",
                "all {n} executions with up to {max} preemptions give an expected outcome";
                executions = plural_ru(n as usize, "исполнение", "исполнения", "исполнений"),
                max = exercise.model.max_preemptions
            )
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
