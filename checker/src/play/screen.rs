//! The game on one 80×24 screen: the goal, each thread's next move, the
//! shared state, the moves so far (the last that fit), a message and the
//! keys. Plain text; colour only when asked for (a terminal).

use super::game::{Game, Next, Refusal};
use crate::report::wrap::{width, wrap};
use crate::text::{plural_en, plural_ru, Lang, Text};

pub const WIDTH: usize = 80;
pub const HEIGHT: usize = 24;

/// What the round is about, from the registry and the check.
pub struct Round {
    pub id: String,
    pub title: Text,
    pub expected: Text,
    /// The fewest preemptions (switches) a forbidden outcome needs, if any.
    pub minimum: Option<usize>,
    /// The check's own summary, shown when the player gives up.
    pub summary: Text,
}

/// What the last key did, for the message line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Said {
    Nothing,
    Refused(String, Refusal),
    GaveUp,
    Shown,
    NoSolution,
    Key(String),
}

#[derive(Clone, Copy)]
pub struct Look {
    pub lang: Lang,
    pub colour: bool,
}

impl Look {
    fn pick<'a>(&self, ru: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Ru => ru,
            Lang::En => en,
        }
    }

    fn t<'a>(&self, text: &'a Text) -> &'a str {
        text.get(self.lang)
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

fn fit(line: &str) -> String {
    if width(line) <= WIDTH {
        return line.to_string();
    }
    let mut out = String::new();
    for c in line.chars() {
        if width(&out) + 1 >= WIDTH {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn rule() -> String {
    "─".repeat(WIDTH)
}

fn preemptions(lang: Lang, tasks: bool, n: usize) -> String {
    match (lang, tasks) {
        (Lang::Ru, false) => format!(
            "{n} {}",
            plural_ru(n, "вытеснение", "вытеснения", "вытеснений")
        ),
        (Lang::Ru, true) => format!(
            "{n} {}",
            plural_ru(n, "переключение", "переключения", "переключений")
        ),
        (Lang::En, false) => plural_en(n, "preemption", "preemptions"),
        (Lang::En, true) => plural_en(n, "switch", "switches"),
    }
}

/// The screen: at most [`HEIGHT`] lines of at most [`WIDTH`] columns
/// (colour codes aside).
pub fn render(game: &Game, round: &Round, said: &Said, look: Look) -> Vec<String> {
    let lang = look.lang;
    let tasks = game.tasks();
    let mut top: Vec<String> = Vec::new();
    top.push(fit(&format!(
        "{} {} — {}",
        look.pick("Планировщик — вы:", "You are the scheduler:"),
        round.id,
        look.t(&round.title)
    )));
    let goal = format!(
        "{} {}",
        look.pick(
            "Цель — запрещённый исход. Ожидается:",
            "Goal: a forbidden outcome. Expected:"
        ),
        look.t(&round.expected)
    );
    let mut goal = wrap(&goal, WIDTH, "", "  ");
    if goal.len() > 2 {
        goal.truncate(2);
        goal[1].push('…');
    }
    for line in goal {
        top.push(fit(&line));
    }
    top.push(rule());

    let mut middle: Vec<String> = Vec::new();
    match game.outcome() {
        Some((outcome, expected)) => {
            let text = format!("{} {}", look.pick("Исход:", "Outcome:"), look.t(outcome));
            for line in wrap(&text, WIDTH, "", "  ").into_iter().take(3) {
                let code = if expected { "32" } else { "1;31" };
                middle.push(look.paint(code, &fit(&line)));
            }
            let mine = game.preemptions();
            if expected {
                middle.push(fit(look.pick(
                    "Исход ожидаемый: код устоял. u — шаг назад, r — заново.",
                    "An expected outcome: the code held. u: step back, r: start again.",
                )));
            } else {
                middle.push(look.paint(
                    "1",
                    look.pick(
                        "Запрещённый исход: вы сломали код!",
                        "A forbidden outcome: you broke the code!",
                    ),
                ));
                let yours = preemptions(lang, tasks, mine);
                let line = match round.minimum {
                    Some(min) if min < mine => match lang {
                        Lang::Ru => format!(
                            "У вас {yours}; можно обойтись {} — s покажет как.",
                            preemptions_instrumental(min, tasks)
                        ),
                        Lang::En => format!(
                            "You needed {yours}; it can be done with {} — s shows how.",
                            preemptions(lang, tasks, min)
                        ),
                    },
                    Some(_) => match lang {
                        Lang::Ru => format!("У вас {yours} — меньше не бывает."),
                        Lang::En => format!("You needed {yours}: the fewest possible."),
                    },
                    None => match lang {
                        Lang::Ru => format!("У вас {yours}."),
                        Lang::En => format!("You needed {yours}."),
                    },
                };
                middle.push(fit(&line));
            }
        }
        None => {
            middle.push(fit(match (lang, tasks) {
                (Lang::Ru, false) => "Следующий шаг каждого потока:",
                (Lang::Ru, true) => "Следующий шаг каждой задачи (до её .await):",
                (Lang::En, false) => "Each thread's next step:",
                (Lang::En, true) => "Each task's next step (up to its .await):",
            }));
            for (i, name) in game.players().iter().enumerate() {
                let (what, live) = match game.next_of(name) {
                    Next::Move(labels) => (
                        labels
                            .iter()
                            .map(|l| look.t(l).to_string())
                            .collect::<Vec<_>>()
                            .join("; "),
                        true,
                    ),
                    Next::Waits => (waits_for(game, name, look), false),
                    Next::Done => (look.pick("— завершён —", "— done —").to_string(), false),
                };
                let key = if live {
                    look.paint("1", &format!("[{}]", i + 1))
                } else {
                    format!(" {} ", i + 1)
                };
                middle.push(format!("{key} {}", fit(&format!("{name:<3} {what}"))));
            }
        }
    }
    let shared = shared_line(game, look);
    if !shared.is_empty() {
        for line in wrap(&shared, WIDTH, "", "  ").into_iter().take(2) {
            middle.push(fit(&line));
        }
    }
    middle.push(rule());

    let mut bottom: Vec<String> = Vec::new();
    bottom.push(rule());
    bottom.push(fit(&message(game, round, said, look)));
    let keys = format!(
        "1–{} {} · u {} · r {} · ? {} · s {} · q {}   {}",
        game.players().len(),
        look.pick("шаг", "step"),
        look.pick("назад", "undo"),
        look.pick("заново", "restart"),
        look.pick("сдаться", "give up"),
        look.pick("ответ", "answer"),
        look.pick("выход", "quit"),
        preemptions(lang, tasks, game.preemptions())
    );
    bottom.push(fit(&keys));

    let room = HEIGHT.saturating_sub(top.len() + middle.len() + bottom.len());
    let played = game.played();
    let mut steps: Vec<String> = Vec::new();
    let head = if played.is_empty() {
        look.pick(
            "Шагов ещё нет: нажмите номер потока.",
            "No steps yet: press a thread's number.",
        )
        .to_string()
    } else {
        format!(
            "{} ({}):",
            look.pick("Сделано", "Done so far"),
            match (lang, tasks) {
                (Lang::Ru, false) => "» — вытеснение",
                (Lang::Ru, true) => "» — переключение",
                (Lang::En, false) => "» marks a preemption",
                (Lang::En, true) => "» marks a switch",
            }
        )
    };
    steps.push(fit(&head));
    // The last steps that fit, each on up to two lines.
    let num_w = played.len().to_string().len();
    let mut lines: Vec<String> = Vec::new();
    for (i, p) in played.iter().enumerate().rev() {
        let mark = if p.preempted { "»" } else { " " };
        let time = p
            .time_ms
            .map(|t| format!("{t:>4} {} ", look.pick("мс", "ms")))
            .unwrap_or_default();
        let what = p
            .labels
            .iter()
            .map(|l| look.t(l).to_string())
            .collect::<Vec<_>>()
            .join("; ");
        let first = format!("{:>num_w$} {mark}{:<3}│ {time}", i + 1, p.thread);
        let rest = format!("{:>num_w$}  {:<3}│ {}", "", "", " ".repeat(width(&time)));
        let mut wrapped = wrap(&what, WIDTH, &first, &rest);
        if wrapped.len() > 2 {
            wrapped.truncate(2);
            wrapped[1].push('…');
        }
        let step: Vec<String> = wrapped
            .iter()
            .map(|l| {
                let l = fit(l);
                if p.preempted {
                    look.paint("33", &l)
                } else {
                    l
                }
            })
            .collect();
        if lines.len() + step.len() + 1 > room {
            break;
        }
        for l in step.into_iter().rev() {
            lines.push(l);
        }
    }
    lines.reverse();
    steps.extend(lines);
    let mut out = top;
    out.extend(middle);
    out.extend(steps);
    while out.len() + bottom.len() < HEIGHT {
        out.push(String::new());
    }
    out.extend(bottom);
    out.truncate(HEIGHT);
    out
}

/// «обойтись одним вытеснением»: the instrumental case.
fn preemptions_instrumental(n: usize, tasks: bool) -> String {
    let (one, many) = if tasks {
        ("переключением", "переключениями")
    } else {
        ("вытеснением", "вытеснениями")
    };
    let word = if n % 10 == 1 && n % 100 != 11 {
        one
    } else {
        many
    };
    format!("{n} {word}")
}

fn waits_for(game: &Game, name: &str, look: Look) -> String {
    let shared = game.shared();
    match shared.waits.get(name) {
        Some(obj) => {
            let by = shared
                .held
                .get(obj)
                .map(|h| h.join(", "))
                .unwrap_or_default();
            match look.lang {
                Lang::Ru if by.is_empty() => format!("ждёт {obj}"),
                Lang::Ru => format!("ждёт {obj} (держит {by})"),
                Lang::En if by.is_empty() => format!("waits for {obj}"),
                Lang::En => format!("waits for {obj} (held by {by})"),
            }
        }
        None => look
            .pick(
                "ждёт другой поток (замок или join)",
                "waits for another thread (a lock or a join)",
            )
            .to_string(),
    }
}

fn shared_line(game: &Game, look: Look) -> String {
    let s = game.shared();
    let mut parts = Vec::new();
    if !s.values.is_empty() {
        let values: Vec<String> = s.values.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        parts.push(values.join(", "));
    }
    if !s.held.is_empty() {
        let held: Vec<String> = s
            .held
            .iter()
            .map(|(k, h)| format!("{k} — {}", h.join(", ")))
            .collect();
        parts.push(format!(
            "{} {}",
            look.pick("замки:", "locks:"),
            held.join(", ")
        ));
    }
    if !s.waits.is_empty() {
        let waits: Vec<String> = s.waits.iter().map(|(t, o)| format!("{t} → {o}")).collect();
        parts.push(format!(
            "{} {}",
            look.pick("ждут:", "waiting:"),
            waits.join(", ")
        ));
    }
    if parts.is_empty() {
        return String::new();
    }
    format!("{} {}", look.pick("Общее:", "Shared:"), parts.join(" · "))
}

fn message(game: &Game, round: &Round, said: &Said, look: Look) -> String {
    let lang = look.lang;
    match said {
        Said::Nothing => String::new(),
        Said::Key(k) => match lang {
            Lang::Ru => format!("Клавиша «{k}» ничего не делает."),
            Lang::En => format!("The key '{k}' does nothing."),
        },
        Said::Refused(name, why) => match (why, lang) {
            (Refusal::Unknown, Lang::Ru) => format!("Нет потока {name}."),
            (Refusal::Unknown, Lang::En) => format!("There is no thread {name}."),
            (Refusal::Waits, _) => format!("{name}: {}", waits_for(game, name, look)),
            (Refusal::Done, Lang::Ru) => format!("{name} уже завершён."),
            (Refusal::Done, Lang::En) => format!("{name} is done already."),
            (Refusal::Over, _) => look
                .pick(
                    "Раунд окончен: u — назад, r — заново.",
                    "The round is over: u to undo, r to restart.",
                )
                .to_string(),
        },
        Said::GaveUp => {
            let n = game.executions();
            if game.forbidden_total() == 0 {
                match lang {
                    Lang::Ru => format!(
                        "Выиграть нельзя: все {n} {} модели дают ожидаемый исход.",
                        plural_ru(n, "исполнение", "исполнения", "исполнений")
                    ),
                    Lang::En => format!(
                        "It cannot be won: every one of the {n} executions explored gives an expected outcome."
                    ),
                }
            } else if !game.forbidden_reachable() {
                look.pick(
                    "Отсюда запрещённого исхода не достичь: u — назад, s — ответ.",
                    "No forbidden outcome is reachable from here: u to undo, s for the answer.",
                )
                .to_string()
            } else {
                let min = round.minimum.unwrap_or(0);
                match (lang, game.tasks()) {
                    (Lang::Ru, false) => {
                        format!("Сломать можно; наименьшее число вытеснений — {min}. s — показать.")
                    }
                    (Lang::Ru, true) => format!(
                        "Сломать можно; наименьшее число переключений — {min}. s — показать."
                    ),
                    (Lang::En, _) => format!(
                        "It can be broken with {}: s shows how.",
                        preemptions(lang, game.tasks(), min)
                    ),
                }
            }
        }
        Said::Shown => look
            .pick(
                "Расписание с наименьшим числом вытеснений (r — заново).",
                "The schedule with the fewest preemptions (r to restart).",
            )
            .to_string(),
        Said::NoSolution => look.t(&round.summary).to_string(),
    }
}
