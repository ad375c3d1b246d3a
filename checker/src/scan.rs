//! What exercise code may name: an allow-list over the syn AST. Anything
//! concurrent that does not go through the kit's facades is invisible to the
//! model checker, and anything that reaches the machine (files, the
//! environment, processes, the grader's own modules) could fake a verdict; so
//! a path, a macro, an attribute or an item passes only if it is listed
//! below. A refusal names the line, what was found and what to use instead.
//!
//! The tables are data: [`FACADES`] (the kit's modules under `crate::`),
//! [`STD`] (the listed part of std), [`MACROS`], [`ATTRIBUTES`],
//! [`PRELUDE`] and [`PRIMITIVES`]. A deny-list always has one more hole
//! (`macro_rules!`, `#[path]`, `thread_local!` in a macro all got through
//! one); here whatever is not named is refused.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use serde::Serialize;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};

use crate::registry::Exercise;
use crate::report::{ExerciseReport, Verdict};
use crate::text::Text;
use crate::trees::Tree;

#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Refusal {
    pub line: usize,
    pub column: usize,
    /// What was found, as written (e.g. `std::sync::Mutex`).
    pub found: String,
    /// What to use instead.
    pub instead: Text,
}

// ---------------------------------------------------------------------------
// The allow-list. Extend it here, and only here.
// ---------------------------------------------------------------------------

/// One module of the kit's facades (`crate::<module>`) and the items of it
/// that exercise code may name. A path may go on past a listed item
/// (`crate::sync::atomic::Ordering::SeqCst`); a submodule is listed as its own
/// entry (`sync::atomic`). Kit-internal items (`rt::run`, `net::Server`,
/// `process::serve_worker_if_asked`, the facades' measurement hooks) are
/// deliberately absent: exercise code must not reach them.
pub struct Facade {
    pub module: &'static str,
    pub items: &'static [&'static str],
}

pub const FACADES: &[Facade] = &[
    Facade {
        module: "sync",
        items: &[
            "Arc",
            "Mutex",
            "MutexGuard",
            "RwLock",
            "RwLockReadGuard",
            "RwLockWriteGuard",
            "Condvar",
            "RaceCell",
        ],
    },
    Facade {
        module: "sync::atomic",
        items: &[
            "AtomicBool",
            "AtomicI32",
            "AtomicI64",
            "AtomicU32",
            "AtomicU64",
            "AtomicUsize",
            "Ordering",
        ],
    },
    Facade {
        module: "sync::thread",
        items: &["spawn", "yield_now", "JoinHandle"],
    },
    Facade {
        module: "rt",
        items: &[
            "spawn",
            "sleep",
            "yield_now",
            "spawn_blocking",
            "now",
            "fetch",
            "Mutex",
            "MutexGuard",
            "Shared",
            "JoinHandle",
        ],
    },
    Facade {
        module: "net",
        items: &["get", "get_async"],
    },
    Facade {
        module: "process",
        items: &["worker", "answer"],
    },
    Facade {
        module: "primes",
        items: &["count", "range"],
    },
];

/// How much of a std module exercise code may name.
pub struct StdModule {
    pub module: &'static str,
    /// Everything in it (and below it).
    pub whole: bool,
    /// These items, and paths through them (`Duration::from_millis`).
    pub items: &'static [&'static str],
    /// These items as types only: a path must end at them, so
    /// `std::process::Child` may be named but `Command::new` may not.
    pub types_only: &'static [&'static str],
}

const fn whole(module: &'static str) -> StdModule {
    StdModule {
        module,
        whole: true,
        items: &[],
        types_only: &[],
    }
}

const fn items(module: &'static str, items: &'static [&'static str]) -> StdModule {
    StdModule {
        module,
        whole: false,
        items,
        types_only: &[],
    }
}

/// The listed part of std (also under `core` and `alloc`).
pub const STD: &[StdModule] = &[
    whole("collections"),
    whole("fmt"),
    whole("cmp"),
    whole("iter"),
    whole("ops"),
    whole("option"),
    whole("result"),
    whole("string"),
    whole("vec"),
    whole("boxed"),
    whole("borrow"),
    whole("convert"),
    whole("num"),
    whole("hash"),
    whole("str"),
    whole("char"),
    whole("array"),
    whole("slice"),
    whole("default"),
    whole("clone"),
    whole("marker"),
    whole("error"),
    whole("ascii"),
    // The primitive types' modules (`std::f64::consts::PI`, `std::u64::MAX`).
    whole("u8"),
    whole("u16"),
    whole("u32"),
    whole("u64"),
    whole("u128"),
    whole("usize"),
    whole("i8"),
    whole("i16"),
    whole("i32"),
    whole("i64"),
    whole("i128"),
    whole("isize"),
    whole("f32"),
    whole("f64"),
    items("time", &["Duration"]),
    items("mem", &["swap", "replace", "take", "drop"]),
    items("cell", &["Cell", "RefCell", "Ref", "RefMut", "OnceCell"]),
    items("rc", &["Rc", "Weak"]),
    items(
        "net",
        &[
            "SocketAddr",
            "SocketAddrV4",
            "SocketAddrV6",
            "IpAddr",
            "Ipv4Addr",
            "Ipv6Addr",
        ],
    ),
    // Part 3 hands out commands from `crate::process::worker`; naming the
    // types of what they give back is fine, making a new one is not.
    StdModule {
        module: "process",
        whole: false,
        items: &["Stdio"],
        types_only: &["Command", "Child", "ExitStatus", "Output"],
    },
    // Reading a worker's pipe.
    items(
        "io",
        &[
            "Read",
            "BufRead",
            "BufReader",
            "Write",
            "Result",
            "Error",
            "ErrorKind",
        ],
    ),
    // The `blocking` exercise is about this very call; the task explorer and
    // the real facade both catch it blocking a task at run time.
    items("thread", &["sleep"]),
    // An identity function that keeps a loop from being optimised away.
    items("hint", &["black_box"]),
    // Hand-written futures and async helpers.
    items(
        "future",
        &[
            "Future",
            "IntoFuture",
            "ready",
            "pending",
            "Ready",
            "Pending",
        ],
    ),
    items("pin", &["Pin"]),
    items("task", &["Poll", "Context"]),
    // The very items the facades re-export (in labs and in the model alike),
    // so naming them by their std path reaches around nothing.
    items("sync", &["Arc"]),
    items("sync::atomic", &["Ordering"]),
];

/// Macros exercise code may call (also as `std::name!`).
pub const MACROS: &[&str] = &[
    "println",
    "print",
    "eprintln",
    "eprint",
    "format",
    "format_args",
    "write",
    "writeln",
    "vec",
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "panic",
    "unreachable",
    "todo",
    "unimplemented",
    "matches",
    "dbg",
];

/// Outer attributes exercise code may carry. `cfg` is allowed only as
/// exactly `#[cfg(test)]`: the student's own unit tests never run in a
/// checked build, while any other condition (`cfg(loom)`, features) could
/// make the model see other code than the real build runs.
pub const ATTRIBUTES: &[&str] = &["derive", "allow", "must_use", "doc", "test"];

/// Inner attributes (`#![…]`): `//!` comments are `#![doc]`.
pub const INNER_ATTRIBUTES: &[&str] = &["allow", "doc"];

/// std's derives.
pub const DERIVES: &[&str] = &[
    "Debug",
    "Clone",
    "Copy",
    "Default",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
];

/// Names every Rust file sees without a `use` (the 2021 prelude).
pub const PRELUDE: &[&str] = &[
    "Vec",
    "String",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Box",
    "Default",
    "ToString",
    "ToOwned",
    "Iterator",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Extend",
    "FromIterator",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
];

pub const PRIMITIVES: &[&str] = &[
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32",
    "f64", "bool", "char", "str",
];

// ---------------------------------------------------------------------------
// What to use instead.
// ---------------------------------------------------------------------------

fn facades_text() -> Text {
    Text::new(
        "фасады набора: crate::sync (потоки), crate::rt (задачи), crate::net, crate::process",
        "the kit's facades: crate::sync (threads), crate::rt (tasks), crate::net, crate::process",
    )
}

/// For a crate that is not there.
fn unknown_crate(name: &str) -> Text {
    match name {
        "parking_lot" | "crossbeam" | "crossbeam_utils" | "crossbeam_channel" | "rayon"
        | "loom" | "spin" | "once_cell" | "lazy_static" => Text::new(
            format!("crate::sync (контейнера {name} в упражнении нет, и модель его не видит)"),
            format!("crate::sync (there is no crate {name} in an exercise, and the model cannot see it)"),
        ),
        "tokio" | "async_std" | "futures" | "smol" => Text::new(
            format!("crate::rt (контейнера {name} в упражнении нет, и модель его не видит)"),
            format!("crate::rt (there is no crate {name} in an exercise, and the model cannot see it)"),
        ),
        "racelab_checker" | "labs" | "witness" => Text::new(
            "код своего упражнения (модули набора упражнению недоступны)",
            "your exercise's own code (the kit's modules are not open to an exercise)",
        ),
        _ => Text::new(
            format!(
                "{} или std из списка (контейнера или имени {name} в файле нет)",
                facades_text().ru
            ),
            format!(
                "{} or the listed std (there is no crate or name {name} in the file)",
                facades_text().en
            ),
        ),
    }
}

/// For an unlisted part of std.
fn std_instead(module: &str, item: Option<&str>) -> Text {
    match (module, item) {
        ("sync", _) => Text::new(
            "crate::sync: Arc, Mutex, RwLock, Condvar, atomic (std::sync модель не видит)",
            "crate::sync: Arc, Mutex, RwLock, Condvar, atomic (the model cannot see std::sync)",
        ),
        ("thread", _) => Text::new(
            "crate::sync::thread (spawn, yield_now) или crate::rt::spawn_blocking; из std::thread разрешён только sleep",
            "crate::sync::thread (spawn, yield_now) or crate::rt::spawn_blocking; of std::thread only sleep is allowed",
        ),
        ("fs", _) => Text::new(
            "верните значение (файловой системы в упражнении нет)",
            "return a value (there is no file system in an exercise)",
        ),
        ("env", _) => Text::new(
            "параметры функции (окружения и аргументов программы в упражнении нет)",
            "the function's parameters (an exercise has no environment or program arguments)",
        ),
        ("process", Some("exit" | "abort")) => Text::new(
            "верните значение или вызовите panic! (завершать процесс проверки нельзя)",
            "return a value or panic! (the checker's process must not be ended)",
        ),
        ("process", Some("Command" | "Child" | "ExitStatus" | "Output")) => Text::new(
            "crate::process::worker(..) (процессы упражнения — только рабочие процессы набора; типы можно называть)",
            "crate::process::worker(..) (an exercise's processes are the kit's workers only; the types may be named)",
        ),
        ("process", _) => Text::new(
            "crate::process::worker(..) и его Child",
            "crate::process::worker(..) and its Child",
        ),
        ("time", _) => Text::new(
            "std::time::Duration; время задач — crate::rt::now() (модель детерминирована, часов в ней нет)",
            "std::time::Duration; a task's time is crate::rt::now() (the model is deterministic, it has no clock)",
        ),
        ("cell", Some("UnsafeCell")) => Text::new(
            "Mutex или атомик из crate::sync (UnsafeCell невидим для проверки)",
            "a Mutex or an atomic from crate::sync (UnsafeCell is invisible to the checker)",
        ),
        ("cell", _) => Text::new(
            "std::cell::{Cell, RefCell}",
            "std::cell::{Cell, RefCell}",
        ),
        ("mem", _) => Text::new(
            "std::mem::{swap, replace, take, drop}",
            "std::mem::{swap, replace, take, drop}",
        ),
        ("net", _) => Text::new(
            "crate::net::{get, get_async} (сеть упражнения — сервер набора)",
            "crate::net::{get, get_async} (an exercise's network is the kit's server)",
        ),
        ("io", _) => Text::new(
            "std::io::{Read, BufRead, BufReader, Write} для канала рабочего процесса (ввода с консоли в упражнении нет)",
            "std::io::{Read, BufRead, BufReader, Write} for a worker's pipe (an exercise has no console input)",
        ),
        ("ptr" | "any" | "panic" | "os" | "ffi" | "arch" | "intrinsics" | "alloc", _) => {
            Text::new(
                format!("безопасный код из разрешённой части std (std::{module} упражнению не нужен)"),
                format!("safe code from the listed part of std (an exercise has no use for std::{module})"),
            )
        }
        _ => Text::new(
            format!("разрешённая часть std: collections, fmt, cmp, iter, ops, option, result, string, vec, time::Duration, … (std::{module} в неё не входит)"),
            format!("the listed part of std: collections, fmt, cmp, iter, ops, option, result, string, vec, time::Duration, … (std::{module} is not in it)"),
        ),
    }
}

fn crate_instead(module: &str) -> Text {
    let listed = FACADES
        .iter()
        .find(|f| f.module == module)
        .map(|f| f.items.join(", "));
    match listed {
        Some(items) => Text::new(
            format!("crate::{module}::{{{items}}} (остальное — внутреннее устройство набора)"),
            format!("crate::{module}::{{{items}}} (the rest is the kit's inner workings)"),
        ),
        None => facades_text(),
    }
}

fn unsafe_instead() -> Text {
    Text::new(
        "безопасный код и crate::sync (unsafe невидим для проверки)",
        "safe code and crate::sync (unsafe is invisible to the checker)",
    )
}

fn same_file() -> Text {
    Text::new(
        "код в этом же файле (упражнение — один файл)",
        "code in this same file (an exercise is one file)",
    )
}

fn macro_instead(name: &str) -> Text {
    match name {
        "macro_rules" => Text::new(
            "обычная функция (свои макросы в упражнении не разрешены)",
            "a plain function (an exercise may not declare macros)",
        ),
        "include" | "include_str" | "include_bytes" => same_file(),
        "env" | "option_env" | "file" | "line" | "column" | "module_path" | "cfg" => Text::new(
            "значение прямо в коде (сведения о сборке упражнению не нужны)",
            "the value written in the code (an exercise needs nothing from the build)",
        ),
        "thread_local" => Text::new(
            "поле структуры с Mutex или атомиком (thread_local общий для всех исполнений модели)",
            "a struct field holding a Mutex or an atomic (a thread_local is shared by every model execution)",
        ),
        "asm" | "global_asm" => unsafe_instead(),
        _ => Text::new(
            format!("макросы из списка: {}", list_macros()),
            format!("the listed macros: {}", list_macros()),
        ),
    }
}

fn list_macros() -> String {
    MACROS
        .iter()
        .map(|m| format!("{m}!"))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------
// Judging a path.
// ---------------------------------------------------------------------------

fn std_module(name: &str) -> Option<&'static StdModule> {
    STD.iter().find(|m| m.module == name)
}

fn is_std_root(name: &str) -> bool {
    matches!(name, "std" | "core" | "alloc")
}

/// `rest`: the path after `std::`.
fn judge_std(rest: &[String]) -> Result<(), Text> {
    let Some(module) = rest.first() else {
        return Ok(());
    };
    // The deepest listed module the path goes through (`sync::atomic`).
    let mut depth = 1;
    let mut rule = std_module(module);
    while depth < rest.len() {
        match std_module(&rest[..=depth].join("::")) {
            Some(deeper) => {
                rule = Some(deeper);
                depth += 1;
            }
            None => break,
        }
    }
    let Some(rule) = rule else {
        return Err(std_instead(module, rest.get(1).map(String::as_str)));
    };
    if rule.whole || rest.len() == depth {
        // A module import (`use std::thread;`): what is named through it is
        // judged where it is used.
        return Ok(());
    }
    let item = rest[depth].as_str();
    if rule.items.contains(&item) {
        return Ok(());
    }
    if rule.types_only.contains(&item) && rest.len() == depth + 1 {
        return Ok(());
    }
    Err(std_instead(module, Some(item)))
}

/// `rest`: the path after `crate::`.
fn judge_crate(rest: &[String]) -> Result<(), Text> {
    let Some(first) = rest.first() else {
        return Ok(());
    };
    let mut module = first.clone();
    if !FACADES.iter().any(|f| f.module == module) {
        return Err(facades_text());
    }
    for segment in &rest[1..] {
        let sub = format!("{module}::{segment}");
        if FACADES.iter().any(|f| f.module == sub) {
            module = sub;
            continue;
        }
        let facade = FACADES.iter().find(|f| f.module == module).expect("listed");
        return if facade.items.contains(&segment.as_str()) {
            Ok(())
        } else {
            Err(crate_instead(&module))
        };
    }
    Ok(())
}

/// Names one scope of the file brings in (a module, a block, an item's
/// generics): what may start a path there. Only the type namespace counts:
/// a path's first segment is a module, a type or a crate, so a function or a
/// constant named `tokio` leaves `tokio::…` the crate's.
#[derive(Default)]
struct Names {
    declared: HashSet<String>,
    /// `use` imports: local name → the path imported (as written).
    aliases: HashMap<String, Vec<Vec<String>>>,
    /// A module: the names of scopes around it are not seen inside.
    boundary: bool,
}

impl Names {
    /// The names `items` declare at their own level (not inside them).
    fn of_items<'a>(items: impl IntoIterator<Item = &'a syn::Item>, boundary: bool) -> Names {
        let mut names = Names {
            boundary,
            ..Names::default()
        };
        for item in items {
            match item {
                syn::Item::Enum(i) => names.declare(&i.ident),
                syn::Item::Mod(i) => names.declare(&i.ident),
                syn::Item::Struct(i) => names.declare(&i.ident),
                syn::Item::Trait(i) => names.declare(&i.ident),
                syn::Item::TraitAlias(i) => names.declare(&i.ident),
                syn::Item::Type(i) => names.declare(&i.ident),
                syn::Item::Union(i) => names.declare(&i.ident),
                syn::Item::Use(i) => names.flatten_use(&i.tree, &mut Vec::new()),
                _ => {}
            }
        }
        names
    }

    fn of_generics(generics: &syn::Generics) -> Names {
        let mut names = Names::default();
        for param in &generics.params {
            if let syn::GenericParam::Type(t) = param {
                names.declare(&t.ident);
            }
        }
        names
    }

    fn declare(&mut self, ident: &syn::Ident) {
        self.declared.insert(ident.to_string());
    }

    fn alias(&mut self, name: String, path: Vec<String>) {
        self.aliases.entry(name).or_default().push(path);
    }

    fn flatten_use(&mut self, tree: &syn::UseTree, prefix: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.flatten_use(&p.tree, prefix);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                if n.ident == "self" {
                    if let Some(last) = prefix.last() {
                        self.alias(last.clone(), prefix.clone());
                    }
                } else {
                    let mut path = prefix.clone();
                    path.push(n.ident.to_string());
                    self.alias(n.ident.to_string(), path);
                }
            }
            syn::UseTree::Rename(r) => {
                let mut path = prefix.clone();
                if r.ident != "self" {
                    path.push(r.ident.to_string());
                }
                if r.rename != "_" {
                    self.alias(r.rename.to_string(), path);
                }
            }
            syn::UseTree::Glob(_) => {}
            syn::UseTree::Group(g) => {
                for item in &g.items {
                    self.flatten_use(item, prefix);
                }
            }
        }
    }
}

const MAX_ALIAS_HOPS: usize = 8;

struct Scanner {
    /// The scopes around the code being scanned, innermost last.
    scopes: Vec<Names>,
    refusals: Vec<Refusal>,
    /// Nesting of inline `mod`s: `super::` may climb this far and no further
    /// (beyond is the kit around the file).
    depth: usize,
    /// The function being scanned (for blocking call sites).
    functions: Vec<String>,
    sleeps: Vec<BlockingSite>,
}

/// A call that blocks its thread, found syntactically: where the reports
/// point when a task blocked the loop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct BlockingSite {
    pub line: usize,
    /// The enclosing function, if any.
    pub function: Option<String>,
    /// The call as its full path (`std::thread::sleep`).
    pub call: String,
}

/// Paths that block the calling thread, as the reports name them.
const BLOCKING_CALLS: &[&[&str]] = &[
    &["std", "thread", "sleep"],
    &["core", "thread", "sleep"],
    &["crate", "net", "get"],
];

impl Scanner {
    /// Whether `name` is declared in a scope seen from here.
    fn declared(&self, name: &str) -> bool {
        for scope in self.scopes.iter().rev() {
            if scope.declared.contains(name) {
                return true;
            }
            if scope.boundary {
                break;
            }
        }
        false
    }

    /// What `name` is imported as, in the innermost scope seen from here
    /// that imports it.
    fn aliases(&self, name: &str) -> Option<Vec<Vec<String>>> {
        for scope in self.scopes.iter().rev() {
            if let Some(targets) = scope.aliases.get(name) {
                return Some(targets.clone());
            }
            if scope.boundary {
                break;
            }
        }
        None
    }

    fn within(&mut self, names: Names, scan: impl FnOnce(&mut Self)) {
        self.scopes.push(names);
        scan(self);
        self.scopes.pop();
    }

    fn refuse(&mut self, span: Span, found: impl Into<String>, instead: Text) {
        let start = span.start();
        self.refusals.push(Refusal {
            line: start.line,
            column: start.column + 1,
            found: found.into(),
            instead,
        });
    }

    /// Judges `segments` (a leading `::` as `global`). Single segments are
    /// local names (variables, the file's own items) unless `in_use`.
    fn judge(&self, segments: &[String], global: bool, hops: usize) -> Result<Vec<String>, Text> {
        let first = segments[0].as_str();
        if global {
            return if is_std_root(first) {
                judge_std(&segments[1..]).map(|()| segments.to_vec())
            } else {
                Err(unknown_crate(first))
            };
        }
        if is_std_root(first) {
            return judge_std(&segments[1..]).map(|()| segments.to_vec());
        }
        match first {
            "crate" => return judge_crate(&segments[1..]).map(|()| segments.to_vec()),
            "self" | "Self" => return Ok(segments.to_vec()),
            "super" => {
                let climbs = segments.iter().take_while(|s| *s == "super").count();
                return if climbs <= self.depth {
                    Ok(segments.to_vec())
                } else {
                    Err(Text::new(
                        "имена этого файла (super:: выше файла ведёт в код набора)",
                        "names of this file (super:: above the file leads into the kit)",
                    ))
                };
            }
            _ => {}
        }
        if let Some(targets) = self.aliases(first) {
            if segments.len() > 1
                && hops == 0
                && targets
                    .iter()
                    .any(|t| t.len() > 1 && self.judge(t, false, 1).is_err())
            {
                // Refused at its `use` already: once is enough.
                return Ok(segments.to_vec());
            }
            if hops >= MAX_ALIAS_HOPS {
                return Err(Text::new(
                    "прямой путь (слишком длинная цепочка use)",
                    "a direct path (too long a chain of uses)",
                ));
            }
            let mut resolved = None;
            for target in &targets {
                // `use foo;` of a crate names itself: judge it as a crate.
                if target.len() == 1 && target[0] == first {
                    if !self.declared(first)
                        && !PRELUDE.contains(&first)
                        && !PRIMITIVES.contains(&first)
                    {
                        return Err(unknown_crate(first));
                    }
                    continue;
                }
                let mut full = target.clone();
                full.extend_from_slice(&segments[1..]);
                resolved = Some(self.judge(&full, false, hops + 1)?);
            }
            if let Some(resolved) = resolved {
                return Ok(resolved);
            }
        }
        if self.declared(first) || PRELUDE.contains(&first) || PRIMITIVES.contains(&first) {
            return Ok(segments.to_vec());
        }
        Err(unknown_crate(first))
    }

    fn check(&mut self, span: Span, segments: Vec<String>, global: bool, shown: String) {
        match self.judge(&segments, global, 0) {
            Ok(full) => self.note_blocking(span, &full),
            Err(instead) => self.refuse(span, shown, instead),
        }
    }

    /// A `use` is judged like a path but calls nothing.
    fn check_import(&mut self, span: Span, segments: Vec<String>, global: bool, shown: String) {
        if let Err(instead) = self.judge(&segments, global, 0) {
            self.refuse(span, shown, instead);
        }
    }

    fn note_blocking(&mut self, span: Span, full: &[String]) {
        let call = full.join("::");
        if BLOCKING_CALLS.iter().any(|b| b.join("::") == call) {
            self.sleeps.push(BlockingSite {
                line: span.start().line,
                function: self.functions.last().cloned(),
                call,
            });
        }
    }

    fn check_path(&mut self, path: &syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let global = path.leading_colon.is_some();
        let span = path
            .segments
            .first()
            .map(|s| s.ident.span())
            .unwrap_or_else(Span::call_site);
        if segments.len() == 1 && !global {
            // A local name; an imported one was judged at its `use`, and a
            // blocking call through it is still worth naming.
            if let Some(targets) = self.aliases(&segments[0]) {
                for target in targets {
                    if let Ok(full) = self.judge(&target, false, 1) {
                        self.note_blocking(span, &full);
                    }
                }
            }
            return;
        }
        let shown = format!("{}{}", if global { "::" } else { "" }, segments.join("::"));
        self.check(span, segments, global, shown);
    }

    fn check_use(&mut self, tree: &syn::UseTree, prefix: &mut Vec<String>, global: bool) {
        let shown =
            |path: &[String]| format!("use {}{}", if global { "::" } else { "" }, path.join("::"));
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.check_use(&p.tree, prefix, global);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut path = prefix.clone();
                if n.ident != "self" {
                    path.push(n.ident.to_string());
                }
                let text = shown(&path);
                self.check_use_path(n.ident.span(), path, global, text);
            }
            syn::UseTree::Rename(r) => {
                let mut path = prefix.clone();
                if r.ident != "self" {
                    path.push(r.ident.to_string());
                }
                let text = format!("{} as {}", shown(&path), r.rename);
                self.check_use_path(r.ident.span(), path, global, text);
            }
            syn::UseTree::Glob(g) => {
                let text = format!("{}::*", shown(prefix));
                self.check_glob(g.star_token.span, prefix, global, text);
            }
            syn::UseTree::Group(g) => {
                for item in &g.items {
                    self.check_use(item, prefix, global);
                }
            }
        }
    }

    fn check_use_path(&mut self, span: Span, path: Vec<String>, global: bool, shown: String) {
        if path.is_empty() {
            return;
        }
        if path.len() == 1 && !global {
            let name = path[0].as_str();
            // `use foo;` brings in a crate by its name.
            let known = is_std_root(name)
                || matches!(name, "crate" | "self" | "super")
                || self.declared(name)
                || PRELUDE.contains(&name)
                || PRIMITIVES.contains(&name);
            if !known {
                self.refuse(span, shown, unknown_crate(name));
            }
            return;
        }
        self.check_import(span, path, global, shown);
    }

    /// A glob hides which names it brings in: allowed only over a module that
    /// is allowed as a whole (std's listed ones), or the file's own items.
    fn check_glob(&mut self, span: Span, prefix: &[String], global: bool, shown: String) {
        let first = prefix.first().map(String::as_str).unwrap_or("");
        let fine = match first {
            _ if is_std_root(first) => {
                prefix.len() >= 2 && std_module(&prefix[1]).is_some_and(|m| m.whole)
            }
            "self" => true,
            "super" => prefix.iter().take_while(|s| *s == "super").count() <= self.depth,
            _ if global => false,
            _ => self.declared(first) && self.aliases(first).is_none(),
        };
        if !fine {
            self.refuse(
                span,
                shown,
                Text::new(
                    "имена по одному: use crate::sync::{Arc, Mutex} (за * не видно, что импортируется)",
                    "the names one by one: use crate::sync::{Arc, Mutex} (a * hides what comes in)",
                ),
            );
        }
    }

    /// A macro's arguments: as expressions where they parse, else as token
    /// paths under the same rules.
    fn check_macro_args(&mut self, name: &str, tokens: &TokenStream) {
        let exprs =
            |input: ParseStream| Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated(input);
        if name == "matches" {
            let parsed = (|input: ParseStream| {
                let expr: syn::Expr = input.parse()?;
                input.parse::<syn::Token![,]>()?;
                let pat = syn::Pat::parse_multi_with_leading_vert(input)?;
                let guard = if input.parse::<Option<syn::Token![if]>>()?.is_some() {
                    Some(input.parse::<syn::Expr>()?)
                } else {
                    None
                };
                input.parse::<Option<syn::Token![,]>>()?;
                Ok((expr, pat, guard))
            })
            .parse2(tokens.clone());
            if let Ok((expr, pat, guard)) = parsed {
                self.visit_expr(&expr);
                self.visit_pat(&pat);
                if let Some(guard) = guard {
                    self.visit_expr(&guard);
                }
                return;
            }
        } else if let Ok(list) = exprs.parse2(tokens.clone()) {
            for expr in &list {
                self.visit_expr(expr);
            }
            return;
        } else if name == "vec" {
            let repeat = (|input: ParseStream| {
                let value: syn::Expr = input.parse()?;
                input.parse::<syn::Token![;]>()?;
                let count: syn::Expr = input.parse()?;
                Ok((value, count))
            })
            .parse2(tokens.clone());
            if let Ok((value, count)) = repeat {
                self.visit_expr(&value);
                self.visit_expr(&count);
                return;
            }
        }
        self.check_tokens(tokens.clone());
    }

    /// Tokens that are not syntax (a macro's that did not parse): paths as
    /// sequences of `ident ::`, nested macro calls, and `unsafe`.
    fn check_tokens(&mut self, tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                TokenTree::Group(group) => {
                    self.check_tokens(group.stream());
                    i += 1;
                }
                TokenTree::Ident(ident) if ident == "unsafe" => {
                    self.refuse(ident.span(), "unsafe", unsafe_instead());
                    i += 1;
                }
                TokenTree::Ident(_) | TokenTree::Punct(_) => {
                    // `>::name` or `x::name` after a turbofish or a group
                    // goes on a path already judged: not a global path.
                    let continues = i > 0
                        && matches!(&tokens[i], TokenTree::Punct(p) if p.as_char() == ':')
                        && match &tokens[i - 1] {
                            TokenTree::Punct(p) => {
                                p.as_char() == '>' && p.spacing() == proc_macro2::Spacing::Joint
                            }
                            TokenTree::Group(_) => true,
                            TokenTree::Ident(ident) => {
                                !KEYWORDS.contains(&ident.to_string().as_str())
                            }
                            TokenTree::Literal(_) => false,
                        };
                    if continues {
                        let (_, _, _, next) = token_path(&tokens, i);
                        i = next.max(i + 1);
                        continue;
                    }
                    let (segments, global, span, next) = token_path(&tokens, i);
                    if segments.is_empty() {
                        i = next.max(i + 1);
                        continue;
                    }
                    let bang = matches!(tokens.get(next), Some(TokenTree::Punct(p)) if p.as_char() == '!')
                        && matches!(tokens.get(next + 1), Some(TokenTree::Group(g)) if g.delimiter() != Delimiter::None);
                    if bang {
                        self.check_macro_name(span, &segments, global);
                        if let Some(TokenTree::Group(g)) = tokens.get(next + 1) {
                            let name = segments.last().cloned().unwrap_or_default();
                            self.check_macro_args(&name, &g.stream());
                        }
                        i = next + 2;
                        continue;
                    }
                    if segments.len() > 1 || global {
                        let shown =
                            format!("{}{}", if global { "::" } else { "" }, segments.join("::"));
                        self.check(span, segments, global, shown);
                    }
                    i = next;
                }
                TokenTree::Literal(_) => i += 1,
            }
        }
    }

    /// A macro's own name: a listed one, as `name!` or `std::name!`.
    fn check_macro_name(&mut self, span: Span, segments: &[String], global: bool) -> bool {
        let name = segments.last().map(String::as_str).unwrap_or("");
        let prefix_ok = match segments.len() {
            1 => !global,
            2 => is_std_root(&segments[0]),
            _ => false,
        };
        let shown = format!("{}{name}!", if global { "::" } else { "" });
        if !prefix_ok {
            let shown = format!("{}{}!", if global { "::" } else { "" }, segments.join("::"));
            let instead = if segments.len() > 1 && !is_std_root(&segments[0]) {
                unknown_crate(&segments[0])
            } else {
                macro_instead(name)
            };
            self.refuse(span, shown, instead);
            return false;
        }
        if !MACROS.contains(&name) {
            self.refuse(span, shown, macro_instead(name));
            return false;
        }
        true
    }

    fn check_attribute(&mut self, attr: &syn::Attribute) {
        let inner = matches!(attr.style, syn::AttrStyle::Inner(_));
        let path = attr.path();
        let name = path.get_ident().map(|i| i.to_string()).unwrap_or_else(|| {
            path.segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect::<Vec<_>>()
                .join("::")
        });
        let span = attr.pound_token.span;
        let shown = format!("#{}[{name}…]", if inner { "!" } else { "" });
        let no = |ru: &str, en: &str| Text::new(ru.to_string(), en.to_string());
        let listed = if inner {
            INNER_ATTRIBUTES.contains(&name.as_str())
        } else {
            ATTRIBUTES.contains(&name.as_str()) || name == "cfg"
        };
        if !listed {
            let instead = match name.as_str() {
                "path" => same_file(),
                _ if inner => no(
                    "без атрибутов файла (разрешён только #![allow(…)])",
                    "no file attributes (only #![allow(…)] is allowed)",
                ),
                _ => no(
                    "без этого атрибута (разрешены derive, allow, must_use, doc, test и #[cfg(test)])",
                    "no such attribute (derive, allow, must_use, doc, test and #[cfg(test)] are allowed)",
                ),
            };
            self.refuse(span, shown, instead);
            return;
        }
        match name.as_str() {
            "cfg" => {
                let exactly_test = attr
                    .parse_args::<syn::Ident>()
                    .is_ok_and(|ident| ident == "test");
                if !exactly_test {
                    self.refuse(
                        span,
                        "#[cfg(…)]",
                        no(
                            "один и тот же код для модели и настоящей сборки (разрешён только #[cfg(test)])",
                            "the same code for the model and the real build (only #[cfg(test)] is allowed)",
                        ),
                    );
                }
            }
            "doc" => {
                // `#[doc = include_str!(…)]` would pull in another file.
                let plain = match &attr.meta {
                    syn::Meta::NameValue(nv) => matches!(
                        &nv.value,
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(_),
                            ..
                        })
                    ),
                    syn::Meta::List(list) => list
                        .tokens
                        .clone()
                        .into_iter()
                        .all(|t| !matches!(t, TokenTree::Group(_))),
                    syn::Meta::Path(_) => true,
                };
                if !plain {
                    self.refuse(span, "#[doc = …]", same_file());
                }
            }
            "derive" => {
                let paths =
                    attr.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated);
                let derives: Vec<String> = match paths {
                    Ok(paths) => paths
                        .iter()
                        .map(|p| {
                            p.segments
                                .iter()
                                .map(|s| s.ident.to_string())
                                .collect::<Vec<_>>()
                                .join("::")
                        })
                        .collect(),
                    Err(_) => vec!["…".to_string()],
                };
                for derive in derives {
                    if !DERIVES.contains(&derive.as_str()) {
                        self.refuse(
                            span,
                            format!("#[derive({derive})]"),
                            Text::new(
                                format!("derive из std: {}", DERIVES.join(", ")),
                                format!("std's derives: {}", DERIVES.join(", ")),
                            ),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

/// Keywords a global path (`::std::…`) may follow in a token stream.
const KEYWORDS: &[&str] = &[
    "return", "in", "as", "let", "mut", "move", "else", "break", "if", "while", "match", "for",
    "loop", "async", "dyn", "impl", "where", "ref", "const", "static", "type", "use", "pub",
    "crate",
];

/// The path starting at `tokens[i]`: its segments, whether it starts with
/// `::`, the span of its first segment, and the index after it.
fn token_path(tokens: &[TokenTree], mut i: usize) -> (Vec<String>, bool, Span, usize) {
    let colons = |i: usize| {
        matches!(tokens.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == proc_macro2::Spacing::Joint)
            && matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
    };
    let mut global = false;
    let mut span = Span::call_site();
    if colons(i) {
        global = true;
        if let Some(TokenTree::Punct(p)) = tokens.get(i) {
            span = p.span();
        }
        i += 2;
    }
    let mut segments = Vec::new();
    while let Some(TokenTree::Ident(ident)) = tokens.get(i) {
        if segments.is_empty() && !global {
            span = ident.span();
        }
        segments.push(ident.to_string());
        i += 1;
        if colons(i) {
            i += 2;
        } else {
            break;
        }
    }
    if segments.is_empty() && !global {
        i += 1;
    }
    (segments, global, span, i)
}

impl<'ast> Visit<'ast> for Scanner {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        for attr in &item.attrs {
            self.check_attribute(attr);
        }
        self.check_use(&item.tree, &mut Vec::new(), item.leading_colon.is_some());
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.check_path(path);
        visit::visit_path(self, path);
    }

    fn visit_vis_restricted(&mut self, _vis: &'ast syn::VisRestricted) {
        // `pub(in path)` limits visibility; it reaches nothing.
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        self.check_attribute(attr);
    }

    fn visit_expr_unsafe(&mut self, expr: &'ast syn::ExprUnsafe) {
        self.refuse(expr.unsafe_token.span, "unsafe { … }", unsafe_instead());
        visit::visit_expr_unsafe(self, expr);
    }

    fn visit_signature(&mut self, sig: &'ast syn::Signature) {
        if let Some(token) = &sig.unsafety {
            self.refuse(token.span, "unsafe fn", unsafe_instead());
        }
        if let Some(abi) = &sig.abi {
            self.refuse(abi.extern_token.span, "extern fn", unsafe_instead());
        }
        visit::visit_signature(self, sig);
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        let items = block.stmts.iter().filter_map(|stmt| match stmt {
            syn::Stmt::Item(item) => Some(item),
            _ => None,
        });
        self.within(Names::of_items(items, false), |s| {
            visit::visit_block(s, block)
        });
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.functions.push(item.sig.ident.to_string());
        self.within(Names::of_generics(&item.sig.generics), |s| {
            visit::visit_item_fn(s, item)
        });
        self.functions.pop();
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.functions.push(item.sig.ident.to_string());
        self.within(Names::of_generics(&item.sig.generics), |s| {
            visit::visit_impl_item_fn(s, item)
        });
        self.functions.pop();
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        self.functions.push(item.sig.ident.to_string());
        self.within(Names::of_generics(&item.sig.generics), |s| {
            visit::visit_trait_item_fn(s, item)
        });
        self.functions.pop();
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        if let Some(token) = &item.unsafety {
            self.refuse(token.span, "unsafe impl", unsafe_instead());
        }
        self.within(Names::of_generics(&item.generics), |s| {
            visit::visit_item_impl(s, item)
        });
    }

    fn visit_item_trait(&mut self, item: &'ast syn::ItemTrait) {
        if let Some(token) = &item.unsafety {
            self.refuse(token.span, "unsafe trait", unsafe_instead());
        }
        self.within(Names::of_generics(&item.generics), |s| {
            visit::visit_item_trait(s, item)
        });
    }

    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        self.within(Names::of_generics(&item.generics), |s| {
            visit::visit_item_struct(s, item)
        });
    }

    fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
        self.within(Names::of_generics(&item.generics), |s| {
            visit::visit_item_enum(s, item)
        });
    }

    fn visit_item_type(&mut self, item: &'ast syn::ItemType) {
        self.within(Names::of_generics(&item.generics), |s| {
            visit::visit_item_type(s, item)
        });
    }

    fn visit_item_foreign_mod(&mut self, item: &'ast syn::ItemForeignMod) {
        self.refuse(item.abi.extern_token.span, "extern { … }", unsafe_instead());
    }

    fn visit_item_union(&mut self, item: &'ast syn::ItemUnion) {
        self.refuse(
            item.union_token.span,
            format!("union {}", item.ident),
            Text::new(
                "struct или enum (union читается только через unsafe)",
                "a struct or an enum (a union is read only through unsafe)",
            ),
        );
        visit::visit_item_union(self, item);
    }

    fn visit_item_static(&mut self, item: &'ast syn::ItemStatic) {
        let found = if matches!(item.mutability, syn::StaticMutability::Mut(_)) {
            "static mut"
        } else {
            "static"
        };
        self.refuse(
            item.static_token.span,
            format!("{found} {}", item.ident),
            Text::new(
                "поле структуры с Mutex или атомиком (static общий для всех исполнений модели)",
                "a struct field holding a Mutex or an atomic (a static is shared by every model execution)",
            ),
        );
        visit::visit_item_static(self, item);
    }

    fn visit_item_extern_crate(&mut self, item: &'ast syn::ItemExternCrate) {
        self.refuse(
            item.extern_token.span,
            format!("extern crate {}", item.ident),
            facades_text(),
        );
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.content.is_none() {
            self.refuse(
                item.mod_token.span,
                format!("mod {};", item.ident),
                same_file(),
            );
        }
        for attr in &item.attrs {
            self.check_attribute(attr);
        }
        self.depth += 1;
        if let Some((_, items)) = &item.content {
            self.within(Names::of_items(items, true), |s| {
                for item in items {
                    s.visit_item(item);
                }
            });
        }
        self.depth -= 1;
    }

    fn visit_item_macro(&mut self, item: &'ast syn::ItemMacro) {
        for attr in &item.attrs {
            self.check_attribute(attr);
        }
        if item.mac.path.is_ident("macro_rules") {
            let span = item.mac.path.segments[0].ident.span();
            self.refuse(span, "macro_rules!", macro_instead("macro_rules"));
            return;
        }
        self.visit_macro(&item.mac);
    }

    fn visit_item(&mut self, item: &'ast syn::Item) {
        if let syn::Item::Verbatim(tokens) = item {
            let span = tokens
                .clone()
                .into_iter()
                .next()
                .map(|t| t.span())
                .unwrap_or_else(Span::call_site);
            self.refuse(span, "…", Text::new("обычный Rust", "plain Rust"));
            return;
        }
        visit::visit_item(self, item);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let segments: Vec<String> = mac
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let span = mac
            .path
            .segments
            .first()
            .map(|s| s.ident.span())
            .unwrap_or_else(Span::call_site);
        if self.check_macro_name(span, &segments, mac.path.leading_colon.is_some()) {
            let name = segments.last().cloned().unwrap_or_default();
            self.check_macro_args(&name, &mac.tokens);
        } else {
            // Refused already; still show what hides inside.
            self.check_tokens(mac.tokens.clone());
        }
    }
}

struct Scanned {
    refusals: Vec<Refusal>,
    sleeps: Vec<BlockingSite>,
}

fn scan_file(source: &str) -> Result<Scanned, Refusal> {
    let file = syn::parse_file(source).map_err(|e| {
        let start = e.span().start();
        Refusal {
            line: start.line,
            column: start.column + 1,
            found: e.to_string(),
            instead: Text::new("синтаксически верный Rust", "syntactically valid Rust"),
        }
    })?;
    let mut scanner = Scanner {
        scopes: Vec::new(),
        refusals: Vec::new(),
        depth: 0,
        functions: Vec::new(),
        sleeps: Vec::new(),
    };
    scanner.within(Names::of_items(&file.items, true), |s| s.visit_file(&file));
    let mut refusals = scanner.refusals;
    refusals.sort_by(|a, b| (a.line, a.column, &a.found).cmp(&(b.line, b.column, &b.found)));
    refusals.dedup_by(|a, b| a.line == b.line && a.found == b.found);
    let mut sleeps = scanner.sleeps;
    sleeps.sort_by_key(|s| s.line);
    sleeps.dedup();
    Ok(Scanned { refusals, sleeps })
}

/// Everything in `source` that is not on the allow-list, in source order.
pub fn scan(source: &str) -> Result<Vec<Refusal>, Refusal> {
    scan_file(source).map(|s| s.refusals)
}

/// Every call in `source` that blocks its thread (`std::thread::sleep`,
/// `crate::net::get`, however imported), in line order: the places a report
/// names when a task held the loop. Empty if the file does not parse.
pub fn blocking_sites(source: &str) -> Vec<BlockingSite> {
    scan_file(source).map(|s| s.sleeps).unwrap_or_default()
}

/// The report of a file the scan refuses (or that does not parse), or `None`
/// when the file may be checked. Every caller that is about to compile or
/// run an exercise file goes through here first.
pub fn refused_report(
    exercise: &Exercise,
    tree: Tree,
    file: &str,
    source: &str,
) -> Option<ExerciseReport> {
    let mut report = ExerciseReport::new(exercise, tree);
    report.file = file.to_string();
    match scan(source) {
        Ok(refusals) if refusals.is_empty() => return None,
        Ok(refusals) => {
            let n = refusals.len();
            report.summary = crate::tr!(
                "код использует то, чего нет в списке разрешённого упражнению ({n} {places}): проверка такого кода ничего бы не доказала",
                "the code uses what is not on an exercise's allowed list ({places_en}): checking it would prove nothing";
                places = crate::report::text::plural_ru(n, "место", "места", "мест"),
                places_en = crate::text::plural_en(n, "place", "places")
            );
            report.refusals = refusals;
        }
        Err(refusal) => {
            report.summary = Text::new(
                "файл не разбирается как Rust",
                "the file does not parse as Rust",
            );
            report.refusals = vec![refusal];
        }
    }
    report.verdict = Verdict::Refused;
    Some(report)
}

/// [`refused_report`] for the exercise's file in `tree` of the kit at `kit`
/// (part 3 files, which no model compiles in): `None` also when the file
/// cannot be read (the check that follows reports that).
pub fn refused_in(kit: &Path, exercise: &Exercise, tree: Tree) -> Option<ExerciseReport> {
    let file = format!("{}/{}", tree.dir(), exercise.file);
    let source = std::fs::read_to_string(kit.join(&file)).ok()?;
    refused_report(exercise, tree, &file, &source)
}

#[cfg(test)]
mod tests;
