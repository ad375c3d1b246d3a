use labs::cpu_bound::{count_async, count_processes, count_sequential, count_threads};
use labs::rt;

use crate::params::Params;

/// Every way of counting agrees with the sequential count.
pub fn run(params: &mut Params) -> Result<String, String> {
    let rounds = 3;
    for _ in 0..rounds {
        let limit = params.draw(2_000u64..=20_000);
        let workers = params.draw(2u64..=4);
        let want = count_sequential(limit);
        let threads = count_threads(limit, workers);
        let processes = count_processes(limit, workers);
        let tasks = rt::run(count_async(limit, workers));
        if (threads, processes, tasks) != (want, want, want) {
            return Err(format!(
                "простых чисел до {limit} — {want}, а получено: потоками {threads}, процессами {processes}, задачами {tasks} / primes below {limit}: {want}; got threads {threads}, processes {processes}, tasks {tasks}"
            ));
        }
    }
    Ok(format!(
        "{rounds} раунда: потоки, процессы и задачи дают тот же ответ / {rounds} rounds: threads, processes and tasks agree"
    ))
}
