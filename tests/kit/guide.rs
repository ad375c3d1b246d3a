//! The guides quote a real report; it must stay what the checker prints.

use racelab_checker::check::check;
use racelab_checker::model::explore::Limits;
use racelab_checker::registry::Registry;
use racelab_checker::report::text::{render_explain, Style};
use racelab_checker::text::Lang;
use racelab_checker::trees::{self, Tree};

fn quoted(guide: &str) -> String {
    let start = guide
        .find("$ cargo lab explain counter\n")
        .expect("the guide quotes a report");
    let body = &guide[start..];
    let body = &body[body.find('\n').unwrap() + 1..];
    body[..body.find("```").unwrap()].to_string()
}

#[test]
fn guides_quote_the_real_counter_report() {
    if trees::entries(Tree::Solutions).next().is_none() {
        return; // a student's labs/ no longer prints the starter's report
    }
    let registry = Registry::load();
    let exercise = registry.get("counter").unwrap();
    let (report, _) = check(
        trees::entry(Tree::Labs, "counter").unwrap(),
        exercise,
        Limits::default(),
    );
    for (file, lang) in [("LAB_GUIDE.md", Lang::Ru), ("LAB_GUIDE.en.md", Lang::En)] {
        let guide =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/").to_string() + file)
                .unwrap();
        let real = render_explain(
            &report,
            &exercise.task,
            exercise.hints.first(),
            Style::plain(lang),
        );
        assert_eq!(quoted(&guide), real, "{file} quotes an outdated report");
    }
}

#[test]
fn guides_quote_the_real_comparison() {
    for (file, lang) in [("LAB_GUIDE.md", Lang::Ru), ("LAB_GUIDE.en.md", Lang::En)] {
        let guide =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/").to_string() + file)
                .unwrap();
        let real = racelab_checker::compare::render(Style::plain(lang));
        let first = real.lines().next().unwrap();
        let start = guide
            .find(&format!("```text\n{first}"))
            .unwrap_or_else(|| panic!("{file} quotes the comparison"));
        let body = &guide[start + "```text\n".len()..];
        let quoted = &body[..body.find("```").unwrap()];
        assert_eq!(quoted, real, "{file} quotes an outdated comparison");
    }
}
