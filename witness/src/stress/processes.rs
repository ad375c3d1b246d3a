use std::time::Duration;

use labs::__kit;
use labs::processes::run_child;

use super::Problems;
use crate::params::Params;

/// The child's answer comes through the pipe; the parent's copy is its own.
/// The kit's worker code seals the child's line with this run's secret, and
/// `process::answer` shows the kit every line the parent read: an answer
/// counts only if a child of this run computed it and the parent read it.
/// The counter is random (the registry's 10 among them), so no number can
/// be written in beforehand.
pub fn run(params: &mut Params) -> Result<String, String> {
    let rounds = 3;
    let mut problems = Problems::default();
    for round in 0..rounds {
        let counter = if round == 0 {
            10
        } else {
            params.draw(0u64..1_000_000)
        };
        __kit::begin(None, Duration::ZERO);
        let (parent, child) = run_child(counter);
        let replies = __kit::replies();
        let read = replies.iter().any(|r| {
            r.sealed
                && r.task == "increment"
                && r.args == [counter.to_string()]
                && r.value == counter + 1
        });
        let forged = replies.iter().filter(|r| !r.sealed).count();
        if parent != counter {
            problems.add(
                "parent",
                rounds,
                format!("счётчик родителя стал {parent}, а был {counter}: память процессов не общая"),
                format!("the parent's counter became {parent}, it was {counter}: processes share no memory"),
            );
        }
        if forged > 0 {
            problems.add(
                "forged",
                rounds,
                format!("ответов без печати дочернего процесса этого запуска: {forged}"),
                format!("answers without the seal of a child of this run: {forged}"),
            );
        }
        if !read {
            problems.add(
                "unread",
                rounds,
                format!("ответ дочернего процесса на {counter} не прочитан из канала: process::answer(&output.stdout)"),
                format!("the child's answer to {counter} was not read from the pipe: process::answer(&output.stdout)"),
            );
        }
        if child != counter + 1 {
            problems.add(
                "answer",
                rounds,
                format!(
                    "ответ дочернего процесса {child}, а он увеличил {counter} до {}",
                    counter + 1
                ),
                format!(
                    "the child's answer is {child}, it incremented {counter} to {}",
                    counter + 1
                ),
            );
        }
    }
    problems.verdict(format!(
        "{rounds} раунда (счётчик 10 и случайные): счётчик родителя свой, ответ дочернего процесса — с его печатью, из канала / {rounds} rounds (counter 10 and random ones): the parent's counter is its own, the child's answer sealed by the child, from the pipe"
    ))
}
