//! `cargo lab play ID [--keys …]`: load the round, then play it from the
//! keys given or from the terminal.

use std::io::IsTerminal;
use std::process::ExitCode;

use super::screen::Look;
use super::session::Session;
use super::term::{Key, Raw};
use super::{load, Request};
use crate::registry::{Engine, Exercise};
use crate::report::{self, text::Style, Verdict};
use crate::text::Lang;
use crate::trees::Tree;

pub fn run(tree: Tree, exercise: &Exercise, keys: Option<&str>, lang: Lang) -> ExitCode {
    let pick = |ru: &'static str, en: &'static str| match lang {
        Lang::Ru => ru,
        Lang::En => en,
    };
    if exercise.engine == Engine::Real {
        eprintln!(
            "{}",
            pick(
                "у этого упражнения нет модели: играть не во что (его проверяет настоящая сборка под нагрузкой)",
                "this exercise has no model to play (the real build is checked under stress)"
            )
        );
        return ExitCode::from(2);
    }
    let interactive = keys.is_none();
    if interactive && !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        eprintln!(
            "{}",
            pick(
                "игре нужен терминал; без него клавиши задаёт --keys 1,2,u,…",
                "the game needs a terminal; without one, give the keys with --keys 1,2,u,…"
            )
        );
        return ExitCode::from(2);
    }
    let explored = match load::explore(tree, exercise, &Request::Play) {
        Ok(explored) => explored,
        Err(reason) => {
            eprintln!("{}", reason.get(lang));
            return ExitCode::from(2);
        }
    };
    if matches!(explored.report.verdict, Verdict::Refused | Verdict::Error)
        || explored.executions.is_empty()
    {
        // Nothing to play: the report says why (code around the facade, a
        // crash).
        print!(
            "{}",
            report::text::render(&explored.report, Style::plain(lang))
        );
        return ExitCode::from(2);
    }
    let mut session = Session::new(exercise, explored);
    match keys {
        Some(keys) => {
            let look = Look {
                lang,
                colour: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            for token in keys.split(',').filter(|t| !t.trim().is_empty()) {
                if !session.press(&Key::parse(token)) {
                    break;
                }
            }
            for line in session.screen(look) {
                println!("{}", line.trim_end());
            }
        }
        None => {
            let look = Look {
                lang,
                colour: std::env::var_os("NO_COLOR").is_none(),
            };
            let Some(raw) = Raw::enter() else {
                eprintln!(
                    "{}",
                    pick(
                        "терминал не переключить в посимвольный режим",
                        "cannot put the terminal in raw mode"
                    )
                );
                return ExitCode::from(2);
            };
            loop {
                raw.draw(&session.screen(look));
                if !session.press(&raw.key()) {
                    break;
                }
            }
            drop(raw);
            // The last screen stays on the terminal after the game.
            let plain = Look {
                lang,
                colour: false,
            };
            for line in session.screen(plain) {
                println!("{}", line.trim_end());
            }
        }
    }
    ExitCode::SUCCESS
}
