//! Упражнение `philosophers` — обедающие философы.
//! Exercise `philosophers` — the dining philosophers.
//!
//! Три философа сидят за круглым столом, между соседями — по вилке (у
//! каждой свой мьютекс). Чтобы поесть, философ `i` берёт левую вилку `i`,
//! затем правую `(i + 1) % 3`. Если все трое разом возьмут левую, каждый
//! ждёт правую, которую держит сосед: круг ожидания, взаимная блокировка.
//! Three philosophers sit at a round table with a fork between neighbours
//! (each fork its own mutex). To eat, philosopher `i` takes the left fork
//! `i`, then the right one, `(i + 1) % 3`. If all three take their left fork
//! at once, each waits for the right one, which a neighbour holds: a cycle
//! of waits, a deadlock.
//!
//! Задание / Task: разорвите круг — пусть каждый берёт сначала вилку с
//! меньшим номером (единый порядок захвата замков).
//! Break the cycle: let everyone take the lower-numbered fork first (one
//! order of taking the locks for all).

use crate::sync::Mutex;

pub struct Table {
    /// How many times each fork was used.
    forks: Vec<Mutex<u32>>,
}

impl Table {
    pub fn new(seats: usize) -> Self {
        Table {
            forks: (0..seats).map(|_| Mutex::new(0)).collect(),
        }
    }

    /// Философ `i` ест один раз: берёт обе вилки и пользуется ими.
    /// Philosopher `i` eats once: takes both forks and uses them.
    pub fn dine(&self, i: usize) {
        let left = i;
        let right = (i + 1) % self.forks.len();
        let mut first = self.forks[left].lock();
        let mut second = self.forks[right].lock();
        *first += 1;
        *second += 1;
    }

    /// How many times each fork was used.
    pub fn uses(&self) -> Vec<u32> {
        self.forks.iter().map(|f| *f.lock()).collect()
    }
}
