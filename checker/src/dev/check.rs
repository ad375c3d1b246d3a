//! `cargo lab dev check [ID]`: whether each exercise is ready to hand out,
//! in one report per exercise — the starter rejected at its true minimum,
//! every solution and alternative accepted, the stress run there and
//! passing on the reference solution, the model within loom's limits (with
//! its executions and time), a bound at a safe margin above the minimum,
//! both languages and hints written, the report snapshots current. Each
//! failure names the file to fix. Exit 0 only if everything holds.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::grade::{self, Status};
use crate::isolate;
use crate::registry::{Engine, Exercise, Registry};
use crate::report::text::{render, Style};
use crate::report::{ExerciseReport, Verdict};
use crate::selfcheck::{self, Witness};
use crate::settings::limits;
use crate::text::{Lang, Text};
use crate::tr;
use crate::trees::{self, Tree};

use super::MAX_WORKERS;

/// Slower than this, a model is too big for a student's every check.
const SLOW_MS: u128 = 2000;

/// One thing checked about an exercise.
pub struct Finding {
    pub ok: bool,
    pub text: Text,
    /// The file to fix, when not ok.
    pub fix: Option<String>,
}

fn ok(text: Text) -> Finding {
    Finding {
        ok: true,
        text,
        fix: None,
    }
}

fn bad(text: Text, fix: impl Into<String>) -> Finding {
    Finding {
        ok: false,
        text,
        fix: Some(fix.into()),
    }
}

/// The stress runs of the reference solutions, by exercise id: how grading
/// saw each (the model and then labwitness on the real build).
type Stressed = Vec<(String, Status, Text)>;

/// Grades the reference solutions of `ids` as a submission (the others are
/// absent, so they cost nothing): the only way to run labwitness on them,
/// since the real build is compiled from labs/.
fn grade_solutions(kit: &Path, registry: &Registry, ids: &[&str]) -> Result<Stressed, String> {
    let work = grade::default_work_dir(kit);
    let submission = work.join("dev-check-submission");
    let _ = std::fs::remove_dir_all(&submission);
    let labs = submission.join("labs/src");
    std::fs::create_dir_all(&labs).map_err(|e| format!("{}: {e}", labs.display()))?;
    for id in ids {
        let exercise = registry.get(id).expect("known");
        let from = kit.join("solutions").join(&exercise.file);
        if from.is_file() {
            std::fs::copy(&from, labs.join(&exercise.file))
                .map_err(|e| format!("{}: {e}", from.display()))?;
        }
    }
    let report = grade::grade(kit, &submission, &work, grade::Limits::default())?;
    let _ = std::fs::remove_dir_all(&submission);
    Ok(report
        .exercises
        .into_iter()
        .map(|g| {
            let seen = g.witness.clone().unwrap_or(g.reason.clone());
            (g.id, g.status, seen)
        })
        .collect())
}

/// The text of snapshot `name` (what follows its header), if there is one.
fn snapshot(kit: &Path, name: &str) -> Option<String> {
    let text = std::fs::read_to_string(kit.join("snapshots").join(format!("{name}.snap"))).ok()?;
    let body = text.strip_prefix("---\n")?;
    let end = body.find("\n---\n")?;
    Some(body[end + 5..].to_string())
}

/// Whether the report `report` renders as its snapshot `name` says.
fn snapshot_finding(kit: &Path, name: &str, report: &ExerciseReport) -> Finding {
    let file = format!("snapshots/{name}.snap");
    let now = render(report, Style::plain(Lang::Ru));
    match snapshot(kit, name) {
        Some(saved) if saved.trim_end() == now.trim_end() => {
            ok(tr!("снимок {file} совпадает", "snapshot {file} is current"))
        }
        Some(_) => bad(
            tr!(
                "снимок {file} устарел: cargo test --test kit exercises::, затем cargo insta review",
                "snapshot {file} is out of date: cargo test --test kit exercises::, then cargo insta review"
            ),
            file,
        ),
        None => bad(
            tr!(
                "снимка {file} нет: cargo test --test kit exercises::, затем cargo insta review",
                "snapshot {file} is missing: cargo test --test kit exercises::, then cargo insta review"
            ),
            file,
        ),
    }
}

/// Both languages written, and no template placeholder left.
fn texts(registry: &Registry, exercise: &Exercise) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut fields: Vec<(String, &Text)> = vec![
        ("title".into(), &exercise.title),
        ("task".into(), &exercise.task),
        ("expected".into(), &exercise.expected),
    ];
    for (i, hint) in exercise.hints.iter().enumerate() {
        fields.push((format!("hints[{i}]"), hint));
    }
    if let Some(part) = registry.part.iter().find(|p| p.number == exercise.part) {
        fields.push((format!("part {} title", part.number), &part.title));
    }
    let mut missing = Vec::new();
    for (name, text) in &fields {
        for (lang, value) in [("ru", &text.ru), ("en", &text.en)] {
            if value.trim().is_empty() || value.contains("TODO") {
                missing.push(format!("{name}.{lang}"));
            }
        }
    }
    if exercise.hints.is_empty() {
        missing.push("hints".into());
    }
    if missing.is_empty() {
        findings.push(ok(tr!(
            "название, задание, ожидаемое и подсказки ({n}) — на обоих языках",
            "title, task, expected and hints ({n}) written in both languages";
            n = exercise.hints.len()
        )));
    } else {
        findings.push(bad(
            tr!(
                "не написано (пусто или TODO): {m}",
                "not written (empty or TODO): {m}";
                m = missing.join(", ")
            ),
            "labs/lab.toml",
        ));
    }
    findings
}

/// The kit's files the exercise needs.
fn files(kit: &Path, exercise: &Exercise) -> Vec<Finding> {
    let mut needed = vec![
        format!("labs/src/{}", exercise.file),
        format!("solutions/{}", exercise.file),
        format!("witness/src/stress/{}.rs", exercise.id),
    ];
    if exercise.engine != Engine::Real {
        needed.push(format!("checker/scenarios/{}.rs", exercise.id));
    }
    needed.extend(
        exercise
            .alternatives
            .iter()
            .map(|alt| format!("solutions/{alt}")),
    );
    let missing: Vec<&String> = needed.iter().filter(|f| !kit.join(f).is_file()).collect();
    match missing.first() {
        None => vec![ok(tr!(
            "файлы на месте: {f}",
            "files in place: {f}";
            f = needed.join(", ")
        ))],
        Some(_) => missing
            .iter()
            .map(|f| {
                let why = if f.starts_with("witness/") {
                    " — без него каждое верное решение получит «под подозрением», 0 баллов / without it every correct submission is graded \"flagged\", 0 points"
                } else {
                    ""
                };
                let (ru, en) = why.split_once(" / ").unwrap_or(("", ""));
                bad(
                    tr!("нет файла {f}{why_ru}", "missing file {f}{why_en}"; f = f.to_string(), why_ru = ru, why_en = en),
                    (*f).clone(),
                )
            })
            .collect(),
    }
}

/// The model's size against loom's limits.
fn limits_finding(exercise: &Exercise) -> Option<Finding> {
    if exercise.engine == Engine::Real {
        return None;
    }
    let threads = exercise.model.threads;
    let tasks = exercise.engine == Engine::Tasks;
    let (what, why) = if tasks {
        (
            ("задач", "tasks"),
            (
                "каждая задача больше умножает число расписаний",
                "every task more multiplies the schedules",
            ),
        )
    } else {
        (
            ("потоков", "threads"),
            (
                "loom запускает не больше 5 потоков, считая поток сценария",
                "loom runs at most 5 threads, the scenario's own included",
            ),
        )
    };
    Some(
        if (2..=MAX_WORKERS).contains(&threads) && exercise.model.ops >= 1 {
            ok(tr!(
                "модель: {threads} {w} × {ops} оп. (предел — {max}: {why_ru})",
                "model: {threads} {e} × {ops} ops (at most {max}: {why_en})";
                ops = exercise.model.ops, max = MAX_WORKERS, w = what.0, e = what.1,
                why_ru = why.0, why_en = why.1
            ))
        } else {
            bad(
                tr!(
                    "модель: {threads} {w} × {ops} оп.; нужно 2–{max} (гонке нужны двое; {why_ru}) и ops ≥ 1",
                    "model: {threads} {e} × {ops} ops; it needs 2–{max} (a race takes two; {why_en}) and ops ≥ 1";
                    ops = exercise.model.ops, max = MAX_WORKERS, w = what.0, e = what.1,
                    why_ru = why.0, why_en = why.1
                ),
                "labs/lab.toml",
            )
        },
    )
}

/// The starter: rejected, at the minimum the registry states.
fn starter(kit: &Path, exercise: &Exercise, witness: &Witness) -> (Vec<Finding>, Option<usize>) {
    let file = format!("labs/src/{}", exercise.file);
    if exercise.engine == Engine::Real {
        let (report, _) = selfcheck::check(kit, Tree::Labs, exercise, witness);
        let finding = if report.verdict == Verdict::Fail {
            ok(tr!(
                "стартовый код {file} отклонён настоящим запуском: {s}",
                "the starter {file} is rejected by the real run: {s}";
                s = report.summary.en.clone()
            ))
        } else {
            bad(
                tr!(
                    "стартовый код {file} должен быть отклонён, а вердикт — {v:?}: {s}",
                    "the starter {file} must be rejected, but the verdict is {v:?}: {s}";
                    v = report.verdict, s = report.summary.en.clone()
                ),
                file,
            )
        };
        return (vec![finding], None);
    }
    let (report, _) = isolate::run(Tree::Labs, exercise, &exercise.id, limits().1);
    let Some(counterexample) = report
        .counterexample
        .as_ref()
        .filter(|_| report.verdict == Verdict::Fail)
    else {
        return (
            vec![bad(
                tr!(
                    "стартовый код {file} должен быть отклонён с контрпримером, а вердикт — {v:?}: {s}",
                    "the starter {file} must be rejected with a counterexample, but the verdict is {v:?}: {s}";
                    v = report.verdict, s = report.summary.en.clone()
                ),
                file,
            )],
            None,
        );
    };
    let (minimum, unit) = match counterexample.switches {
        Some(switches) => (
            switches,
            (
                crate::text::plural_ru(switches, "переключение", "переключения", "переключений"),
                crate::text::plural_en(switches, "task switch", "task switches"),
            ),
        ),
        None => {
            let p = counterexample.preemptions;
            (
                p,
                (
                    crate::text::plural_ru(p, "вытеснение", "вытеснения", "вытеснений"),
                    crate::text::plural_en(p, "preemption", "preemptions"),
                ),
            )
        }
    };
    let executions = report.outcomes.as_ref().map_or(0, |t| t.executions);
    let how = match (exercise.engine, exercise.model.exhaustive) {
        (Engine::Tasks, _) => tr!(
            "все расписания перебраны ({executions})",
            "all {executions} schedules explored"
        ),
        (_, true) => tr!(
            "точный минимум по всей модели из {executions} исполнений: model::minimize, сверен с оракулом",
            "the exact minimum over the whole model of {executions} executions: model::minimize, checked against the oracle"
        ),
        (_, false) => tr!(
            "наименьшее на границах 0…{b}",
            "the fewest at the bounds 0…{b}";
            b = exercise.model.max_preemptions
        ),
    };
    let mut findings = vec![ok(tr!(
        "стартовый код {file} отклонён: кратчайший контрпример — {minimum} {unit_ru} ({how_ru})",
        "the starter {file} is rejected: its shortest counterexample needs {unit_en} ({how_en})";
        unit_ru = unit.0, unit_en = unit.1.clone(), how_ru = how.ru.clone(), how_en = how.en.clone()
    ))];
    findings.push(match exercise.model.minimum {
        Some(stated) if stated == minimum => ok(tr!(
            "minimum = {stated} в labs/lab.toml совпадает",
            "minimum = {stated} in labs/lab.toml agrees"
        )),
        Some(stated) => bad(
            tr!(
                "в labs/lab.toml minimum = {stated}, а у стартового кода — {minimum}",
                "labs/lab.toml says minimum = {stated}, but the starter's is {minimum}"
            ),
            "labs/lab.toml",
        ),
        None => bad(
            tr!(
                "в labs/lab.toml нет minimum: напишите minimum = {minimum} в [exercise.model]",
                "labs/lab.toml has no minimum: write minimum = {minimum} in [exercise.model]"
            ),
            "labs/lab.toml",
        ),
    });
    if exercise.engine == Engine::Threads && !exercise.model.exhaustive {
        let bound = exercise.model.max_preemptions;
        findings.push(if bound > minimum {
            ok(tr!(
                "граница max_preemptions = {bound} выше минимума {minimum}",
                "the bound max_preemptions = {bound} is above the minimum {minimum}"
            ))
        } else {
            bad(
                tr!(
                    "граница max_preemptions = {bound} не выше минимума {minimum}: нужно хотя бы {need}, иначе решение проверяется только там, где ошибки ещё не видно",
                    "the bound max_preemptions = {bound} is not above the minimum {minimum}: it needs at least {need}, or a fix is judged only where the bug does not show yet";
                    need = minimum + 1
                ),
                "labs/lab.toml",
            )
        });
    }
    findings.push(snapshot_finding(
        kit,
        &format!("starter_{}", exercise.id),
        &report,
    ));
    (findings, Some(minimum))
}

/// Every reference solution of a modelled exercise: accepted on the whole
/// model, quickly enough.
fn solutions(kit: &Path, exercise: &Exercise) -> Vec<Finding> {
    let mut findings = Vec::new();
    for tree in [Tree::Solutions, Tree::Alternatives] {
        for entry in trees::entries(tree).filter(|e| e.id == exercise.id) {
            let (report, timing) = isolate::run(tree, exercise, entry.module, limits().1);
            let file = entry.file.to_string();
            let executions = report.outcomes.as_ref().map_or(0, |t| t.executions);
            let ms = timing.map_or(0, |t| t.total_ms);
            if report.verdict != Verdict::Pass {
                findings.push(bad(
                    tr!(
                        "решение {file} должно быть принято, а вердикт — {v:?}: {s}",
                        "the solution {file} must be accepted, but the verdict is {v:?}: {s}";
                        v = report.verdict, s = report.summary.en.clone()
                    ),
                    file.clone(),
                ));
            } else if ms > SLOW_MS {
                findings.push(bad(
                    tr!(
                        "решение {file} принято, но модель велика: {executions} {word} за {ms} мс (держите меньше секунды: уменьшите threads/ops)",
                        "the solution {file} is accepted, but the model is big: {executions} executions in {ms} ms (keep it under a second: fewer threads/ops)";
                        word = crate::text::plural_ru(executions as usize, "исполнение", "исполнения", "исполнений")
                    ),
                    "labs/lab.toml",
                ));
            } else {
                findings.push(ok(tr!(
                    "решение {file} принято: {executions} {word}, {ms} мс",
                    "the solution {file} is accepted: {executions} executions, {ms} ms";
                    word = crate::text::plural_ru(executions as usize, "исполнение", "исполнения", "исполнений")
                )));
            }
            findings.push(snapshot_finding(
                kit,
                &format!("solution_{}_{}", exercise.id, entry.module),
                &report,
            ));
        }
    }
    findings
}

/// The stress run's word on the reference solution.
fn stress_finding(exercise: &Exercise, stressed: &Result<Stressed, String>) -> Finding {
    let file = format!("witness/src/stress/{}.rs", exercise.id);
    let solution = format!("solutions/{}", exercise.file);
    match stressed {
        Err(e) => bad(
            tr!(
                "оценка решений (для прогона под нагрузкой) не выполнена: {e}",
                "grading the solutions (for the stress run) failed: {e}";
                e = e.clone()
            ),
            solution,
        ),
        Ok(all) => match all.iter().find(|(id, ..)| *id == exercise.id) {
            Some((_, Status::Passed, seen)) => ok(tr!(
                "под нагрузкой ({file}) решение {solution} прошло: {seen}",
                "under stress ({file}) the solution {solution} passed: {seen}";
                seen = seen.en.clone()
            )),
            Some((_, status, seen)) => bad(
                tr!(
                    "под нагрузкой ({file}) решение {solution}: {status:?} — {seen}",
                    "under stress ({file}) the solution {solution}: {status:?} — {seen}";
                    status = *status, seen = seen.en.clone()
                ),
                file,
            ),
            None => bad(
                tr!(
                    "решение {solution} не оценено",
                    "the solution {solution} was not graded"
                ),
                solution,
            ),
        },
    }
}

/// `cargo lab dev check [ID]`.
pub fn run(kit: &Path, ids: &[String], lang: Lang) -> ExitCode {
    let registry = Registry::load();
    if !kit.join("solutions").is_dir() {
        eprintln!(
            "{}",
            tr!(
                "cargo lab dev check — для набора преподавателя (нужна папка solutions/)",
                "cargo lab dev check is for the instructor's kit (it needs solutions/)"
            )
            .get(lang)
        );
        return ExitCode::from(2);
    }
    match super::registry_on_disk(kit) {
        Ok(_) => {}
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    }
    let chosen: Vec<&Exercise> = if ids.is_empty() {
        registry.exercise.iter().collect()
    } else {
        let mut chosen = Vec::new();
        for id in ids {
            match registry.get(id) {
                Some(e) => chosen.push(e),
                None => {
                    eprintln!(
                        "{}",
                        tr!(
                            "неизвестное упражнение «{id}» (его нет в labs/lab.toml, или набор не пересобран)",
                            "unknown exercise '{id}' (not in labs/lab.toml, or the kit was not rebuilt)";
                            id = id.clone()
                        )
                        .get(lang)
                    );
                    return ExitCode::from(2);
                }
            }
        }
        chosen
    };
    let start = Instant::now();
    let chosen_ids: Vec<&str> = chosen.iter().map(|e| e.id.as_str()).collect();
    println!(
        "{}",
        tr!(
            "Прогон решений под нагрузкой (оценка solutions/ как работы студента)…",
            "Running the solutions under stress (grading solutions/ as a submission)…"
        )
        .get(lang)
    );
    let stressed = grade_solutions(kit, &registry, &chosen_ids);
    let witness = Witness::default();
    let mut ready = 0;
    for exercise in &chosen {
        let mut findings = Vec::new();
        findings.extend(files(kit, exercise));
        findings.extend(texts(&registry, exercise));
        findings.extend(limits_finding(exercise));
        let (starter_findings, _) = starter(kit, exercise, &witness);
        findings.extend(starter_findings);
        if exercise.engine != Engine::Real {
            findings.extend(solutions(kit, exercise));
        }
        findings.push(stress_finding(exercise, &stressed));
        let all_ok = findings.iter().all(|f| f.ok);
        if all_ok {
            ready += 1;
        }
        let extra = if registry.is_extra(exercise) {
            tr!(", дополнительно", ", extra")
        } else {
            Text::same("")
        };
        println!();
        let points = match lang {
            Lang::Ru => format!("{} б.", exercise.points),
            Lang::En => crate::text::plural_en(exercise.points as usize, "pt", "pts"),
        };
        println!(
            "{} {} — {}  [{points}{}]",
            if all_ok { "✓" } else { "✗" },
            exercise.id,
            exercise.title.get(lang),
            extra.get(lang)
        );
        for finding in &findings {
            let mark = if finding.ok { "✓" } else { "✗" };
            let line = finding.text.get(lang);
            let lines = crate::report::wrap::wrap(line, 80, &format!("  {mark} "), "      ");
            for l in lines {
                println!("{l}");
            }
            if let Some(fix) = &finding.fix {
                println!("      → {} {fix}", tr!("исправить:", "fix:").get(lang));
            }
        }
    }
    println!();
    let total = chosen.len();
    println!(
        "{}",
        tr!(
            "Готово к выдаче: {ready} из {total} ({s} с)",
            "Ready to hand out: {ready} of {total} ({s} s)";
            s = start.elapsed().as_secs()
        )
        .get(lang)
    );
    if ready == total {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_missing_languages_are_named() {
        let registry = Registry::load();
        let mut exercise = registry.get("counter").unwrap().clone();
        assert!(texts(&registry, &exercise).iter().all(|f| f.ok));
        exercise.title.en = "TODO: title".into();
        exercise.hints[1].ru = String::new();
        let findings = texts(&registry, &exercise);
        let bad: Vec<&Finding> = findings.iter().filter(|f| !f.ok).collect();
        assert_eq!(bad.len(), 1);
        assert!(
            bad[0].text.en.contains("title.en, hints[1].ru"),
            "{}",
            bad[0].text.en
        );
        assert_eq!(bad[0].fix.as_deref(), Some("labs/lab.toml"));
    }

    #[test]
    fn a_snapshot_is_read_after_its_header() {
        let kit = std::env::temp_dir().join(format!("racelab-devcheck-{}", std::process::id()));
        std::fs::create_dir_all(kit.join("snapshots")).unwrap();
        std::fs::write(
            kit.join("snapshots/x.snap"),
            "---\nsource: tests/kit/exercises.rs\n---\n✗ body\n  line\n",
        )
        .unwrap();
        assert_eq!(snapshot(&kit, "x").as_deref(), Some("✗ body\n  line\n"));
        assert_eq!(snapshot(&kit, "absent"), None);
        let _ = std::fs::remove_dir_all(&kit);
    }

    #[test]
    fn a_model_past_loom_is_refused() {
        let registry = Registry::load();
        let mut exercise = registry.get("counter").unwrap().clone();
        assert!(limits_finding(&exercise).unwrap().ok);
        exercise.model.threads = MAX_WORKERS + 1;
        let finding = limits_finding(&exercise).unwrap();
        assert!(!finding.ok);
        assert!(
            finding.text.en.contains("at most 5 threads"),
            "{}",
            finding.text.en
        );
    }
}
