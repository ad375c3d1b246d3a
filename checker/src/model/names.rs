//! Names for shared objects, in the student's own terms: the field or
//! variable the object was created for, read off the source line of its
//! `new` (`value: AtomicU64::new(0)` → `value`). Objects created at one place
//! several times in an execution get an index: `accounts[0]`, `accounts[1]`.

use std::collections::HashMap;
use std::sync::Mutex;

use super::recorder::{ExecRecord, ObjId, ObjKind, Object};

pub fn object_name(record: &ExecRecord, obj: ObjId) -> String {
    name_in(&record.objects, obj)
}

/// The name of `objects[obj]` among the objects of one execution.
pub fn name_in(objects: &[Object], obj: ObjId) -> String {
    let Some(object) = objects.get(obj) else {
        return "?".to_string();
    };
    let same_site: Vec<&Object> = objects
        .iter()
        .filter(|o| o.same_site(object.site))
        .collect();
    let base = site_name(object.site.file(), object.site.line(), object.site.column())
        .unwrap_or_else(|| {
            let kind = match object.kind {
                ObjKind::Atomic => "atomic",
                ObjKind::Mutex => "mutex",
                ObjKind::RwLock => "rwlock",
                ObjKind::Condvar => "condvar",
                ObjKind::Cell => "cell",
                ObjKind::Shared => "shared",
            };
            format!("{kind}@{}", object.site.line())
        });
    if same_site.len() > 1 {
        format!("{base}[{}]", object.ordinal)
    } else {
        base
    }
}

static SOURCES: Mutex<Option<HashMap<String, Option<String>>>> = Mutex::new(None);

fn source(file: &str) -> Option<String> {
    if let Some(entry) = crate::trees::ENTRIES.iter().find(|e| e.path == file) {
        return Some(entry.source.to_string());
    }
    let mut cache = SOURCES.lock().unwrap_or_else(|p| p.into_inner());
    cache
        .get_or_insert_with(HashMap::new)
        .entry(file.to_string())
        .or_insert_with(|| std::fs::read_to_string(file).ok())
        .clone()
}

/// The source line at `site`, trimmed and cut to a readable length.
pub fn code_at(site: &std::panic::Location<'_>) -> Option<String> {
    let text = source(site.file())?;
    let line = text
        .lines()
        .nth((site.line() as usize).checked_sub(1)?)?
        .trim();
    const MAX: usize = 48;
    Some(if line.chars().count() > MAX {
        line.chars().take(MAX - 1).collect::<String>() + "…"
    } else {
        line.to_string()
    })
}

fn site_name(file: &str, line: u32, column: u32) -> Option<String> {
    let text = source(file)?;
    let lines: Vec<&str> = text.lines().collect();
    let index = (line as usize).checked_sub(1)?;
    let current = lines.get(index)?;
    let prefix: String = current
        .chars()
        .take((column as usize).saturating_sub(1))
        .collect();
    binding_name(&prefix).or_else(|| {
        // `let x =` may end the line before.
        index
            .checked_sub(1)
            .and_then(|i| lines.get(i))
            .and_then(|l| binding_name(l))
    })
}

/// The last `name:` (a field or a typed binding) or `name =` in `prefix`.
pub fn binding_name(prefix: &str) -> Option<String> {
    let chars: Vec<char> = prefix.chars().collect();
    let is_start = |c: char| c.is_alphabetic() || c == '_';
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut best = None;
    let mut i = 0;
    while i < chars.len() {
        if is_start(chars[i]) && (i == 0 || !is_ident(chars[i - 1])) {
            let start = i;
            while i < chars.len() && is_ident(chars[i]) {
                i += 1;
            }
            let ident: String = chars[start..i].iter().collect();
            let before = chars[..start].iter().rev().find(|c| !c.is_whitespace());
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let next = chars.get(j).copied();
            let after = chars.get(j + 1).copied();
            let keyword = matches!(ident.as_str(), "mut" | "let" | "ref" | "pub" | "self");
            let field = next == Some(':') && after != Some(':') && before != Some(&':');
            let assign = next == Some('=') && after != Some('=') && after != Some('>');
            if !keyword && (field || assign) {
                best = Some(ident);
            }
            continue;
        }
        i += 1;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::binding_name;

    #[test]
    fn names_fields_and_bindings() {
        assert_eq!(binding_name("        value: ").as_deref(), Some("value"));
        assert_eq!(
            binding_name("            accounts: balances.iter().map(|&b| ").as_deref(),
            Some("accounts")
        );
        assert_eq!(
            binding_name("    let mut total = ").as_deref(),
            Some("total")
        );
        assert_eq!(binding_name("    let x: Vec<u8> = ").as_deref(), Some("x"));
        assert_eq!(binding_name("    foo(std::sync::").as_deref(), None);
        assert_eq!(binding_name("    if a == ").as_deref(), None);
    }
}
