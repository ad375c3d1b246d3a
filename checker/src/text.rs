//! Student-facing text comes in Russian and English; a report is rendered in
//! one of them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ru,
    En,
}

impl Lang {
    /// Russian unless the locale asks for English.
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(value) = std::env::var(var) {
                if value.is_empty() {
                    continue;
                }
                return if value.starts_with("en") {
                    Lang::En
                } else {
                    Lang::Ru
                };
            }
        }
        Lang::Ru
    }
}

/// `--color`: whether to paint the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// By the environment and whether the output is a terminal.
    Auto,
    Always,
    Never,
}

/// Whether output to a stream should be coloured: `--color` first, then the
/// environment in anstream's order (`anstream::AutoStream::choice`): a
/// non-empty `NO_COLOR` turns colour off, a `CLICOLOR_FORCE` other than `0`
/// on (anstream takes any non-empty value; the CLICOLOR convention says
/// "other than 0"), `CLICOLOR=0` off; otherwise a terminal is coloured when
/// `TERM` is set and not `dumb` (or `CLICOLOR` is set, or the run is in CI).
/// `env` reads a variable, `terminal` says whether the stream is one. Pure,
/// so every combination is tested; the CLI hands the answer to anstream and
/// clap, so help, errors and reports agree.
pub fn colour(
    when: ColorWhen,
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
    terminal: bool,
) -> bool {
    match when {
        ColorWhen::Always => return true,
        ColorWhen::Never => return false,
        ColorWhen::Auto => {}
    }
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    let clicolor = env("CLICOLOR").map(|v| v != "0");
    if clicolor == Some(false) {
        return false;
    }
    let term = match env("TERM") {
        Some(term) => term != "dumb",
        // Windows consoles set no TERM and take colour.
        None => cfg!(windows),
    };
    terminal && (term || clicolor == Some(true) || env("CI").is_some())
}

/// A message in both languages.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Text {
    pub ru: String,
    pub en: String,
}

impl Text {
    pub fn new(ru: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            ru: ru.into(),
            en: en.into(),
        }
    }

    /// The same words in both languages (names, numbers, code).
    pub fn same(text: impl Into<String>) -> Text {
        let text = text.into();
        Text {
            ru: text.clone(),
            en: text,
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }
}

/// The Russian plural form for `n`: 1 шаг, 2 шага, 5 шагов.
pub fn plural_ru<'a>(n: usize, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let (d10, d100) = (n % 10, n % 100);
    if d10 == 1 && d100 != 11 {
        one
    } else if (2..=4).contains(&d10) && !(12..=14).contains(&d100) {
        few
    } else {
        many
    }
}

/// `n` and the English noun that goes with it: "1 step", "2 steps".
pub fn plural_en(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `tr!("ru", "en")` or with format arguments shared by both:
/// `tr!("ru {x}", "en {x}"; x = 1)`.
#[macro_export]
macro_rules! tr {
    ($ru:literal, $en:literal) => {
        $crate::text::Text::new(format!($ru), format!($en))
    };
    ($ru:literal, $en:literal; $($name:ident = $value:expr),+ $(,)?) => {{
        $(let $name = $value;)+
        $crate::text::Text::new(format!($ru), format!($en))
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_flag_then_the_environment() {
        use std::ffi::OsString;
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| OsString::from(v))
            }
        };
        let auto = |vars, terminal| colour(ColorWhen::Auto, env(vars), terminal);
        let xterm: &[(&str, &str)] = &[("TERM", "xterm-256color")];
        // The flag wins over everything.
        assert!(colour(ColorWhen::Always, env(&[("NO_COLOR", "1")]), false));
        assert!(!colour(
            ColorWhen::Never,
            env(&[("CLICOLOR_FORCE", "1")]),
            true
        ));
        // A terminal with a TERM is coloured, a pipe is not.
        assert!(auto(xterm, true));
        assert!(!auto(xterm, false));
        // NO_COLOR counts only when non-empty (no-color.org).
        assert!(!auto(&[("TERM", "xterm"), ("NO_COLOR", "1")], true));
        assert!(auto(&[("TERM", "xterm"), ("NO_COLOR", "")], true));
        // NO_COLOR wins over CLICOLOR_FORCE.
        assert!(!auto(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")], true));
        // CLICOLOR_FORCE colours even a pipe, unless it is 0 or empty.
        assert!(auto(&[("CLICOLOR_FORCE", "1")], false));
        assert!(!auto(&[("CLICOLOR_FORCE", "0")], false));
        assert!(!auto(&[("CLICOLOR_FORCE", "")], false));
        assert!(auto(&[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")], false));
        assert!(auto(&[("CLICOLOR_FORCE", "1"), ("CLICOLOR", "0")], false));
        // CLICOLOR=0 turns a terminal's colour off; CLICOLOR=1 alone does
        // not colour a pipe.
        assert!(!auto(&[("TERM", "xterm"), ("CLICOLOR", "0")], true));
        assert!(!auto(&[("TERM", "xterm"), ("CLICOLOR", "1")], false));
        // A dumb terminal takes no colour, unless CLICOLOR asks for it.
        assert!(!auto(&[("TERM", "dumb")], true));
        assert!(auto(&[("TERM", "dumb"), ("CLICOLOR", "1")], true));
        // No TERM at all: a Unix terminal is taken for a dumb one, unless
        // the run is in CI; a Windows console takes colour.
        assert_eq!(auto(&[], true), cfg!(windows));
        assert!(auto(&[("CI", "true")], true));
        assert!(!auto(&[("CI", "true")], false));
    }

    #[test]
    fn plurals() {
        let ru = |n| plural_ru(n, "шаг", "шага", "шагов");
        assert_eq!(
            [1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111].map(ru),
            [
                "шаг",
                "шага",
                "шага",
                "шагов",
                "шагов",
                "шагов",
                "шагов",
                "шаг",
                "шага",
                "шагов",
                "шаг",
                "шагов"
            ]
        );
        assert_eq!(plural_en(1, "execution", "executions"), "1 execution");
        assert_eq!(plural_en(0, "execution", "executions"), "0 executions");
        assert_eq!(plural_en(2, "switch", "switches"), "2 switches");
    }
}
