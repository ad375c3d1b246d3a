//! Refuses exercise code that reaches around the kit's facades. Anything
//! concurrent that does not go through `crate::sync` is invisible to the
//! model checker, so racy code could pass; the scan names the file, the line
//! and what to use instead.

use proc_macro2::{Span, TokenStream, TokenTree};
use serde::Serialize;
use syn::visit::{self, Visit};

use crate::text::Text;

#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Refusal {
    pub line: usize,
    pub column: usize,
    /// What was found, as written (e.g. `std::sync::Mutex`).
    pub found: String,
    /// What to use instead.
    pub instead: Text,
}

/// Path prefixes that lead around the facade, and what to use instead.
fn path_rule(path: &[String]) -> Option<Text> {
    let first = path.first().map(String::as_str).unwrap_or("");
    let second = path.get(1).map(String::as_str).unwrap_or("");
    let std_like = matches!(first, "std" | "core" | "alloc");
    if path.iter().any(|s| s == "UnsafeCell") {
        return Some(Text::new(
            "Mutex или атомик из crate::sync (UnsafeCell невидим для проверки)",
            "a Mutex or an atomic from crate::sync (UnsafeCell is invisible to the checker)",
        ));
    }
    if std_like && second == "sync" {
        return Some(Text::new(
            "crate::sync (Arc, Mutex, RwLock, Condvar, crate::sync::atomic)",
            "crate::sync (Arc, Mutex, RwLock, Condvar, crate::sync::atomic)",
        ));
    }
    // A blocking sleep is the point of the `blocking` exercise; the checker
    // compiles it into a stall of the task loop.
    if path.len() == 3 && first == "std" && second == "thread" && path[2] == "sleep" {
        return None;
    }
    if std_like && second == "thread" {
        return Some(Text::same("crate::sync::thread"));
    }
    if std_like && second == "process" {
        return Some(Text::new(
            "верните значение или вызовите panic! (завершать процесс проверки нельзя)",
            "return a value or panic! (the checker's process must not be ended)",
        ));
    }
    if std_like && second == "time" && path.iter().any(|s| s == "Instant" || s == "SystemTime") {
        return Some(Text::new(
            "ничего: модель должна быть детерминированной, время в ней не течёт",
            "nothing: the model must be deterministic, time does not pass in it",
        ));
    }
    match first {
        "parking_lot" | "crossbeam" | "crossbeam_utils" | "rayon" | "loom" | "spin" => {
            Some(Text::same("crate::sync"))
        }
        "tokio" | "async_std" | "futures" => Some(Text::new(
            "фасад набора (crate::sync; для задач — crate::rt)",
            "the kit's facade (crate::sync; for tasks, crate::rt)",
        )),
        _ => None,
    }
}

struct Scanner {
    refusals: Vec<Refusal>,
}

impl Scanner {
    fn refuse(&mut self, span: Span, found: impl Into<String>, instead: Text) {
        let start = span.start();
        self.refusals.push(Refusal {
            line: start.line,
            column: start.column + 1,
            found: found.into(),
            instead,
        });
    }

    fn check_path(&mut self, span: Span, segments: Vec<String>) {
        if let Some(instead) = path_rule(&segments) {
            self.refuse(span, segments.join("::"), instead);
        }
    }

    /// Macro bodies are token streams, not syntax: look for the same
    /// paths as sequences of identifiers.
    fn check_tokens(&mut self, tokens: TokenStream) {
        let mut path: Vec<String> = Vec::new();
        let mut span = Span::call_site();
        let mut colons = 0;
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => {
                    let name = ident.to_string();
                    if name == "unsafe" {
                        self.refuse(ident.span(), "unsafe", unsafe_instead());
                    }
                    if colons < 2 {
                        self.flush(span, &mut path);
                        span = ident.span();
                    }
                    path.push(name);
                    colons = 0;
                }
                TokenTree::Punct(p) if p.as_char() == ':' => colons += 1,
                TokenTree::Group(group) => {
                    self.flush(span, &mut path);
                    colons = 0;
                    self.check_tokens(group.stream());
                }
                _ => {
                    self.flush(span, &mut path);
                    colons = 0;
                }
            }
        }
        self.flush(span, &mut path);
    }

    fn flush(&mut self, span: Span, path: &mut Vec<String>) {
        if !path.is_empty() {
            let segments = std::mem::take(path);
            self.check_path(span, segments);
        }
    }
}

fn unsafe_instead() -> Text {
    Text::new(
        "безопасный код и crate::sync (unsafe невидим для проверки)",
        "safe code and crate::sync (unsafe is invisible to the checker)",
    )
}

fn flatten_use(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, Span)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            flatten_use(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let mut path = prefix.clone();
            if n.ident != "self" {
                path.push(n.ident.to_string());
            }
            out.push((path, n.ident.span()));
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            if r.ident != "self" {
                path.push(r.ident.to_string());
            }
            out.push((path, r.ident.span()));
        }
        syn::UseTree::Glob(g) => {
            let mut path = prefix.clone();
            path.push("*".to_string());
            out.push((path, g.star_token.span));
        }
        syn::UseTree::Group(g) => {
            for item in &g.items {
                flatten_use(item, prefix, out);
            }
        }
    }
}

impl<'ast> Visit<'ast> for Scanner {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut paths = Vec::new();
        flatten_use(&item.tree, &mut Vec::new(), &mut paths);
        for (path, span) in paths {
            let root_alias = path.len() <= 1 || (path.len() == 2 && path[1] == "*");
            if root_alias
                && matches!(
                    path.first().map(String::as_str),
                    Some("std" | "core" | "alloc")
                )
            {
                self.refuse(
                    span,
                    format!("use {}", path.join("::")),
                    Text::new(
                        "полные пути или crate::sync (корень std нельзя переименовывать или импортировать целиком)",
                        "full paths or crate::sync (the std root may not be renamed or glob-imported)",
                    ),
                );
                continue;
            }
            if path.len() >= 2 && path[1] == "thread" && matches!(path[0].as_str(), "std" | "core")
            {
                self.refuse(
                    span,
                    format!("use {}", path.join("::")),
                    Text::new(
                        "crate::sync::thread (или полный путь std::thread::sleep в упражнении blocking)",
                        "crate::sync::thread (or the full path std::thread::sleep in the blocking exercise)",
                    ),
                );
                continue;
            }
            self.check_path(span, path);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let span = path
            .segments
            .first()
            .map(|s| s.ident.span())
            .unwrap_or_else(Span::call_site);
        self.check_path(span, segments);
        visit::visit_path(self, path);
    }

    fn visit_expr_unsafe(&mut self, expr: &'ast syn::ExprUnsafe) {
        self.refuse(expr.unsafe_token.span, "unsafe { … }", unsafe_instead());
        visit::visit_expr_unsafe(self, expr);
    }

    fn visit_signature(&mut self, sig: &'ast syn::Signature) {
        if let Some(token) = &sig.unsafety {
            self.refuse(token.span, "unsafe fn", unsafe_instead());
        }
        visit::visit_signature(self, sig);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        if let Some(token) = &item.unsafety {
            self.refuse(token.span, "unsafe impl", unsafe_instead());
        }
        visit::visit_item_impl(self, item);
    }

    fn visit_item_trait(&mut self, item: &'ast syn::ItemTrait) {
        if let Some(token) = &item.unsafety {
            self.refuse(token.span, "unsafe trait", unsafe_instead());
        }
        visit::visit_item_trait(self, item);
    }

    fn visit_item_foreign_mod(&mut self, item: &'ast syn::ItemForeignMod) {
        self.refuse(item.abi.extern_token.span, "extern { … }", unsafe_instead());
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
            Text::new("crate::sync", "crate::sync"),
        );
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.content.is_none() {
            self.refuse(
                item.mod_token.span,
                format!("mod {};", item.ident),
                Text::new(
                    "код в этом же файле (упражнение — один файл)",
                    "code in this same file (an exercise is one file)",
                ),
            );
        }
        visit::visit_item_mod(self, item);
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        if attr.path().is_ident("path") {
            self.refuse(
                attr.pound_token.span,
                "#[path = …]",
                Text::new("код в этом же файле", "code in this same file"),
            );
        }
        visit::visit_attribute(self, attr);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        if matches!(
            name.as_str(),
            "include" | "include_str" | "include_bytes" | "thread_local" | "asm" | "global_asm"
        ) {
            let span = mac
                .path
                .segments
                .first()
                .map(|s| s.ident.span())
                .unwrap_or_else(Span::call_site);
            self.refuse(
                span,
                format!("{name}!"),
                Text::new(
                    "код в этом же файле и crate::sync",
                    "code in this same file and crate::sync",
                ),
            );
        }
        self.check_tokens(mac.tokens.clone());
        visit::visit_macro(self, mac);
    }
}

/// Everything in `source` that reaches around the facades, in source order.
pub fn scan(source: &str) -> Result<Vec<Refusal>, Refusal> {
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
        refusals: Vec::new(),
    };
    scanner.visit_file(&file);
    let mut refusals = scanner.refusals;
    refusals.sort_by(|a, b| (a.line, a.column, &a.found).cmp(&(b.line, b.column, &b.found)));
    refusals.dedup_by(|a, b| a.line == b.line && a.found == b.found);
    Ok(refusals)
}

#[cfg(test)]
mod tests {
    use super::scan;

    fn found(source: &str) -> Vec<String> {
        scan(source)
            .unwrap()
            .into_iter()
            .map(|r| format!("{}:{}", r.line, r.found))
            .collect()
    }

    #[test]
    fn accepts_the_facade() {
        let source = "use crate::sync::{Arc, Mutex};\nuse crate::sync::atomic::{AtomicU64, Ordering};\nuse std::collections::HashMap;\nfn f() -> HashMap<u8, u8> { HashMap::new() }\n";
        assert!(found(source).is_empty());
    }

    #[test]
    fn a_blocking_sleep_is_allowed_by_its_full_path_only() {
        let call = "fn f() { std::thread::sleep(std::time::Duration::from_millis(1)); }";
        assert!(found(call).is_empty());
        let import =
            "use std::thread::sleep;\nfn f() { sleep(std::time::Duration::from_millis(1)); }";
        assert_eq!(found(import), vec!["1:use std::thread::sleep"]);
        assert_eq!(
            found("fn f() { std::thread::spawn(|| ()); }"),
            vec!["1:std::thread::spawn"]
        );
    }

    #[test]
    fn refuses_every_way_around() {
        let source = r#"
use std::sync::Mutex;
use std::{thread, sync::atomic::AtomicU64};
use parking_lot::RwLock;
use std as s;
struct A { c: std::cell::UnsafeCell<u8> }
static mut X: u8 = 0;
fn f() {
    unsafe { X = 1; }
    let m = ::std::sync::Mutex::new(1);
    std::process::exit(0);
    macro_rules! sneaky { () => { std::sync::Mutex::new(0) } }
}
unsafe impl Sync for A {}
"#;
        assert_eq!(
            found(source),
            vec![
                "2:std::sync::Mutex",
                "3:use std::thread",
                "3:std::sync::atomic::AtomicU64",
                "4:parking_lot::RwLock",
                "5:use std",
                "6:std::cell::UnsafeCell",
                "7:static mut X",
                "9:unsafe { … }",
                "10:std::sync::Mutex::new",
                "11:std::process::exit",
                "12:std::sync::Mutex::new",
                "14:unsafe impl",
            ]
        );
    }
}
