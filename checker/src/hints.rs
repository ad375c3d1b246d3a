//! Hints chosen by what the report found and what the code contains. The
//! texts are data in labs/lab.toml (`[[hint]]` per class, and the
//! exercises' own hints with the conditions they hold under); the choice is
//! made here, from evidence:
//!
//! - `self_deadlock`: a step where a thread waits for a lock it holds;
//! - `guard_dropped`: `let _ = x.lock()` in the source, and that line in the
//!   trace as a lock released at once;
//! - `split_section`: one thread takes the same lock twice in one operation
//!   (between two of its results, or in one function of the source) and
//!   another thread takes it in between;
//! - `blocking_in_task`: a task model whose trace shows a call that blocks
//!   the thread, or whose source calls one inside `async` code.
//!
//! Then the exercise's own hints in order, without those that talk about
//! code the file no longer has (`calls`) or that a finding contradicts
//! (`unless`).

use std::collections::BTreeSet;

use serde::Deserialize;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

use crate::model::explore::Counterexample;
use crate::registry::{Engine, Exercise};
use crate::report::timeline::split_site;
use crate::report::ExerciseReport;
use crate::text::{Lang, Text};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    SelfDeadlock,
    GuardDropped,
    SplitSection,
    BlockingInTask,
}

/// What a report or a source showed, with the names a hint text fills in:
/// `{thread}`, `{lock}`, `{lines}`, `{call}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub class: Class,
    pub thread: String,
    pub lock: String,
    pub lines: Vec<u32>,
    pub call: String,
}

impl Finding {
    fn new(class: Class) -> Finding {
        Finding {
            class,
            thread: String::new(),
            lock: String::new(),
            lines: Vec::new(),
            call: String::new(),
        }
    }

    fn fill(&self, text: &Text) -> Text {
        let lines = |lang: Lang| {
            let and = if lang == Lang::Ru { " и " } else { " and " };
            let l: Vec<String> = self.lines.iter().map(u32::to_string).collect();
            match l.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{}{and}{last}", rest.join(", ")),
                None => "?".to_string(),
            }
        };
        let one = |s: &str, lang: Lang| {
            s.replace("{thread}", &self.thread)
                .replace("{lock}", &self.lock)
                .replace("{lines}", &lines(lang))
                .replace("{call}", &self.call)
        };
        Text::new(one(&text.ru, Lang::Ru), one(&text.en, Lang::En))
    }
}

#[derive(Deserialize)]
struct Data {
    #[serde(default)]
    hint: Vec<ClassHint>,
    exercise: Vec<ExerciseHints>,
}

#[derive(Deserialize)]
struct ClassHint {
    class: Class,
    /// Only for this exercise (preferred to the general text).
    #[serde(default)]
    exercise: Option<String>,
    ru: String,
    en: String,
}

#[derive(Deserialize)]
struct ExerciseHints {
    id: String,
    #[serde(default)]
    hints: Vec<OwnHint>,
}

#[derive(Deserialize)]
struct OwnHint {
    ru: String,
    en: String,
    /// Shown only while the code calls one of these (method or function
    /// names): a hint about `store` means nothing once it is gone.
    #[serde(default)]
    calls: Vec<String>,
    /// Not shown when one of these was found: it would say the opposite.
    #[serde(default)]
    unless: Vec<Class>,
}

fn data() -> Data {
    toml::from_str(crate::registry::SOURCE).expect("labs/lab.toml is valid")
}

/// The hints for `exercise`, the most relevant first.
pub fn choose(
    exercise: &Exercise,
    report: Option<&ExerciseReport>,
    source: Option<&str>,
) -> Vec<Text> {
    choose_from(&data(), exercise, report, source)
}

fn choose_from(
    data: &Data,
    exercise: &Exercise,
    report: Option<&ExerciseReport>,
    source: Option<&str>,
) -> Vec<Text> {
    let found = findings(exercise.engine, report, source);
    let classes: BTreeSet<Class> = found.iter().map(|f| f.class).collect();
    let mut out: Vec<Text> = Vec::new();
    for finding in &found {
        let text = data
            .hint
            .iter()
            .filter(|h| h.class == finding.class)
            .find(|h| h.exercise.as_deref() == Some(exercise.id.as_str()))
            .or_else(|| {
                data.hint
                    .iter()
                    .find(|h| h.class == finding.class && h.exercise.is_none())
            });
        if let Some(h) = text {
            let text = finding.fill(&Text::new(h.ru.clone(), h.en.clone()));
            if !out.contains(&text) {
                out.push(text);
            }
        }
    }
    let called = source.map(calls);
    let own = data.exercise.iter().find(|e| e.id == exercise.id);
    for hint in own.map(|e| e.hints.as_slice()).unwrap_or_default() {
        if hint.unless.iter().any(|c| classes.contains(c)) {
            continue;
        }
        if let Some(called) = &called {
            if !hint.calls.is_empty() && !hint.calls.iter().any(|c| called.contains(c)) {
                continue;
            }
        }
        out.push(Text::new(hint.ru.clone(), hint.en.clone()));
    }
    out
}

/// Everything the report and the source show, one finding per class.
pub fn findings(
    engine: Engine,
    report: Option<&ExerciseReport>,
    source: Option<&str>,
) -> Vec<Finding> {
    let counterexample = report.and_then(|r| r.counterexample.as_ref());
    let file = report.map_or("", |r| r.file.as_str());
    let code = source.and_then(|s| syn::parse_file(s).ok()).map(|f| {
        let mut seen = Code::default();
        seen.visit_file(&f);
        seen
    });
    let mut out = Vec::new();
    if let Some(c) = counterexample {
        out.extend(self_deadlock(c, file));
        if let Some(code) = &code {
            out.extend(guard_dropped(c, file, code));
        }
        out.extend(split_section(c, file, code.as_ref()));
    }
    if engine == Engine::Tasks {
        out.extend(blocking_in_task(counterexample, file, code.as_ref()));
    }
    out
}

/// A step of the counterexample as the English labels spell it.
struct Seen<'a> {
    index: usize,
    thread: &'a str,
    pieces: Vec<(String, Option<u32>)>,
}

fn seen<'a>(c: &'a Counterexample, file: &str) -> Vec<Seen<'a>> {
    c.steps
        .iter()
        .enumerate()
        .map(|(index, s)| Seen {
            index,
            thread: &s.thread,
            pieces: s
                .action
                .en
                .split("; ")
                .map(|p| {
                    let (label, site) = split_site(p, file);
                    (label, site.map(|s| s.line))
                })
                .collect(),
        })
        .collect()
}

/// The lock a piece takes: "lock items", "lock and unlock items",
/// "read-lock x", "lock x … waits (held by T1)", and a critical section
/// that shows its data: "under the lock: read items → [7]", "under the
/// lock: write value ← 2 over 3".
fn locked(piece: &str) -> Option<&str> {
    if let Some(used) = piece.strip_prefix("under the lock: ") {
        let rest = ["read ", "write "]
            .iter()
            .find_map(|p| used.strip_prefix(p))?;
        return rest.split([' ', ',']).next().filter(|n| !n.is_empty());
    }
    let rest = ["lock and unlock ", "lock ", "read-lock ", "write-lock "]
        .iter()
        .find_map(|p| piece.strip_prefix(p))?;
    Some(rest.split(" … ").next().unwrap_or(rest).trim())
}

/// "take() → Some(7)": an operation's result, which ends the operation.
fn is_result(piece: &str) -> bool {
    piece.split_once(" → ").is_some_and(|(call, _)| {
        call.ends_with(')')
            && call.split('(').next().is_some_and(|f| {
                !f.is_empty() && f.chars().all(|c| c.is_alphanumeric() || c == '_')
            })
    })
}

fn self_deadlock(c: &Counterexample, file: &str) -> Option<Finding> {
    for step in seen(c, file) {
        for (piece, line) in &step.pieces {
            let Some((_, holders)) = piece.split_once(" … waits (held by ") else {
                continue;
            };
            let holders = holders.trim_end_matches(')');
            if holders.split(", ").any(|h| h == step.thread) {
                let mut f = Finding::new(Class::SelfDeadlock);
                f.thread = step.thread.to_string();
                f.lock = locked(piece).unwrap_or("?").to_string();
                f.lines = line.iter().copied().collect();
                return Some(f);
            }
        }
    }
    None
}

fn guard_dropped(c: &Counterexample, file: &str, code: &Code) -> Option<Finding> {
    for step in seen(c, file) {
        for (piece, line) in &step.pieces {
            let released = piece.starts_with("lock and unlock ");
            if let (true, Some(line)) = (released, line) {
                if code.dropped_guards.contains(line) {
                    let mut f = Finding::new(Class::GuardDropped);
                    f.thread = step.thread.to_string();
                    f.lock = locked(piece).unwrap_or("?").to_string();
                    f.lines = vec![*line];
                    return Some(f);
                }
            }
        }
        // A task's poll: "lock x; unlock x" with nothing between.
        for pair in step.pieces.windows(2) {
            let (first, second) = (&pair[0].0, &pair[1].0);
            if let (Some(a), Some(b)) =
                (first.strip_prefix("lock "), second.strip_prefix("unlock "))
            {
                if a == b && !code.dropped_guards.is_empty() {
                    let mut f = Finding::new(Class::GuardDropped);
                    f.thread = step.thread.to_string();
                    f.lock = a.to_string();
                    f.lines = code.dropped_guards.iter().copied().collect();
                    return Some(f);
                }
            }
        }
    }
    None
}

fn split_section(c: &Counterexample, file: &str, code: Option<&Code>) -> Option<Finding> {
    let steps = seen(c, file);
    for thread in &c.threads {
        // The last lock this thread took in its current operation.
        let mut last: Option<(String, Option<u32>, usize)> = None;
        let mut has_results = false;
        for step in steps.iter().filter(|s| s.thread == thread) {
            for (piece, line) in &step.pieces {
                if is_result(piece) {
                    has_results = true;
                    last = None;
                    continue;
                }
                let Some(lock) = locked(piece) else {
                    continue;
                };
                if let Some((before, before_line, at)) = &last {
                    let other_took_it = steps[at + 1..step.index].iter().any(|s| {
                        s.thread != thread && s.pieces.iter().any(|(p, _)| locked(p) == Some(lock))
                    });
                    let lines: Vec<u32> = before_line.iter().chain(line.iter()).copied().collect();
                    // One operation: the trace says so (no result between),
                    // or one function of the source takes the lock twice.
                    let one_operation = has_results
                        || code.is_some_and(|code| {
                            lines.len() == 2 && code.same_receiver(lines[0], lines[1])
                        });
                    if before == lock && other_took_it && one_operation {
                        let mut f = Finding::new(Class::SplitSection);
                        f.thread = thread.clone();
                        f.lock = lock.to_string();
                        f.lines = lines;
                        return Some(f);
                    }
                }
                last = Some((lock.to_string(), *line, step.index));
            }
        }
    }
    None
}

fn blocking_in_task(
    c: Option<&Counterexample>,
    file: &str,
    code: Option<&Code>,
) -> Option<Finding> {
    for step in c.map(|c| seen(c, file)).unwrap_or_default() {
        for (piece, line) in &step.pieces {
            if let Some((call, _)) = piece.split_once(" — BLOCKS THE THREAD") {
                let mut f = Finding::new(Class::BlockingInTask);
                f.thread = step.thread.to_string();
                f.call = call.split('(').next().unwrap_or(call).to_string();
                f.lines = line.iter().copied().collect();
                return Some(f);
            }
        }
    }
    let (call, line) = code?.blocking_in_async.first()?.clone();
    let mut f = Finding::new(Class::BlockingInTask);
    f.call = call;
    f.lines = vec![line];
    Some(f)
}

/// What the source contains, as far as the hints care.
#[derive(Default)]
struct Code {
    /// Lines of `let _ = x.lock();`: the guard dropped at once.
    dropped_guards: BTreeSet<u32>,
    /// Per function: (receiver, line) of each `.lock()`, `.read()`,
    /// `.write()`.
    acquisitions: Vec<Vec<(syn::Expr, u32)>>,
    /// Blocking calls inside `async` code: (path, line).
    blocking_in_async: Vec<(String, u32)>,
    /// Every method and function name called.
    called: BTreeSet<String>,
    in_async: usize,
}

const LOCKS: [&str; 3] = ["lock", "read", "write"];

fn line_of(span: proc_macro2::Span) -> u32 {
    span.start().line as u32
}

/// The lock call an expression ends in, through `.unwrap()`, `.await`, `?`.
fn lock_call(expr: &syn::Expr) -> Option<&syn::ExprMethodCall> {
    match expr {
        syn::Expr::MethodCall(m) if LOCKS.contains(&m.method.to_string().as_str()) => Some(m),
        syn::Expr::MethodCall(m)
            if ["unwrap", "expect"].contains(&m.method.to_string().as_str()) =>
        {
            lock_call(&m.receiver)
        }
        syn::Expr::Await(a) => lock_call(&a.base),
        syn::Expr::Try(t) => lock_call(&t.expr),
        _ => None,
    }
}

impl Code {
    fn same_receiver(&self, a: u32, b: u32) -> bool {
        a != b
            && self.acquisitions.iter().any(|f| {
                f.iter()
                    .any(|(r, l)| *l == a && f.iter().any(|(r2, l2)| *l2 == b && r2 == r))
            })
    }

    fn in_fn(&mut self, asyncness: bool, walk: impl FnOnce(&mut Code)) {
        self.acquisitions.push(Vec::new());
        self.in_async += usize::from(asyncness);
        walk(self);
        self.in_async -= usize::from(asyncness);
    }
}

impl<'ast> Visit<'ast> for Code {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.in_fn(f.sig.asyncness.is_some(), |c| visit::visit_item_fn(c, f));
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.in_fn(f.sig.asyncness.is_some(), |c| {
            visit::visit_impl_item_fn(c, f)
        });
    }

    fn visit_expr_async(&mut self, a: &'ast syn::ExprAsync) {
        self.in_async += 1;
        visit::visit_expr_async(self, a);
        self.in_async -= 1;
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        // `spawn_blocking(|| …)` runs its closure off the tasks' thread.
        let outer = std::mem::take(&mut self.in_async);
        visit::visit_expr_closure(self, c);
        self.in_async = outer;
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let (syn::Pat::Wild(_), Some(init)) = (&local.pat, &local.init) {
            if lock_call(&init.expr).is_some() {
                self.dropped_guards.insert(line_of(local.span()));
            }
        }
        visit::visit_local(self, local);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let name = m.method.to_string();
        if LOCKS.contains(&name.as_str()) {
            // `extra-traits`: expressions compare by their tokens, not spans.
            let receiver = (*m.receiver).clone();
            if let Some(f) = self.acquisitions.last_mut() {
                f.push((receiver, line_of(m.method.span())));
            }
        }
        self.called.insert(name);
        visit::visit_expr_method_call(self, m);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(p) = &*call.func {
            let path: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            if let Some(last) = path.last() {
                self.called.insert(last.clone());
            }
            let joined = path.join("::");
            let blocking = joined.ends_with("thread::sleep")
                || joined.starts_with("std::fs::")
                || joined.starts_with("fs::");
            if blocking && self.in_async > 0 {
                self.blocking_in_async
                    .push((joined, line_of(call.func.span())));
            }
        }
        visit::visit_expr_call(self, call);
    }
}

/// The method and function names `source` calls.
fn calls(source: &str) -> BTreeSet<String> {
    let Ok(file) = syn::parse_file(source) else {
        return BTreeSet::new();
    };
    let mut code = Code::default();
    code.visit_file(&file);
    code.called
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schedule::Step;
    use crate::registry::Registry;
    use crate::trees::Tree;

    /// A failing report of `id` whose counterexample has these steps
    /// (thread, English label).
    fn report(id: &str, steps: &[(&str, &str)]) -> (Exercise, ExerciseReport) {
        let exercise = Registry::load().get(id).unwrap().clone();
        let mut report = ExerciseReport::new(&exercise, Tree::Labs);
        let mut threads: Vec<String> = steps.iter().map(|s| s.0.to_string()).collect();
        threads.sort();
        threads.dedup();
        report.counterexample = Some(Counterexample {
            preemptions: 1,
            switches: None,
            bound: Some(1),
            found_after: 1,
            threads,
            steps: steps
                .iter()
                .enumerate()
                .map(|(i, (t, en))| Step {
                    n: i + 1,
                    thread: t.to_string(),
                    action: Text::new(*en, *en),
                    preempted: None,
                    time_ms: None,
                    marks: Vec::new(),
                })
                .collect(),
            outcome: Text::same("?"),
        });
        (exercise, report)
    }

    fn classes(exercise: &Exercise, report: &ExerciseReport, source: &str) -> Vec<Class> {
        findings(exercise.engine, Some(report), Some(source))
            .iter()
            .map(|f| f.class)
            .collect()
    }

    const LIST_REENTRANT: &str = "
impl SharedList {
    pub fn len(&self) -> usize {
        self.items.lock().len()
    }
    pub fn take(&self) -> Option<u32> {
        let mut items = self.items.lock();
        if self.len() == 0 { return None; }
        items.pop()
    }
}";

    #[test]
    fn a_thread_that_relocks_its_own_mutex_gets_the_reentrancy_hint() {
        let (exercise, report) = report(
            "list",
            &[
                (
                    "T1",
                    "lock items — line 7: let mut items = self.items.lock();",
                ),
                (
                    "T1",
                    "lock items … waits (held by T1) — line 4: self.items.lock().len()",
                ),
            ],
        );
        assert_eq!(
            classes(&exercise, &report, LIST_REENTRANT),
            [Class::SelfDeadlock]
        );
        let hints = choose(&exercise, Some(&report), Some(LIST_REENTRANT));
        assert!(hints[0]
            .ru
            .starts_with("Самоблокировка: T1 ждёт замок items"));
        assert!(hints[0].en.contains("(line 4)"), "{}", hints[0].en);
        // "The lock is already released" says the opposite of what happened.
        assert!(hints.iter().all(|h| !h.en.contains("already released")));
    }

    #[test]
    fn waiting_for_another_threads_lock_is_no_self_deadlock() {
        let (exercise, report) = report(
            "bank",
            &[
                ("T1", "lock accounts[0] — line 33: let a = x.lock();"),
                ("T2", "lock accounts[1] — line 33: let a = x.lock();"),
                ("T2", "lock accounts[0] … waits (held by T1) — line 34: y"),
                ("T1", "lock accounts[1] … waits (held by T2) — line 34: y"),
            ],
        );
        assert!(classes(&exercise, &report, "fn f() {}").is_empty());
        let hints = choose(&exercise, Some(&report), Some("fn f() {}"));
        assert!(hints[0].en.starts_with("A deadlock"));
    }

    const COUNTER_DROPPED: &str = "
impl Counter {
    pub fn increment(&self) {
        let _ = self.lock.lock();
        let v = self.value.load(Ordering::SeqCst);
        self.value.store(v + 1, Ordering::SeqCst);
    }
}";

    #[test]
    fn a_guard_dropped_at_once_is_named() {
        let (exercise, report) = report(
            "counter",
            &[
                (
                    "T1",
                    "lock and unlock lock — line 4: let _ = self.lock.lock();",
                ),
                ("T1", "read value → 0"),
                (
                    "T2",
                    "lock and unlock lock — line 4: let _ = self.lock.lock();",
                ),
                ("T2", "read value → 0"),
            ],
        );
        assert_eq!(
            classes(&exercise, &report, COUNTER_DROPPED),
            [Class::GuardDropped]
        );
        let hint = &choose(&exercise, Some(&report), Some(COUNTER_DROPPED))[0];
        assert!(
            hint.en.starts_with("`let _ = ….lock()` on line 4"),
            "{}",
            hint.en
        );
        // A named guard is no trap, even if the trace looks the same.
        let named = COUNTER_DROPPED.replace("let _ =", "let _guard =");
        assert!(classes(&exercise, &report, &named).is_empty());
    }

    const COUNTER_TWO_LOCKS: &str = "
impl Counter {
    pub fn increment(&self) {
        let v = *self.value.lock();
        *self.value.lock() = v + 1;
    }
    pub fn get(&self) -> u64 {
        *self.value.lock()
    }
}";

    fn counter_two_locks() -> (Exercise, ExerciseReport) {
        report(
            "counter",
            &[
                (
                    "T1",
                    "lock and unlock value — line 4: let v = *self.value.lock();",
                ),
                (
                    "T2",
                    "lock and unlock value — line 4: let v = *self.value.lock();",
                ),
                (
                    "T2",
                    "lock and unlock value — line 5: *self.value.lock() = v + 1;",
                ),
                (
                    "T1",
                    "lock and unlock value — line 5: *self.value.lock() = v + 1;",
                ),
            ],
        )
    }

    #[test]
    fn a_mutex_taken_twice_in_one_increment_is_a_split_section() {
        let (exercise, report) = counter_two_locks();
        let found = findings(exercise.engine, Some(&report), Some(COUNTER_TWO_LOCKS));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].class, Class::SplitSection);
        assert_eq!(found[0].lines, [4, 5]);
        let hints = choose(&exercise, Some(&report), Some(COUNTER_TWO_LOCKS));
        assert!(hints[0]
            .ru
            .starts_with("Замок value берётся дважды (стр. 4 и 5)"));
        // The file has no load/store any more: no hint about them.
        assert!(hints
            .iter()
            .all(|h| !h.en.contains("`store`") || h.en.contains("just as")));
        assert!(!hints.iter().any(|h| h.en.starts_with("Between the `load`")));
    }

    #[test]
    fn two_locks_in_different_functions_without_results_are_not_one_operation() {
        let (exercise, report) = counter_two_locks();
        // Lines 4 and 8: `increment` and `get`, two operations.
        let source = COUNTER_TWO_LOCKS.replace("*self.value.lock() = v + 1;", "let _x = 0;");
        let mut report = report;
        let c = report.counterexample.as_mut().unwrap();
        for step in &mut c.steps {
            let en = step.action.en.replace("line 5", "line 8");
            step.action = Text::new(en.clone(), en);
        }
        assert!(classes(&exercise, &report, &source).is_empty());
    }

    #[test]
    fn check_and_act_split_between_an_operations_results() {
        let (exercise, report) = report(
            "list",
            &[
                ("T1", "take() → Some(7)"),
                (
                    "T1",
                    "lock and unlock items — line 36: self.items.lock().contains(&item)",
                ),
                (
                    "T2",
                    "lock and unlock items — line 40: self.items.lock().push(item);",
                ),
                (
                    "T1",
                    "lock and unlock items — line 40: self.items.lock().push(item);",
                ),
                ("T1", "push_if_absent(5) → true"),
            ],
        );
        assert_eq!(
            classes(&exercise, &report, "fn f() {}"),
            [Class::SplitSection]
        );
        // Nobody else between the two acquisitions: nothing went wrong there.
        let (exercise, alone) = super::tests::report(
            "list",
            &[
                ("T1", "lock and unlock items — line 36: x"),
                ("T1", "lock and unlock items — line 40: y"),
                ("T1", "push_if_absent(5) → true"),
            ],
        );
        assert!(classes(&exercise, &alone, "fn f() {}").is_empty());
    }

    #[test]
    fn a_blocking_call_in_a_task() {
        let (exercise, mut report) = report(
            "blocking",
            &[(
                "T2",
                "std::thread::sleep(100 ms) — BLOCKS THE THREAD (blocking.rs:35); done",
            )],
        );
        report.file = "labs/src/blocking.rs".to_string();
        let found = findings(exercise.engine, Some(&report), None);
        assert_eq!(found[0].class, Class::BlockingInTask);
        assert_eq!(found[0].call, "std::thread::sleep");
        assert_eq!(found[0].lines, [35]);
        let hints = choose(&exercise, Some(&report), None);
        assert!(hints[0]
            .en
            .starts_with("A blocking call in a task: `std::thread::sleep` (line 35)"));
        // The exercise's own hint saying the same is left out.
        assert!(!hints
            .iter()
            .any(|h| h.en.contains("Look at the steps' times")));
    }

    #[test]
    fn a_blocking_call_in_async_code_is_seen_in_the_source() {
        let exercise = Registry::load().get("async_counter").unwrap().clone();
        let source = "
async fn increment(&self) {
    std::thread::sleep(Duration::from_millis(5));
    rt::spawn_blocking(move || std::thread::sleep(Duration::from_millis(5))).await;
}";
        let found = findings(exercise.engine, None, Some(source));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].lines, [3]);
        // In spawn_blocking's closure it is where it belongs.
        let fixed = "
async fn increment(&self) {
    rt::spawn_blocking(move || std::thread::sleep(Duration::from_millis(5))).await;
}";
        assert!(findings(exercise.engine, None, Some(fixed)).is_empty());
    }

    #[test]
    fn without_evidence_the_registry_order() {
        let registry = Registry::load();
        for exercise in &registry.exercise {
            let hints = choose(exercise, None, None);
            assert_eq!(hints, exercise.hints, "{}", exercise.id);
        }
    }

    #[test]
    fn every_class_has_a_general_text_with_both_languages() {
        let data = data();
        for class in [
            Class::SelfDeadlock,
            Class::GuardDropped,
            Class::SplitSection,
            Class::BlockingInTask,
        ] {
            let general = data
                .hint
                .iter()
                .find(|h| h.class == class && h.exercise.is_none())
                .unwrap_or_else(|| panic!("{class:?} has a general hint"));
            assert!(!general.ru.is_empty() && !general.en.is_empty());
        }
        let ids = Registry::load();
        for h in &data.hint {
            if let Some(id) = &h.exercise {
                assert!(ids.get(id).is_some(), "{id}");
            }
        }
    }
}
