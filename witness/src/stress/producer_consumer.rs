//! Stress run of `producer_consumer` on OS threads: producers and consumers
//! of random counts pass many numbers; every number must arrive exactly
//! once, each producer's in order, and nobody may be left asleep. A
//! consumer that lost its wakeup never returns: the round is given a
//! deadline, and a round past it is the lost wakeup (the stuck threads end
//! with this process).

use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use labs::producer_consumer::Channel;

use crate::params::Params;

/// Far longer than a round takes when nothing is lost.
const DEADLINE: Duration = Duration::from_secs(5);

pub fn run(params: &mut Params) -> Result<String, String> {
    let rounds = 200;
    for round in 0..rounds {
        let producers = params.draw(1usize..=3);
        let consumers = params.draw(1usize..=3);
        let per_consumer = params.draw(1usize..=50);
        let total = consumers * per_consumer;
        // Split the total between the producers.
        let shares: Vec<usize> = (0..producers)
            .map(|p| total / producers + usize::from(p < total % producers))
            .collect();
        let channel = Arc::new(Channel::new());
        let (done, results) = mpsc::channel();
        for (p, &share) in shares.iter().enumerate() {
            let channel = Arc::clone(&channel);
            std::thread::spawn(move || {
                for i in 0..share {
                    channel.send((p * 100_000 + i) as u32);
                }
            });
        }
        for _ in 0..consumers {
            let channel = Arc::clone(&channel);
            let done = done.clone();
            std::thread::spawn(move || {
                let got: Vec<u32> = (0..per_consumer).map(|_| channel.recv()).collect();
                let _ = done.send(got);
            });
        }
        drop(done);
        let mut received = Vec::new();
        for _ in 0..consumers {
            match results.recv_timeout(DEADLINE) {
                Ok(got) => received.push(got),
                Err(_) => {
                    return Err(format!(
                        "раунд {round}: потребитель ждёт вечно, хотя числа отправлены — потерянное пробуждение ({producers} произв., {consumers} потреб. × {per_consumer}) / round {round}: a consumer waits forever though the numbers were sent — a lost wakeup ({producers} producers, {consumers} consumers × {per_consumer})"
                    ))
                }
            }
        }
        let in_order = received.iter().all(|got| {
            (0..producers).all(|p| {
                let mine: Vec<u32> = got
                    .iter()
                    .copied()
                    .filter(|&x| x as usize / 100_000 == p)
                    .collect();
                mine.windows(2).all(|w| w[0] < w[1])
            })
        });
        let mut all: Vec<u32> = received.into_iter().flatten().collect();
        all.sort_unstable();
        let mut want: Vec<u32> = shares
            .iter()
            .enumerate()
            .flat_map(|(p, &share)| (0..share).map(move |i| (p * 100_000 + i) as u32))
            .collect();
        want.sort_unstable();
        if all != want || !in_order {
            return Err(format!(
                "раунд {round}: числа потеряны, задвоены или не по порядку / round {round}: numbers lost, duplicated or out of order"
            ));
        }
    }
    Ok(format!(
        "{rounds} раундов: каждое число дошло ровно один раз и по порядку, никто не уснул навсегда / {rounds} rounds: every number arrived exactly once and in order, nobody left asleep"
    ))
}
