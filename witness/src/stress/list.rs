use labs::list::SharedList;

use super::together;
use crate::params::Params;

pub fn run(params: &mut Params) -> Result<String, String> {
    let rounds = 2000;
    for round in 0..rounds {
        let threads = params.draw(2usize..=3);
        let item = params.draw(1u32..100);
        let added = params.draw(100u32..200);
        let list = SharedList::new(vec![item]);
        let results = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            together(threads, |_| (list.take(), list.push_if_absent(added)))
        }))
        .map_err(|_| {
            format!("раунд {round}: поток запаниковал / round {round}: a thread panicked")
        })?;
        let took = results.iter().filter(|(t, _)| *t == Some(item)).count();
        let others = results
            .iter()
            .filter(|(t, _)| t.is_some() && *t != Some(item) && *t != Some(added))
            .count();
        let items = list.to_vec();
        if took != 1 || others != 0 {
            return Err(format!("раунд {round}: единственный элемент {item} взяли {took} потоков / round {round}: {took} threads took the one item {item}: {results:?}"));
        }
        if items.iter().filter(|&&x| x == added).count() > 1 {
            return Err(format!("раунд {round}: push_if_absent({added}) оставил дубликаты / left duplicates: {items:?}"));
        }
    }
    Ok(format!(
        "{rounds} раундов без потерь и дубликатов / {rounds} rounds, no item lost or duplicated"
    ))
}
