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
