//! Упражнение `processes` — у каждого процесса своя память.
//! Exercise `processes` — each process has its own memory.
//!
//! Родитель держит счётчик и запускает дочерний процесс, который увеличивает
//! его на 1. Но дочерний процесс увеличивает *свою копию*: память процессов не общая.
//! Код ниже ждёт, что счётчик родителя изменится сам, — этого не будет.
//! The parent holds a counter and starts a child that increments it. But the
//! child increments *its own copy*: processes share no memory. The code below
//! expects the parent's counter to change by itself — it will not.
//!
//! Задание / Task: получите результат дочернего процесса через канал (его stdout,
//! `crate::process::answer(&output.stdout)`) и верните его; счётчик родителя
//! остаётся прежним. Его ответ несёт печать, которую ставит только
//! дочерний процесс этого запуска: придуманное родителем число не пройдёт.
//! Get the child's result through the pipe (its stdout,
//! `crate::process::answer(&output.stdout)`) and return it; the parent's
//! counter stays as it was. The child's answer carries a seal only a child
//! of this run can make: a number the parent makes up does not pass.

/// Работа дочернего процесса: увеличить свою копию. Дано.
/// The child's work: increment its copy. Given.
pub fn child_work(copy: u64) -> u64 {
    copy + 1
}

/// Возвращает (счётчик родителя после дочернего процесса, его результат).
/// Returns (the parent's counter after the child, the child's result).
pub fn run_child(counter: u64) -> (u64, u64) {
    let mut child = crate::process::worker("increment", &[counter.to_string()])
        .spawn()
        .expect("запуск дочернего процесса / starting the child");
    child
        .wait()
        .expect("ожидание дочернего процесса / waiting for the child");
    // Дочерний процесс увеличил счётчик — значит, и у нас он стал больше?
    // The child incremented the counter, so ours is larger too?
    (counter, counter)
}
