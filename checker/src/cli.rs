//! `cargo lab …`: the self-check CLI.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::check;
use crate::isolate;
use crate::registry::{Engine, Registry};
use crate::report::{self, text::Style, ExerciseReport, Verdict};
use crate::selfcheck::{self, Witness};
use crate::text::{ColorWhen, Lang};
use crate::trees::{self, Tree};

// Kept here too for callers that name them through the CLI.
pub use crate::settings::{limits, KIT_ROOT};

/// Every command's exit codes, shown in `--help` (a macro: `concat!`
/// takes only literals).
macro_rules! exit_codes {
    () => {
        "Коды выхода / Exit codes:\n  \
         0  успех / success\n  \
         1  check, explain: не всё принято / not everything accepted;\n     \
         grade --strict: баллов не все / points missing;\n     \
         grade --submissions: не все работы оценены / some submissions not graded;\n     \
         reset: отказ / declined\n  \
         2  ошибка использования; проверять нечего / a usage error; nothing to check;\n     \
         grade: оценка не выполнена / grading could not run;\n     \
         reset: нет терминала и нет --yes / no terminal and no --yes"
    };
}

#[derive(Parser)]
#[command(
    name = "cargo lab",
    bin_name = "cargo lab",
    version,
    about = "ЛР 2: проверка упражнений на гонки / Lab 2: checks the exercises for races",
    long_about = "ЛР 2. Потоки. Процессы. Асинхронность.\n\
        Перебирает все чередования потоков в небольшой модели каждого упражнения (loom) и\n\
        показывает кратчайшее чередование, которое ломает код.\n\
        Lab 2: explores every thread interleaving of a small model of each exercise (loom)\n\
        and shows the shortest interleaving that breaks the code.",
    after_help = concat!(
        "Примеры / Examples:\n  cargo lab list\n  cargo lab check\n  cargo lab check counter --format json\n  \
         cargo lab explain bank\n  cargo lab explain async_counter --compare counter\n  \
          cargo lab explain list --html list.html\n  cargo lab explain counter --execution 3\n  \
          cargo lab play counter\n  cargo lab hint list\n  \
         cargo lab watch\n  cargo lab reset counter\n  cargo lab check --labs solutions\n  \
         cargo lab bench --svg charts\n  cargo lab grade --submission ../student --classroom\n  \
         cargo lab grade --submissions ../class/* --out grades\n  cargo lab export ../lab2-student\n  \
         cargo lab new my_race --engine threads --part 4\n  cargo lab dev check my_race\n  \
         cargo lab completions bash > ~/.local/share/bash-completion/completions/labcheck\n\n\
         Цвет / Colour: --color; NO_COLOR (непустой / non-empty), CLICOLOR=0, CLICOLOR_FORCE, TERM=dumb\n\n",
        exit_codes!()
    )
)]
pub struct Cli {
    /// Язык сообщений (по умолчанию из LANG) / Message language (default from LANG)
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Цвет: auto (по терминалу и NO_COLOR, CLICOLOR, CLICOLOR_FORCE, TERM), always, never /
    /// Colour: auto (by the terminal and NO_COLOR, CLICOLOR, CLICOLOR_FORCE, TERM), always, never
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Упражнения, баллы и состояние / Exercises, points and status
    List,
    /// Проверить упражнения (все или перечисленные) / Check the exercises (all, or the ones named)
    Check {
        /// Папка с кодом: labs (по умолчанию) или solutions / Code folder: labs (default) or solutions
        #[arg(long, default_value = "labs")]
        labs: PathBuf,
        /// Формат отчёта / Report format
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Показать время проверки каждого упражнения / Show how long each check took
        #[arg(long)]
        timings: bool,
        /// Идентификаторы упражнений / Exercise ids
        ids: Vec<String>,
    },
    /// Таблица исходов и контрпример шаг за шагом / Outcome table and the counterexample step by step
    Explain {
        #[arg(long, default_value = "labs")]
        labs: PathBuf,
        /// Идентификатор упражнения / Exercise id
        id: String,
        /// Рядом — ваш код на потоках и на задачах (async_counter ↔ counter), затем модели набора /
        /// Beside it, your code as threads and as tasks (async_counter ↔ counter), then the kit's models
        #[arg(long, value_name = "ID")]
        compare: Option<String>,
        /// Показать исполнение № N (нумерация отчёта) / Show execution #N (as the report numbers them)
        #[arg(long, value_name = "N", conflicts_with_all = ["outcome", "compare"])]
        execution: Option<u64>,
        /// Кратчайшее исполнение, исход которого содержит ТЕКСТ / The shortest execution whose outcome contains TEXT
        #[arg(long, value_name = "TEXT", conflicts_with = "compare")]
        outcome: Option<String>,
        /// Записать отчёт страницей HTML (один файл, без сети) / Write the report as one self-contained HTML page
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
    },
    /// Сыграть за планировщик: выбирать, какой поток делает шаг / Be the scheduler: choose which thread steps
    Play {
        #[arg(long, default_value = "labs")]
        labs: PathBuf,
        /// Идентификатор упражнения / Exercise id
        id: String,
        /// Клавиши через запятую вместо терминала: 1–9 поток, u назад, r заново, ? сдаться, s ответ /
        /// Comma-separated keys instead of the terminal: 1–9 a thread, u undo, r restart, ? give up, s answer
        #[arg(long, value_name = "KEYS")]
        keys: Option<String>,
    },
    /// Следующая подсказка (по одной) / The next hint (one at a time)
    Hint {
        /// Идентификатор упражнения / Exercise id
        id: String,
        /// Только уже показанные / Only the ones shown before
        #[arg(long)]
        again: bool,
    },
    /// Перепроверять при каждом сохранении файла в labs/src / Re-check on every save in labs/src
    Watch {
        /// Следить только за этими упражнениями / Watch only these exercises
        ids: Vec<String>,
    },
    /// Вернуть стартовый код (ваш файл сохранится в .bak) / Restore the starter (your file is kept as .bak)
    #[command(
        after_help = "Без терминала (скрипт, CI) подтвердить нельзя: нужен --yes, иначе код выхода 2 и файл не тронут.\n\
            With no terminal (a script, CI) there is nobody to confirm: --yes is needed, else exit 2 and the file untouched."
    )]
    Reset {
        /// Идентификатор упражнения / Exercise id
        id: String,
        /// Не спрашивать подтверждения (обязательно без терминала) / Do not ask for confirmation (required with no terminal)
        #[arg(long, short)]
        yes: bool,
    },
    /// Записать репозиторий для студентов (без решений) / Write the student repository (no solutions)
    Export {
        /// Куда / Where
        dir: PathBuf,
    },
    /// Замерить настоящие версии io_bound и cpu_bound (release) / Measure the real io_bound and cpu_bound (release)
    Bench {
        /// io_bound, cpu_bound (по умолчанию оба / both by default)
        ids: Vec<String>,
        /// Записать SVG-графики в папку / Write SVG charts into a folder
        #[arg(long, value_name = "DIR")]
        svg: Option<PathBuf>,
        /// Короткий прогон (20 запросов, меньший предел) / A short run (20 requests, a smaller limit)
        #[arg(long)]
        quick: bool,
    },
    /// Оценить работу студента или целый класс (для преподавателя, в CI) / Grade a student's submission, or a whole class (for instructors, in CI)
    #[command(
        after_help = "Код выхода: 0 — оценено; 1 — --strict, и баллов не все; 2 — оценка не выполнена\n\
            (отчёты и result для Classroom всё равно записаны, со статусом error).\n\
            Exit code: 0 graded; 1 --strict and points missing; 2 grading could not run\n\
            (the reports and Classroom's result are still written, with status error).\n\n\
            Класс (--submissions/--roster): 0 — все работы оценены; 1 — какие-то не оценены (в журнале\n\
            status=error, причина в их отчётах); 2 — класс не запустить (список, папка --out).\n\
            A class (--submissions/--roster): 0 every submission graded; 1 some could not be (status=error\n\
            in the gradebook, the reason in their reports); 2 the class could not start (the roster, --out).\n\
            Отчёты / reports: OUT/<student>/grade.json, grade.md, junit.xml; журнал / gradebook: OUT/gradebook.csv\n\
            (student, баллы за каждое упражнение / points per exercise, total, max_score, status).\n\
            Работы собираются параллельно, по одной на ядро (--jobs), зависимости собраны один раз;\n\
            без Landlock (запись не ограничена) — по одной. Ход — в stderr.\n\
            Submissions build in parallel, one per core (--jobs), dependencies built once; with no\n\
            Landlock (writes unrestricted) one at a time. Progress goes to stderr.\n\n\
            Сборка — вне набора / the build lives outside the kit: RACELAB_WORK_DIR, else ~/.cache/racelab"
    )]
    Grade {
        /// Папка работы (корень репозитория студента или папка с файлами упражнений) /
        /// The submission (the student's repository root, or a folder of exercise files)
        #[arg(long, value_name = "DIR", required_unless_present_any = ["submissions", "roster"], conflicts_with_all = ["submissions", "roster"])]
        submission: Option<PathBuf>,
        /// Работы класса: папка на студента (имя папки — имя студента) /
        /// A class: one folder per student (the folder's name is the student's)
        #[arg(long, value_name = "DIR", num_args = 1..)]
        submissions: Vec<PathBuf>,
        /// Список класса: строки «студент» или «студент,папка» (папка — от файла; без неё — папка с именем студента рядом) /
        /// The class list: lines "student" or "student,dir" (dir relative to the file; without it, the student's folder beside it)
        #[arg(long, value_name = "FILE")]
        roster: Option<PathBuf>,
        /// Куда писать отчёты класса и gradebook.csv / Where the class's reports and gradebook.csv go
        #[arg(
            long,
            value_name = "DIR",
            default_value = "grades",
            conflicts_with = "submission"
        )]
        out: PathBuf,
        /// Сколько работ собирать и проверять одновременно (по умолчанию — по числу ядер) /
        /// How many submissions to build and check at once (default: the cores available)
        #[arg(long, value_name = "N", conflicts_with = "submission")]
        jobs: Option<usize>,
        /// Записать отчёт JSON / Write the JSON report
        #[arg(long, value_name = "FILE", conflicts_with_all = ["submissions", "roster"])]
        json: Option<PathBuf>,
        /// Записать JUnit XML / Write JUnit XML
        #[arg(long, value_name = "FILE", conflicts_with_all = ["submissions", "roster"])]
        junit: Option<PathBuf>,
        /// Записать Markdown / Write Markdown
        #[arg(long, value_name = "FILE", conflicts_with_all = ["submissions", "roster"])]
        markdown: Option<PathBuf>,
        /// Вывод для GitHub Classroom: строка <упражнение>=<base64> на каждое упражнение в $GITHUB_OUTPUT (или на экран), Markdown в $GITHUB_STEP_SUMMARY /
        /// GitHub Classroom output: one <exercise>=<base64> line per exercise to $GITHUB_OUTPUT (or stdout), Markdown to $GITHUB_STEP_SUMMARY
        #[arg(long, conflicts_with_all = ["submissions", "roster"])]
        classroom: bool,
        /// Код выхода 1, если баллов не полный набор / Exit 1 unless every point was earned
        #[arg(long, conflicts_with_all = ["submissions", "roster"])]
        strict: bool,
        /// Записать в папку страницу HTML на каждое упражнение с потерянными баллами /
        /// Write an HTML page per exercise that lost points into a folder
        #[arg(long, value_name = "DIR")]
        html: Option<PathBuf>,
    },
    /// Скрипт дополнения команд для оболочки (для labcheck) / The shell completion script (for labcheck)
    #[command(
        after_help = "Дополнение — для двоичного файла labcheck (cargo install --path checker); `cargo lab` — псевдоним\n\
            cargo, его дополняет сама оболочка cargo лишь до имени подкоманды.\n\
            The completions are for the labcheck binary (cargo install --path checker); `cargo lab` is a\n\
            cargo alias, which cargo's own completion does not look into.\n\
            bash: labcheck completions bash > ~/.local/share/bash-completion/completions/labcheck\n\
            zsh:  labcheck completions zsh > ~/.zfunc/_labcheck   (fpath+=~/.zfunc)\n\
            fish: labcheck completions fish > ~/.config/fish/completions/labcheck.fish\n\
            PowerShell: labcheck completions powershell >> $PROFILE"
    )]
    Completions {
        /// bash, zsh, fish, powershell
        shell: clap_complete::Shell,
    },
    /// Новое упражнение из шаблонов (для преподавателя) / A new exercise from templates (for instructors)
    #[command(
        after_help = "Пишет / Writes: labs/src/ID.rs, solutions/ID.rs, checker/scenarios/ID.rs (threads, tasks),\n\
            witness/src/stress/ID.rs и запись в labs/lab.toml / and an entry in labs/lab.toml.\n\
            Затем / Then: cargo lab dev check ID"
    )]
    New {
        /// Идентификатор (имя модуля Rust) / Id (a Rust module name)
        id: String,
        /// Чем проверять / What explores it
        #[arg(long, value_enum)]
        engine: crate::dev::new::EngineArg,
        /// Часть (по умолчанию последняя; новая часть будет создана) / Part (default: the last; a new one is created)
        #[arg(long)]
        part: Option<u32>,
    },
    /// Для преподавателя: проверить, готовы ли упражнения / For instructors: check the exercises are ready
    #[command(subcommand)]
    Dev(DevCommand),
    /// (internal) check one exercise in this process; the report goes to the
    /// parent's private channel (printed when run by hand)
    #[command(name = "__model", hide = true)]
    Model { tree: String, module: String },
    /// (internal) check one module of a tree in a child process, print the
    /// report (the checker's own tests use it on checker/fixtures)
    #[command(name = "__isolated", hide = true)]
    Isolated { tree: String, module: String },
    /// (internal) explore one exercise in this process and send every
    /// execution (or the one asked for) on the parent's private channel
    #[command(name = "__explore", hide = true)]
    Explore {
        tree: String,
        module: String,
        request: String,
    },
}

#[derive(Subcommand)]
pub enum DevCommand {
    /// Стартовый код отклонён на минимуме, решения приняты, нагрузка, пределы loom, тексты, снимки /
    /// Starter rejected at its minimum, solutions accepted, stress, loom's limits, texts, snapshots
    #[command(
        after_help = "Код выхода: 0 — всё готово; 1 — есть что исправить (файл назван); 2 — не запустилось.\n\
            Exit code: 0 all ready; 1 something to fix (the file is named); 2 could not run."
    )]
    Check {
        /// Идентификаторы (по умолчанию все) / Exercise ids (default: all)
        ids: Vec<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    use std::io::IsTerminal;
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Clap prints help and usage errors while parsing, before `--color` is
    // known: read the flag ahead, so they follow it too.
    let when = color_flag(&args).unwrap_or(ColorWhen::Auto);
    let paint = |terminal: bool| crate::text::colour(when, |v| std::env::var_os(v), terminal);
    let (out_colour, err_colour) = (
        paint(std::io::stdout().is_terminal()),
        paint(std::io::stderr().is_terminal()),
    );
    // What anstream writes (clap's help and errors, the CLI's own painted
    // lines) follows the same decision.
    anstream::ColorChoice::write_global(if out_colour && err_colour {
        anstream::ColorChoice::Always
    } else if !out_colour && !err_colour {
        anstream::ColorChoice::Never
    } else {
        anstream::ColorChoice::Auto
    });
    let command = Cli::command().color(if out_colour {
        clap::ColorChoice::Always
    } else {
        clap::ColorChoice::Never
    });
    let cli = match Cli::from_arg_matches(&command.get_matches_from(args)) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let lang = cli.lang.unwrap_or_else(Lang::from_env);
    let style = Style {
        colour: out_colour,
        ..Style::terminal(lang)
    };
    let registry = Registry::load();
    match cli.command {
        Command::List => list(&registry, style),
        Command::Check {
            labs,
            format,
            timings,
            ids,
        } => {
            let Some(tree) = resolve_tree(&labs, lang) else {
                return ExitCode::from(2);
            };
            let named = !ids.is_empty();
            let Some(ids) = resolve_ids(&registry, &ids, lang) else {
                return ExitCode::from(2);
            };
            run_check(&registry, tree, &ids, named, format, timings, style)
        }
        Command::Explain {
            labs,
            id,
            compare,
            execution,
            outcome,
            html,
        } => {
            if let Some(other) = &compare {
                let pair = [id.as_str(), other.as_str()];
                if !(pair.contains(&"counter") && pair.contains(&"async_counter")) {
                    eprintln!(
                        "{}",
                        style_pick(
                            lang,
                            "--compare сравнивает потоки и задачи: cargo lab explain async_counter --compare counter",
                            "--compare sets threads beside tasks: cargo lab explain async_counter --compare counter"
                        )
                    );
                    return ExitCode::from(2);
                }
            }
            let Some(tree) = resolve_tree(&labs, lang) else {
                return ExitCode::from(2);
            };
            let Some(ids) = resolve_ids(&registry, std::slice::from_ref(&id), lang) else {
                return ExitCode::from(2);
            };
            let exercise = registry.get(&ids[0]).expect("resolved");
            if !selfcheck::checkable(exercise, tree) {
                eprintln!("{}", uncheckable(&[exercise.id.as_str()], tree, lang));
                return ExitCode::from(2);
            }
            let (report, _) = selfcheck::check(
                Path::new(KIT_ROOT),
                tree,
                exercise,
                &Witness::announcing(lang),
            );
            let request = match (execution, outcome) {
                (Some(n), _) => Some(crate::play::Request::Execution(n)),
                (None, Some(text)) => Some(crate::play::Request::Outcome(text)),
                (None, None) => None,
            };
            let chosen = match request {
                Some(request) => match crate::play::load::find(tree, exercise, &request, lang) {
                    Ok(chosen) => Some(chosen),
                    Err(message) => {
                        eprintln!("{message}");
                        return ExitCode::from(2);
                    }
                },
                None => None,
            };
            if let Some(file) = &html {
                let page = crate::report::html::render(&report, chosen.as_ref(), lang);
                if let Err(e) = std::fs::write(file, page) {
                    eprintln!("{}: {e}", file.display());
                    return ExitCode::from(2);
                }
                println!(
                    "{} {}",
                    style_pick(lang, "Страница записана:", "Page written:"),
                    file.display()
                );
            } else if let Some(chosen) = &chosen {
                print!(
                    "{}",
                    crate::report::execution::render(&report, chosen, style)
                );
            }
            if html.is_some() || chosen.is_some() {
                return if report.verdict == Verdict::Pass {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                };
            }
            let source = trees::entry(tree, &exercise.id).map(|e| e.source);
            let hints = crate::hints::choose(exercise, Some(&report), source);
            print!(
                "{}",
                report::text::render_explain(&report, &exercise.task, hints.first(), style)
            );
            if let Some(other) = compare.as_deref().and_then(|id| registry.get(id)) {
                // The student's own code beside it, checked the same way.
                let (beside, _) = if selfcheck::checkable(other, tree) {
                    selfcheck::check(Path::new(KIT_ROOT), tree, other, &Witness::default())
                } else {
                    (check::missing(other, tree), None)
                };
                println!();
                print!("{}", crate::compare::render_own(&report, &beside, style));
                println!();
                print!("{}", crate::compare::render(style));
            }
            if report.verdict == Verdict::Pass {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Command::Play { labs, id, keys } => {
            let Some(tree) = resolve_tree(&labs, lang) else {
                return ExitCode::from(2);
            };
            let Some(ids) = resolve_ids(&registry, std::slice::from_ref(&id), lang) else {
                return ExitCode::from(2);
            };
            let exercise = registry.get(&ids[0]).expect("resolved");
            crate::play::run::run(tree, exercise, keys.as_deref(), lang)
        }
        Command::Hint { id, again } => {
            let Some(ids) = resolve_ids(&registry, std::slice::from_ref(&id), lang) else {
                return ExitCode::from(2);
            };
            let exercise = registry.get(&ids[0]).expect("resolved");
            // The hints follow what the check of the current code finds.
            let report = Some(
                selfcheck::check(
                    Path::new(KIT_ROOT),
                    Tree::Labs,
                    exercise,
                    &Witness::announcing(lang),
                )
                .0,
            );
            let source = trees::entry(Tree::Labs, &exercise.id).map(|e| e.source);
            let hints = crate::hints::choose(exercise, report.as_ref(), source);
            crate::student::hint(Path::new(KIT_ROOT), exercise, &hints, again, lang)
        }
        Command::Watch { ids } => {
            let Some(ids) = resolve_ids(&registry, &ids, lang) else {
                return ExitCode::from(2);
            };
            let only = if ids.len() == registry.exercise.len() {
                Vec::new()
            } else {
                ids
            };
            crate::student::watch(Path::new(KIT_ROOT), &registry, &only, lang, style.colour)
        }
        Command::Reset { id, yes } => {
            let Some(ids) = resolve_ids(&registry, std::slice::from_ref(&id), lang) else {
                return ExitCode::from(2);
            };
            // A prompt nobody can answer would read end-of-file as "no" and
            // leave a script wondering.
            if !yes && !std::io::stdin().is_terminal() {
                eprintln!("{}", no_terminal_for_reset(&id, lang));
                return ExitCode::from(2);
            }
            let exercise = registry.get(&ids[0]).expect("resolved");
            crate::student::reset(Path::new(KIT_ROOT), exercise, yes, lang)
        }
        Command::Export { dir } => match crate::export::export(Path::new(KIT_ROOT), &dir) {
            Ok(()) => {
                println!(
                    "{} {}",
                    style_pick(
                        lang,
                        "Репозиторий для студентов записан в",
                        "The student repository is in"
                    ),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("racelab export: {e}");
                ExitCode::from(2)
            }
        },
        Command::Bench { ids, svg, quick } => {
            let mut command = std::process::Command::new(
                std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()),
            );
            command
                .current_dir(KIT_ROOT)
                .args([
                    "run",
                    "--release",
                    "--quiet",
                    "--package",
                    "witness",
                    "--bin",
                    "labbench",
                    "--",
                ])
                .args(&ids)
                .args(["--lang", if lang == Lang::En { "en" } else { "ru" }]);
            if let Some(dir) = svg {
                let dir = if dir.is_absolute() {
                    dir
                } else {
                    std::env::current_dir().unwrap_or_default().join(dir)
                };
                command.arg("--svg").arg(dir);
            }
            if quick {
                command.arg("--quick");
            }
            match command.status() {
                Ok(status) if status.success() => ExitCode::SUCCESS,
                Ok(_) => ExitCode::from(1),
                Err(e) => {
                    eprintln!("cargo: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Grade {
            submission,
            submissions,
            roster,
            out,
            jobs,
            json,
            junit,
            markdown,
            classroom,
            strict,
            html,
        } => match submission {
            Some(submission) => crate::grade::cli::run(
                &submission,
                crate::grade::cli::Outputs {
                    json,
                    junit,
                    markdown,
                    classroom,
                    html,
                },
                strict,
                style,
            ),
            None => crate::grade::cli::run_class(
                &submissions,
                roster.as_deref(),
                &out,
                jobs,
                crate::grade::cli::Painted {
                    lang,
                    colour: err_colour,
                },
            ),
        },
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut completed(), "labcheck", &mut script);
            // A closed pipe (`| head`) is not an error of this command.
            use std::io::Write;
            let _ = std::io::stdout().write_all(&script);
            ExitCode::SUCCESS
        }
        Command::New { id, engine, part } => {
            crate::dev::new::run(Path::new(KIT_ROOT), &id, engine, part, lang)
        }
        Command::Dev(DevCommand::Check { ids }) => {
            crate::dev::check::run(Path::new(KIT_ROOT), &ids, lang)
        }
        Command::Model { tree, module } => {
            // Before any exercise code: take the report channel, confine.
            // The probe opens what it reads before file access is given up.
            crate::tasks::probe::prepare();
            let entered = racelab_sandbox::enter();
            let Some(tree) = Tree::from_name(&tree) else {
                return ExitCode::from(2);
            };
            let entry = trees::module(tree, &module);
            let id = entry.map_or(module.as_str(), |e| e.id);
            let Some(exercise) = registry.get(id) else {
                return ExitCode::from(2);
            };
            let (report, timing) = match entry {
                Some(entry) => check::check(entry, exercise, limits().0),
                None => (check::missing(exercise, tree), check::Timing::default()),
            };
            let record =
                isolate::ChildRecord::Result(Box::new(isolate::ChildResult { report, timing }));
            let json = serde_json::to_string(&record).expect("serialises");
            if entered.channel {
                racelab_sandbox::send(&json);
            } else {
                // Run by hand: the report is for the reader.
                println!("{json}");
            }
            ExitCode::SUCCESS
        }
        Command::Explore {
            tree,
            module,
            request,
        } => {
            crate::tasks::probe::prepare();
            let entered = racelab_sandbox::enter();
            let (Some(tree), Some(request)) = (
                Tree::from_name(&tree),
                crate::play::Request::from_arg(&request),
            ) else {
                return ExitCode::from(2);
            };
            let Some(entry) = trees::module(tree, &module) else {
                return ExitCode::from(2);
            };
            let Some(exercise) = registry.get(entry.id) else {
                return ExitCode::from(2);
            };
            let explored = crate::play::collect::explore(entry, exercise, limits().0, &request);
            let json = serde_json::to_string(&explored).expect("serialises");
            if entered.channel {
                racelab_sandbox::send(&json);
            } else {
                println!("{json}");
            }
            ExitCode::SUCCESS
        }
        Command::Isolated { tree, module } => {
            let Some(entry) = Tree::from_name(&tree).and_then(|t| trees::module(t, &module)) else {
                return ExitCode::from(2);
            };
            let exercise = registry
                .get(entry.id)
                .expect("fixtures name known exercises");
            let (report, _) = isolate::run(entry.tree, exercise, entry.module, limits().1);
            print!("{}", report::text::render(&report, style));
            ExitCode::SUCCESS
        }
    }
}

fn list(registry: &Registry, style: Style) -> ExitCode {
    let lang = style.lang;
    let witness = Witness::announcing(lang);
    let reports: Vec<ExerciseReport> = registry
        .exercise
        .iter()
        .map(|exercise| selfcheck::check(Path::new(KIT_ROOT), Tree::Labs, exercise, &witness).0)
        .collect();
    for part in &registry.part {
        println!(
            "{} {}. {}",
            match lang {
                Lang::Ru => "Часть",
                Lang::En => "Part",
            },
            part.number,
            part.title.get(lang)
        );
        for (exercise, report) in registry.exercise.iter().zip(&reports) {
            if exercise.part == part.number {
                for line in report::text::headline_lines(report, "  ", style) {
                    println!("{line}");
                }
            }
        }
    }
    // The optional parts count apart from the base total.
    let (extra, base): (Vec<_>, Vec<_>) = registry
        .exercise
        .iter()
        .zip(&reports)
        .partition(|(exercise, _)| registry.is_extra(exercise));
    let score: u32 = base.iter().map(|(_, r)| r.score).sum();
    let extra_score: u32 = extra.iter().map(|(_, r)| r.score).sum();
    println!();
    let max = registry.max_points();
    match lang {
        Lang::Ru => println!(
            "{score} из {max} {}",
            crate::text::plural_ru(max as usize, "балла", "баллов", "баллов")
        ),
        Lang::En => println!(
            "{score} of {}",
            crate::text::plural_en(max as usize, "point", "points")
        ),
    }
    let extra_max = registry.extra_points();
    if extra_max > 0 {
        match lang {
            Lang::Ru => println!("дополнительно (вне итога): {extra_score} из {extra_max}"),
            Lang::En => println!("extra (outside the total): {extra_score} of {extra_max}"),
        }
    }
    ExitCode::SUCCESS
}

fn run_check(
    registry: &Registry,
    tree: Tree,
    ids: &[String],
    named: bool,
    format: Format,
    timings: bool,
    style: Style,
) -> ExitCode {
    let (ids, skipped): (Vec<&String>, Vec<&String>) = ids
        .iter()
        .partition(|id| selfcheck::checkable(registry.get(id).expect("resolved"), tree));
    let skipped: Vec<&str> = skipped.iter().map(|s| s.as_str()).collect();
    // Naming what this tree cannot check is an error, never a silent skip;
    // and a run that checks nothing is not a pass.
    if (named && !skipped.is_empty()) || ids.is_empty() {
        eprintln!("{}", uncheckable(&skipped, tree, style.lang));
        return ExitCode::from(2);
    }
    // Exercises are checked side by side, one a core: each check is a
    // child process of its own, and the stress run's build is made once, by
    // whichever check needs it first. Reports print in the registry's order
    // as soon as all those before them are in.
    let witness = Witness::announcing(style.lang);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let jobs = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(ids.len());
    // The biggest models first (the most threads), so that the longest
    // check does not start last and keep the others' core idle.
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by_key(|&i| {
        let exercise = registry.get(ids[i]).expect("resolved");
        std::cmp::Reverse(usize::from(exercise.engine == Engine::Threads) * exercise.model.threads)
    });
    let order = &order;
    let (sender, results) = std::sync::mpsc::channel();
    let mut reports: Vec<ExerciseReport> = Vec::new();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let sender = sender.clone();
            let (next, witness, ids) = (&next, &witness, &ids);
            scope.spawn(move || loop {
                let taken = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(&index) = order.get(taken) else {
                    break;
                };
                let id = ids[index];
                let exercise = registry.get(id).expect("resolved");
                let checked = selfcheck::check(Path::new(KIT_ROOT), tree, exercise, witness);
                if sender.send((index, checked)).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        let mut waiting = std::collections::BTreeMap::new();
        for (index, checked) in results {
            waiting.insert(index, checked);
            while let Some((report, timing)) = waiting.remove(&reports.len()) {
                if format == Format::Text {
                    print!("{}", report::text::render(&report, style));
                    if let (true, Some(t)) = (timings, timing) {
                        let ms = style_pick(style.lang, "мс", "ms");
                        println!(
                            "  {} {} {ms}, {} {} {ms}",
                            style_pick(style.lang, "поиск", "search"),
                            t.search_ms,
                            style_pick(style.lang, "всего", "total"),
                            t.total_ms
                        );
                    }
                    println!();
                }
                reports.push(report);
            }
        }
    });
    match format {
        Format::Text => {
            println!("{}", report::text::summary(&reports, registry, style));
            if !skipped.is_empty() {
                let note = uncheckable(&skipped, tree, style.lang);
                for line in report::wrap::wrap(&note, style.width, "", "  ") {
                    println!("{line}");
                }
            }
            let whole = ids.len() + skipped.len() == registry.exercise.len();
            print!("{}", report::text::next_step(&reports, tree, whole, style));
        }
        Format::Json => println!("{}", report::json::render(tree.name(), &reports)),
    }
    if reports.iter().all(|r| r.verdict == Verdict::Pass) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Why exercises of `tree` were not (or cannot be) checked.
fn uncheckable(ids: &[&str], tree: Tree, lang: Lang) -> String {
    if ids.is_empty() {
        return style_pick(lang, "проверять нечего", "nothing to check").to_string();
    }
    let ids = ids.join(", ");
    let dir = tree.dir();
    match (lang, tree) {
        (Lang::Ru, Tree::Alternatives) => {
            format!("в {dir} нет других решений для: {ids}")
        }
        (Lang::En, Tree::Alternatives) => format!("{dir} holds no other solution of: {ids}"),
        (Lang::Ru, _) => format!(
            "не проверены в {dir}: {ids} — у них нет модели, их запускает настоящая сборка labs/; \
             решения целиком проверяет cargo lab grade --submission {dir}"
        ),
        (Lang::En, _) => format!(
            "not checked in {dir}: {ids} — they have no model and run in the real build of labs/; \
             cargo lab grade --submission {dir} checks the solutions whole"
        ),
    }
}

/// The command line as the completions know it: without the internal
/// commands (some shells' scripts would offer hidden ones too).
fn completed() -> clap::Command {
    use clap::CommandFactory;
    let full = Cli::command();
    let mut command = clap::Command::new("labcheck")
        .version(env!("CARGO_PKG_VERSION"))
        .args(full.get_arguments().cloned());
    for sub in full.get_subcommands().filter(|s| !s.is_hide_set()) {
        command = command.subcommand(sub.clone());
    }
    command
}

/// `--color WHEN` or `--color=WHEN` among the arguments (the last one
/// counts, as clap takes it); `None` when absent or not a known value (clap
/// then reports it).
fn color_flag(args: &[std::ffi::OsString]) -> Option<ColorWhen> {
    let mut found = None;
    let mut args = args.iter().skip(1).map(|a| a.to_str());
    while let Some(arg) = args.next() {
        let value = match arg {
            Some("--") => break,
            Some("--color") => args.next().flatten(),
            Some(arg) => arg.strip_prefix("--color="),
            None => None,
        };
        if let Some(value) = value {
            found = ColorWhen::from_str(value, false).ok().or(found);
        }
    }
    found
}

fn no_terminal_for_reset(id: &str, lang: Lang) -> String {
    crate::tr!(
        "cargo lab reset {id}: подтвердить некому (нет терминала); файл не тронут. Чтобы вернуть стартовый код без вопроса: cargo lab reset {id} --yes",
        "cargo lab reset {id}: nobody to confirm (no terminal); the file is untouched. To restore the starter without asking: cargo lab reset {id} --yes"
    )
    .get(lang)
    .to_string()
}

fn style_pick(lang: Lang, ru: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

/// `--labs DIR` names one of the trees compiled into this checker.
fn resolve_tree(dir: &Path, lang: Lang) -> Option<Tree> {
    let kit = Path::new(KIT_ROOT).canonicalize().ok()?;
    let wanted = if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(dir)
    };
    let wanted = wanted.canonicalize().unwrap_or(wanted);
    for (tree, paths) in [
        (Tree::Labs, vec!["labs", "labs/src"]),
        (Tree::Solutions, vec!["solutions"]),
        (Tree::Alternatives, vec!["solutions/alternatives"]),
    ] {
        if paths.iter().any(|p| kit.join(p) == wanted) {
            return Some(tree);
        }
    }
    // A bare name, whatever the current directory.
    match dir.to_str() {
        Some("labs") => return Some(Tree::Labs),
        Some("solutions") => return Some(Tree::Solutions),
        _ => {}
    }
    eprintln!(
        "{}",
        style_pick(
            lang,
            "--labs: проверяются только папки labs и solutions этого набора (их код компилируется в проверку); другую папку проверяет `cargo lab grade --submission ПАПКА`",
            "--labs: only this kit's labs and solutions folders are checked (their code is compiled into the checker); another folder is checked by `cargo lab grade --submission DIR`"
        )
    );
    eprintln!("  {}", dir.display());
    None
}

fn resolve_ids(registry: &Registry, ids: &[String], lang: Lang) -> Option<Vec<String>> {
    if ids.is_empty() {
        return Some(registry.ids().into_iter().map(str::to_string).collect());
    }
    let mut out = Vec::new();
    for id in ids {
        if registry.get(id).is_some() {
            out.push(id.clone());
            continue;
        }
        let known = registry.ids().join(", ");
        match (lang, registry.nearest(id)) {
            (Lang::Ru, Some(near)) => {
                eprintln!("неизвестное упражнение «{id}». Может быть, «{near}»? Есть: {known}")
            }
            (Lang::Ru, None) => eprintln!("неизвестное упражнение «{id}». Есть: {known}"),
            (Lang::En, Some(near)) => {
                eprintln!("unknown exercise '{id}'. Did you mean '{near}'? Known: {known}")
            }
            (Lang::En, None) => eprintln!("unknown exercise '{id}'. Known: {known}"),
        }
        return None;
    }
    Some(out)
}
