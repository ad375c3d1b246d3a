//! The student repository's `cargo test`: one test per exercise, named by
//! its id, each checked exactly as `cargo lab check ID` checks it (the
//! model in a child process, then the stress run of the real build), and a
//! failing one shows the readable report and nothing else.
//!
//! It is a test harness of its own (`harness = false` in the exported
//! Cargo.toml, see `export`), not libtest: libtest matches a filter as a
//! substring (`cargo test counter` would run `async_counter` too) and
//! frames every failure with panic lines; here a filter that is an
//! exercise's id runs that exercise alone, any other runs the ids that
//! contain it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::registry::{Exercise, Registry};
use crate::report::text::{headline, render, summary, Style};
use crate::report::{ExerciseReport, Verdict};
use crate::selfcheck::{self, Witness};
use crate::settings::KIT_ROOT;
use crate::text::Lang;
use crate::trees::Tree;

/// libtest's options that take a value (skipped with it).
const WITH_VALUE: &[&str] = &[
    "--test-threads",
    "--color",
    "--format",
    "--logfile",
    "--report-time",
    "-Z",
];

/// What the command line asks for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Args {
    pub filters: Vec<String>,
    pub skip: Vec<String>,
    pub exact: bool,
    pub list: bool,
    /// `--ignored`: no exercise is an ignored test.
    pub ignored: bool,
}

impl Args {
    pub fn parse(args: impl IntoIterator<Item = String>) -> Args {
        let mut out = Args::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--exact" => out.exact = true,
                "--list" => out.list = true,
                "--ignored" => out.ignored = true,
                "--skip" => out.skip.extend(args.next()),
                a if WITH_VALUE.contains(&a) => {
                    args.next();
                }
                a if a.starts_with('-') => {}
                _ => out.filters.push(arg),
            }
        }
        out
    }

    /// The exercises to run, in the registry's order.
    pub fn select<'r>(&self, registry: &'r Registry) -> Vec<&'r Exercise> {
        if self.ignored {
            return Vec::new();
        }
        let ids = registry.ids();
        let wanted = |id: &str| {
            self.filters.is_empty()
                || self.filters.iter().any(|f| {
                    // An exercise's id names that exercise alone.
                    let exact = self.exact || ids.contains(&f.as_str());
                    if exact {
                        id == f
                    } else {
                        id.contains(f.as_str())
                    }
                })
        };
        registry
            .exercise
            .iter()
            .filter(|e| wanted(&e.id))
            .filter(|e| !self.skip.iter().any(|s| e.id.contains(s.as_str())))
            .collect()
    }
}

/// The harness's `main`: the exported tests/lab.rs calls it.
pub fn main() -> ExitCode {
    let args = Args::parse(std::env::args().skip(1));
    let registry = Registry::load();
    let chosen = args.select(&registry);
    if args.list {
        for exercise in &chosen {
            println!("{}: test", exercise.id);
        }
        return ExitCode::SUCCESS;
    }
    let lang = Lang::from_env();
    let style = Style::terminal(lang);
    if chosen.is_empty() {
        return ExitCode::SUCCESS;
    }
    let kit = Path::new(KIT_ROOT);
    let checker = match checker(kit) {
        Ok(checker) => checker,
        Err(e) => {
            eprintln!("labcheck: {e}");
            return ExitCode::from(2);
        }
    };
    let witness = Witness::default();
    let mut reports: Vec<ExerciseReport> = Vec::new();
    for exercise in chosen {
        let (report, _) = selfcheck::check_with(kit, &checker, Tree::Labs, exercise, &witness);
        if report.verdict == Verdict::Pass {
            println!("{}", headline(&report, style));
        } else {
            print!("{}", render(&report, style));
            println!(
                "  {} cargo lab explain {}",
                style.pick("Разбор по шагам:", "Step by step:"),
                exercise.id
            );
            println!();
        }
        reports.push(report);
    }
    println!("{}", summary(&reports, &registry, style));
    if reports.iter().all(|r| r.verdict == Verdict::Pass) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The kit's checker binary, built by cargo (already built: a no-op).
fn checker(kit: &Path) -> Result<PathBuf, String> {
    selfcheck::build_bin(kit, "racelab-checker", "labcheck")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(args: &[&str]) -> Vec<String> {
        let registry = Registry::load();
        Args::parse(args.iter().map(|s| s.to_string()))
            .select(&registry)
            .iter()
            .map(|e| e.id.clone())
            .collect()
    }

    #[test]
    fn an_id_runs_that_exercise_alone() {
        let registry = Registry::load();
        for id in registry.ids() {
            assert_eq!(ids(&[id]), [id]);
            assert_eq!(ids(&["--quiet", id, "--test-threads", "2"]), [id]);
        }
    }

    #[test]
    fn another_filter_runs_the_ids_that_contain_it() {
        let registry = Registry::load();
        let all = registry.ids();
        assert_eq!(ids(&[]).len(), all.len());
        let want: Vec<&str> = all.iter().copied().filter(|id| id.contains("ou")).collect();
        assert!(want.len() >= 2, "{want:?}");
        assert_eq!(ids(&["ou"]), want);
        assert!(ids(&["ou", "--exact"]).is_empty());
        assert!(ids(&["--ignored"]).is_empty());
        assert!(!ids(&["--skip", "ou"]).iter().any(|id| id.contains("ou")));
    }
}
