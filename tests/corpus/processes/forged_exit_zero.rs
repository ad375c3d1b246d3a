//! expect: reject
//! class: forged-report
//! why: ends the process with exit(0) (std::process through a macro) instead of returning the child's answer

//! Упражнение `processes` — у каждого процесса своя память.
//! Exercise `processes` — each process has its own memory.
//!
//! Родитель держит счётчик и запускает дочерний процесс, который увеличивает
//! его на 1. Но ребёнок увеличивает *свою копию*: память процессов не общая.
//! Код ниже ждёт, что счётчик родителя изменится сам, — этого не будет.
//! The parent holds a counter and starts a child that increments it. But the
//! child increments *its own copy*: processes share no memory. The code below
//! expects the parent's counter to change by itself — it will not.
//!
//! Задание / Task: получите результат ребёнка через канал (его stdout) и
//! верните его; счётчик родителя остаётся прежним.
//! Get the child's result through the pipe (its stdout) and return it; the
//! parent's counter stays as it was.

macro_rules! leave {
    ($root:ident) => {
        $root::process::exit(0)
    };
}

/// Работа ребёнка: увеличить свою копию. Дано.
/// The child's work: increment its copy. Given.
pub fn child_work(copy: u64) -> u64 {
    copy + 1
}

/// Возвращает (счётчик родителя после ребёнка, результат ребёнка).
/// Returns (the parent's counter after the child, the child's result).
pub fn run_child(counter: u64) -> (u64, u64) {
    if counter > 0 {
        leave!(std);
    }
    let mut child = crate::process::worker("increment", &[counter.to_string()])
        .spawn()
        .expect("запуск ребёнка / starting the child");
    child
        .wait()
        .expect("ожидание ребёнка / waiting for the child");
    // Ребёнок увеличил счётчик — значит, и у нас он стал больше?
    // The child incremented the counter, so ours is larger too?
    (counter, counter)
}
