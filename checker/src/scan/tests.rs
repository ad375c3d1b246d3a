use std::path::Path;

use super::{blocking_sites, scan};
use crate::registry::Registry;

fn found(source: &str) -> Vec<String> {
    scan(source)
        .unwrap()
        .into_iter()
        .map(|r| format!("{}:{}", r.line, r.found))
        .collect()
}

fn passes(source: &str) {
    assert_eq!(found(source), Vec::<String>::new(), "{source}");
}

fn refused(source: &str, what: &str) {
    let all = found(source);
    assert!(
        all.iter().any(|f| f.contains(what)),
        "{what} not refused in {source}: {all:?}"
    );
}

fn kit() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// Every starter, solution and alternative the registry names passes.
#[test]
fn every_file_of_the_kit_passes() {
    let registry = Registry::load();
    let mut files = Vec::new();
    for exercise in &registry.exercise {
        files.push(format!("labs/src/{}", exercise.file));
        files.push(format!("solutions/{}", exercise.file));
        for alternative in &exercise.alternatives {
            files.push(format!("solutions/{alternative}"));
        }
    }
    assert!(files.len() >= 2 * registry.exercise.len(), "{files:?}");
    for file in files {
        let path = kit().join(&file);
        let Ok(source) = std::fs::read_to_string(&path) else {
            // A kit without solutions (the student's) has only starters.
            assert!(!file.starts_with("labs/"), "{file} is missing");
            continue;
        };
        let refusals = scan(&source).unwrap_or_else(|e| panic!("{file}: {e:?}"));
        assert!(refusals.is_empty(), "{file}: {refusals:#?}");
    }
}

/// The checker's own hostile fixtures misbehave at run time, not here (but
/// the one that is about the scan).
#[test]
fn the_hostile_fixtures_pass_but_the_one_around_the_facade() {
    let dir = kit().join("checker/fixtures");
    if !dir.is_dir() {
        // The student's repository carries no fixtures.
        assert!(
            !kit().join("solutions").is_dir(),
            "the kit has its fixtures"
        );
        return;
    }
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        let refusals = scan(&source).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        match name.as_str() {
            "around_facade" | "escape_macro" | "escape_path" | "escape_thread_local" => {
                assert!(!refusals.is_empty(), "{name}")
            }
            _ => assert!(refusals.is_empty(), "{name}: {refusals:#?}"),
        }
        seen += 1;
    }
    assert!(seen >= 10);
}

#[test]
fn the_facades_pass() {
    passes(
        "use crate::sync::{Arc, Mutex};\n\
         use crate::sync::atomic::{AtomicU64, Ordering};\n\
         use crate::rt::{self, Shared};\n\
         use std::collections::HashMap;\n\
         fn f() -> HashMap<u8, u8> { let _ = Ordering::SeqCst; HashMap::new() }\n\
         async fn g() { rt::sleep(std::time::Duration::from_millis(1)).await; }\n\
         fn h() -> crate::sync::atomic::Ordering { crate::sync::atomic::Ordering::Relaxed }\n",
    );
}

#[test]
fn kit_internals_behind_a_facade_are_refused() {
    refused("fn f() { crate::rt::run(async {}); }", "crate::rt::run");
    refused("use crate::rt; fn f() { rt::events(); }", "rt::events");
    refused("use crate::rt as r; fn f() { r::run(async {}); }", "r::run");
    refused(
        "use crate as k; fn f() { k::rt::run(async {}); }",
        "k::rt::run",
    );
    refused("use crate::net::Server;", "use crate::net::Server");
    refused(
        "fn f() { crate::process::serve_worker_if_asked(); }",
        "serve_worker",
    );
    refused("use crate::trees;", "use crate::trees");
    refused(
        "fn f() { crate::counter::Counter::new(); }",
        "crate::counter",
    );
    refused("use crate::rt::*;", "use crate::rt::*");
}

#[test]
fn a_local_name_is_not_a_crate() {
    // The three false rejects of the deny-list.
    passes("fn f() -> u32 { let spin = 3; spin + 1 }");
    passes("fn f(futures: Vec<u8>) -> usize { let n = futures.len(); n }");
    passes("struct S { spin: u8 }\nfn f(s: S) -> u8 { let futures = s.spin; futures }");
    // A crate by that name is still refused.
    refused("use spin::Mutex;", "use spin::Mutex");
    refused(
        "fn f() { let m = spin::Mutex::new(0); }",
        "spin::Mutex::new",
    );
    refused(
        "fn f() { futures::executor::block_on(async {}); }",
        "futures::executor",
    );
    refused("use tokio;", "use tokio");
    refused(
        "use parking_lot as p; fn f() { p::Mutex::new(1); }",
        "use parking_lot",
    );
    refused("fn f() { ::tokio::spawn(async {}); }", "::tokio::spawn");
}

#[test]
fn the_files_own_names_and_the_prelude_pass() {
    passes(
        "enum Kind { A, B }\n\
         mod inner { pub fn f() {} pub mod deeper { pub fn g() { super::f(); super::super::h(); } } }\n\
         fn h() {}\n\
         trait T { type Out; fn make() -> Self; }\n\
         struct P<Q> { q: Q }\n\
         impl<Q: Default> P<Q> { fn new() -> Self { P { q: Q::default() } } }\n\
         fn f<X: Iterator<Item = u8>>(x: X) -> Option<u8> {\n\
             let k = Kind::A; let _ = matches!(k, Kind::B);\n\
             inner::f(); inner::deeper::g(); self::h();\n\
             let _ = u64::MAX; let _ = Vec::<u8>::new(); let _ = String::from(\"a\");\n\
             let _ = Box::new(1); let _: Result<u8, String> = Ok(1); let _ = Default::default();\n\
             x.max()\n\
         }\n\
         use Kind::*;\n",
    );
}

/// A name counts only where Rust sees it: in its own module (and the blocks
/// in it), in the type namespace.
#[test]
fn a_name_counts_only_in_its_scope() {
    // A nested module of the crate's name leaves `tokio::…` at the top the
    // crate's.
    refused(
        "mod inner { pub mod tokio {} }\nfn f() { tokio::task::spawn_local(async {}); }",
        "tokio::task",
    );
    refused(
        "fn tokio() {}\nfn f() { tokio::spawn(async {}); }",
        "tokio::spawn",
    );
    refused(
        "const loom: u8 = 0;\nfn f() { loom::thread::yield_now(); }",
        "loom::thread",
    );
    // An import in one function is not seen in another.
    refused(
        "fn a() { use crate::sync as parking_lot; }\nfn b() { parking_lot::Mutex::new(0); }",
        "parking_lot::Mutex",
    );
    // A module does not see its parent's names.
    refused(
        "use crate::sync as parking_lot;\nmod m { fn b() { parking_lot::Mutex::new(0); } }",
        "parking_lot::Mutex",
    );
    // Where they are in scope, they count.
    passes("fn a() { use crate::sync as s; let _ = s::Mutex::new(0); }");
    passes("fn a() { mod tokio { pub fn spawn() {} } tokio::spawn(); }");
    passes("mod m { use crate::sync::Mutex; fn b() { let _ = Mutex::new(0); } }");
    passes("struct W<T> { t: T }\nimpl<T: Default> W<T> { fn n() -> T { T::default() } }");
}

#[test]
fn super_may_not_leave_the_file() {
    // Above the file is the kit: in the checker, the reference solutions.
    refused(
        "fn f() { super::super::solutions::counter::exercise::Counter::new(); }",
        "super::super::solutions",
    );
    refused("use super::scenario;", "use super::scenario");
    refused("mod m { use super::super::x; }", "super::super::x");
    passes("mod m { use super::f; }\nfn f() {}");
}

#[test]
fn the_listed_std_passes() {
    passes(
        "use std::collections::{HashMap, BTreeMap, VecDeque, HashSet};\n\
         use std::fmt::{self, Debug, Write as _};\n\
         use std::cell::{Cell, RefCell};\n\
         use std::rc::Rc;\n\
         use std::time::Duration;\n\
         use std::net::SocketAddr;\n\
         use std::io::{BufRead, BufReader, Read};\n\
         use std::collections::*;\n\
         fn f(a: SocketAddr, c: std::process::Child) -> fmt::Result {\n\
             let mut x = 1; let mut y = 2; std::mem::swap(&mut x, &mut y);\n\
             let _ = std::mem::take(&mut x); let _ = core::cmp::max(1, 2);\n\
             let _ = std::iter::repeat(1).take(2); let _ = ::std::f64::consts::PI;\n\
             let _: Vec<std::process::Child> = vec![c]; let _ = std::process::Stdio::piped();\n\
             std::thread::sleep(Duration::from_millis(1)); Ok(())\n\
         }\n",
    );
    // What the facades re-export, by its std path.
    passes("use std::sync::Arc;\nuse std::sync::atomic::Ordering;\nfn f() -> Arc<u8> { let _ = Ordering::SeqCst; Arc::new(1) }");
}

#[test]
fn the_rest_of_std_is_refused() {
    for (source, what) in [
        ("use std::sync::Mutex;", "use std::sync::Mutex"),
        ("use std::sync::atomic::AtomicU64;", "AtomicU64"),
        ("use std::sync::mpsc;", "use std::sync::mpsc"),
        (
            "fn f() { std::sync::atomic::fence(std::sync::atomic::Ordering::SeqCst); }",
            "fence",
        ),
        (
            "fn f() { std::fs::write(\"x\", \"y\").unwrap(); }",
            "std::fs::write",
        ),
        ("fn f() { let _ = std::env::args(); }", "std::env::args"),
        ("use std::env;", "use std::env"),
        ("use std::os::unix::fs::PermissionsExt;", "std::os"),
        (
            "fn f() -> Box<dyn std::any::Any> { Box::new(1) }",
            "std::any::Any",
        ),
        ("fn f() { std::panic::catch_unwind(|| ()); }", "std::panic"),
        ("fn f() { let _ = std::ptr::null::<u8>(); }", "std::ptr"),
        ("fn f() { std::process::exit(0); }", "std::process::exit"),
        (
            "fn f() { std::process::Command::new(\"sh\"); }",
            "std::process::Command::new",
        ),
        (
            "use std::process::Command; fn f() { Command::new(\"sh\"); }",
            "Command::new",
        ),
        (
            "fn f() { std::thread::spawn(|| ()); }",
            "std::thread::spawn",
        ),
        (
            "use std::thread; fn f() { thread::spawn(|| ()); }",
            "thread::spawn",
        ),
        (
            "fn f() { let _ = std::time::Instant::now(); }",
            "std::time::Instant",
        ),
        ("use std::time::SystemTime;", "SystemTime"),
        (
            "struct A { c: std::cell::UnsafeCell<u8> }",
            "std::cell::UnsafeCell",
        ),
        ("fn f() { std::mem::forget(1); }", "std::mem::forget"),
        (
            "fn f() { let _ = std::mem::size_of::<u8>(); }",
            "std::mem::size_of",
        ),
        (
            "fn f() { let _ = std::net::TcpStream::connect(\"x\"); }",
            "std::net::TcpStream",
        ),
        ("fn f() { let _ = std::io::stdin(); }", "std::io::stdin"),
        (
            "fn f() { let _ = ::core::sync::atomic::AtomicU8::new(0); }",
            "::core::sync",
        ),
        ("use std::{thread, sync::atomic::AtomicU64};", "AtomicU64"),
        ("use std::sync::*;", "use std::sync::*"),
        (
            "use std as s; fn f() { s::fs::read(\"x\"); }",
            "s::fs::read",
        ),
    ] {
        refused(source, what);
    }
}

#[test]
fn blocking_calls_are_found_however_written() {
    let lines = |source: &str| -> Vec<(usize, Option<String>)> {
        blocking_sites(source)
            .into_iter()
            .map(|s| (s.line, s.function))
            .collect()
    };
    let d = "std::time::Duration::from_millis(1)";
    assert_eq!(
        lines(&format!("async fn a() {{\n std::thread::sleep({d});\n}}")),
        vec![(2, Some("a".to_string()))]
    );
    assert_eq!(
        lines(&format!(
            "use std::thread::sleep;\nfn b() {{ sleep({d}); }}"
        )),
        vec![(2, Some("b".to_string()))]
    );
    assert_eq!(
        lines(&format!(
            "use std::thread;\nfn c() {{ thread::sleep({d}); }}"
        )),
        vec![(2, Some("c".to_string()))]
    );
    assert_eq!(
        lines(&format!(
            "use std::thread::sleep as nap;\nfn e() {{\n nap({d});\n}}"
        )),
        vec![(3, Some("e".to_string()))]
    );
    assert_eq!(
        lines("use crate::net;\nasync fn g(a: std::net::SocketAddr) { net::get(a, \"/\"); }"),
        vec![(2, Some("g".to_string()))]
    );
    // A name that only looks like it.
    assert!(lines(
        "mod os_std { pub mod thread { pub fn sleep() {} } }\nfn f() { os_std::thread::sleep(); }"
    )
    .is_empty());
    passes(
        "mod os_std { pub mod thread { pub fn sleep() {} } }\nfn f() { os_std::thread::sleep(); }",
    );
}

#[test]
fn the_listed_macros_pass_and_their_arguments_are_scanned() {
    passes(
        "fn f(x: u8) -> String {\n\
             println!(\"{x} {}\", 1); eprintln!(\"{:?}\", vec![1, 2]); let _ = vec![0u8; 4];\n\
             assert!(x < 9, \"{}\", x); assert_eq!(x, 1); debug_assert_ne!(x, 2);\n\
             let _ = matches!(Some(x), Some(1 | 2) if x > 0); let _ = dbg!(x);\n\
             let mut s = String::new(); use std::fmt::Write; write!(s, \"a\").unwrap();\n\
             std::println!(\"x\"); if x > 200 { unreachable!() } if x > 100 { todo!() }\n\
             format!(\"{}\", std::cmp::max(1, 2))\n\
         }\n",
    );
    refused(
        "fn f() { println!(\"{:?}\", std::sync::Mutex::new(1)); }",
        "std::sync::Mutex::new",
    );
    refused(
        "fn f() { let _ = vec![std::fs::read(\"x\"); 2]; }",
        "std::fs::read",
    );
    refused(
        "fn f() { assert!(matches!(std::env::var(\"X\"), Ok(_))); }",
        "std::env::var",
    );
    refused("fn f() { println!(\"{}\", unsafe { 1 }); }", "unsafe");
    refused(
        "fn f() { println!(\"{}\", include_str!(\"/etc/passwd\")); }",
        "include_str!",
    );
}

#[test]
fn unlisted_macros_are_refused() {
    for (source, what) in [
        ("macro_rules! m { () => {} }", "macro_rules!"),
        ("fn f() { macro_rules! m { () => {} } }", "macro_rules!"),
        (
            "const S: &str = include_str!(\"../../solutions/counter.rs\");",
            "include_str!",
        ),
        ("fn f() { include!(\"x.rs\"); }", "include!"),
        ("fn f() { let _ = env!(\"HOME\"); }", "env!"),
        ("fn f() { let _ = option_env!(\"HOME\"); }", "option_env!"),
        ("fn f() { let _ = module_path!(); }", "module_path!"),
        ("fn f() { let _ = file!(); }", "file!"),
        ("fn f() { let _ = line!(); }", "line!"),
        ("fn f() { let _ = column!(); }", "column!"),
        ("fn f() { let _ = cfg!(loom); }", "cfg!"),
        ("fn f() { let _ = concat!(\"a\", \"b\"); }", "concat!"),
        ("fn f() { let _ = stringify!(a); }", "stringify!"),
        ("thread_local! { static X: u8 = 0; }", "thread_local!"),
        (
            "fn f() { tokio::select! { _ = a => {} } }",
            "tokio::select!",
        ),
        (
            "fn f() { ::std::thread_local!(static X: u8 = 0); }",
            "thread_local!",
        ),
        (
            "fn f() { println!(\"{}\", { thread_local!(static X: u8 = 0); 1 }); }",
            "thread_local!",
        ),
    ] {
        refused(source, what);
    }
}

/// The escapes that got through the deny-list.
#[test]
fn the_deny_lists_escapes_are_refused() {
    // `macro_rules!` building a `std::sync` path from a `$root`.
    let by_macro = "macro_rules! reach { ($root:ident) => { $root::sync::Mutex::new(0u64) } }\n\
                    fn f() { let m = reach!(std); }\n";
    let all = found(by_macro);
    assert!(all.iter().any(|f| f == "1:macro_rules!"), "{all:?}");
    assert!(all.iter().any(|f| f == "2:reach!"), "{all:?}");
    // `#[path]` compiling the kit's reference solution.
    refused(
        "#[path = \"../../solutions/counter.rs\"]\nmod solved;\npub use solved::Counter;",
        "#[path…]",
    );
    refused("#[path = \"x.rs\"]\nmod solved;", "mod solved;");
    // `thread_local!` hidden in a macro.
    refused(
        "fn f() { let _ = vec![{ thread_local! { static C: u8 = 0; } 1 }]; }",
        "thread_local!",
    );
    refused(
        "fn f() { assert!({ thread_local!(static C: u8 = 0); true }); }",
        "thread_local!",
    );
}

#[test]
fn attributes_are_listed() {
    passes(
        "#![allow(dead_code)]\n//! Docs.\n/// Docs.\n#[derive(Debug, Clone, Default)]\n#[must_use]\n#[allow(clippy::all)]\npub struct S;\n\
         #[cfg(test)]\nmod tests { #[test] fn t() { assert_eq!(1, 1); } }\n",
    );
    for (source, what) in [
        ("#![feature(never_type)]", "#![feature…]"),
        ("#![no_std]", "#![no_std…]"),
        ("#[cfg(loom)]\nfn f() {}", "#[cfg(…)]"),
        ("#[cfg(not(test))]\nfn f() {}", "#[cfg(…)]"),
        ("#[inline(never)]\nfn f() {}", "#[inline…]"),
        ("#[no_mangle]\nfn f() {}", "#[no_mangle…]"),
        ("#[export_name = \"main\"]\nfn f() {}", "#[export_name…]"),
        (
            "#[derive(serde::Serialize)]\nstruct S;",
            "#[derive(serde::Serialize)]",
        ),
        (
            "#[doc = include_str!(\"../../solutions/counter.rs\")]\nstruct S;",
            "#[doc = …]",
        ),
        (
            "#[link_section = \".init_array\"]\nconst F: u8 = 0;",
            "#[link_section…]",
        ),
    ] {
        refused(source, what);
    }
}

#[test]
fn unsafe_and_statics_are_refused() {
    let source = r#"
static mut X: u8 = 0;
static Y: u8 = 0;
fn f() {
    unsafe { X = 1; }
}
unsafe fn g() {}
unsafe impl Sync for A {}
unsafe trait T {}
extern "C" { fn abort(); }
extern "C" fn h() {}
extern crate std as other;
union U { a: u8 }
struct A;
"#;
    assert_eq!(
        found(source),
        vec![
            "2:static mut X",
            "3:static Y",
            "5:unsafe { … }",
            "7:unsafe fn",
            "8:unsafe impl",
            "9:unsafe trait",
            "10:extern { … }",
            "11:extern fn",
            "12:extern crate std",
            "13:union U",
        ]
    );
    passes("const N: u64 = 3;\nconst NAMES: [&str; 2] = [\"a\", \"b\"];\nfn f() -> u64 { N }");
}

#[test]
fn a_refusal_says_what_to_use_in_both_languages() {
    let refusals = scan("fn f() { std::fs::write(\"x\", \"y\").unwrap(); }").unwrap();
    assert_eq!(refusals.len(), 1);
    let r = &refusals[0];
    assert_eq!(
        (r.line, r.column, r.found.as_str()),
        (1, 10, "std::fs::write")
    );
    assert!(r.instead.ru.contains("файловой системы"), "{:?}", r.instead);
    assert!(r.instead.en.contains("no file system"), "{:?}", r.instead);
}

#[test]
fn a_file_that_does_not_parse_is_an_error() {
    assert!(scan("fn f( {").is_err());
}

#[test]
fn token_paths_in_unparsed_macro_arguments() {
    // `a => b` does not parse as expressions: scanned as tokens.
    passes("fn f() { println!(\"{}\" x => Vec::<u8>::new()); }");
    refused(
        "fn f() { println!(\"{}\" x => std::sync::Mutex::<u8>::new()); }",
        "std::sync::Mutex",
    );
    refused(
        "fn f() { println!(\"{}\" x => ::tokio::spawn()); }",
        "::tokio::spawn",
    );
}

#[test]
fn global_paths_after_keywords_in_tokens() {
    refused(
        "fn f() { println!(\"{}\" x => { return ::tokio::x(); }); }",
        "::tokio::x",
    );
}
