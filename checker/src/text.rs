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
