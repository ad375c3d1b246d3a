use labs::processes::run_child;

use crate::params::Params;

/// The registry's scenario: the parent's counter is 10.
const COUNTER: u64 = 10;

/// The child's answer comes through the pipe; the parent's copy is its own.
pub fn run(_params: &mut Params) -> Result<String, String> {
    let counter = COUNTER;
    let (parent, child) = run_child(counter);
    if parent != counter {
        return Err(format!(
            "счётчик родителя стал {parent}, а был {counter}: память процессов не общая / the parent's counter became {parent}, it was {counter}: processes share no memory"
        ));
    }
    if child != counter + 1 {
        return Err(format!(
            "ответ ребёнка {child}, а он увеличил {counter} до {} — прочитайте его stdout / the child's answer is {child}, it incremented {counter} to {} — read its stdout",
            counter + 1,
            counter + 1
        ));
    }
    Ok(format!(
        "родитель: {parent} (своя копия), ребёнок через канал: {child} / parent: {parent} (its own copy), child through the pipe: {child}"
    ))
}
