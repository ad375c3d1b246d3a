//! The game: a position is the schedule the player has made so far, kept as
//! the explored executions it can still be (each with how far every thread
//! has got in it). A move of thread T is possible when in some of them T's
//! next move depends on nothing not yet played; the executions where it is
//! not drop out. No code runs here: everything comes from the child's
//! exploration, so a position the model cannot reach is never shown.

use std::collections::BTreeMap;

use super::{Effect, Exec};
use crate::text::Text;

#[derive(Clone, Debug)]
struct Cand {
    exec: usize,
    /// Moves of each thread already played (or taken by the game).
    pos: Vec<usize>,
}

/// A move the player made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Played {
    pub thread: String,
    pub labels: Vec<Text>,
    /// A switch away from a thread that could have gone on.
    pub preempted: bool,
    pub time_ms: Option<u64>,
    effects: Vec<Effect>,
}

/// What a thread can do now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    /// Its next move, as it would read if chosen now.
    Move(Vec<Text>),
    /// It cannot go on until another thread acts (a held lock, a join).
    Waits,
    Done,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The key names no thread.
    Unknown,
    Waits,
    Done,
    Over,
}

/// The shared state after the moves so far, as the moves showed it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shared {
    /// Every object's last value seen, by name.
    pub values: BTreeMap<String, String>,
    /// Who holds each lock now.
    pub held: BTreeMap<String, Vec<String>>,
    /// What each thread waits for.
    pub waits: BTreeMap<String, String>,
}

#[derive(Clone)]
pub struct Game {
    execs: Vec<Exec>,
    /// Per execution, per thread: the indices of its moves.
    by_thread: Vec<Vec<Vec<usize>>>,
    /// The threads (tasks) a player moves, in key order (1, 2, …).
    players: Vec<String>,
    /// Task models count switches, not preemptions.
    tasks: bool,
    history: Vec<String>,
    cands: Vec<Cand>,
    played: Vec<Played>,
}

impl Game {
    pub fn new(execs: Vec<Exec>, tasks: bool) -> Game {
        let by_thread = execs
            .iter()
            .map(|e| {
                let mut v = vec![Vec::new(); e.threads.len()];
                for (i, m) in e.moves.iter().enumerate() {
                    if m.thread >= v.len() {
                        v.resize(m.thread + 1, Vec::new());
                    }
                    v[m.thread].push(i);
                }
                v
            })
            .collect();
        let mut players: Vec<String> = Vec::new();
        for e in &execs {
            for m in e.moves.iter().filter(|m| !m.hidden()) {
                let name = &e.threads[m.thread];
                if !players.contains(name) {
                    players.push(name.clone());
                }
            }
        }
        players.sort();
        let mut game = Game {
            execs,
            by_thread,
            players,
            tasks,
            history: Vec::new(),
            cands: Vec::new(),
            played: Vec::new(),
        };
        game.restart();
        game
    }

    pub fn players(&self) -> &[String] {
        &self.players
    }

    pub fn tasks(&self) -> bool {
        self.tasks
    }

    pub fn executions(&self) -> usize {
        self.execs.len()
    }

    /// Executions whose outcome is forbidden, of all explored.
    pub fn forbidden_total(&self) -> usize {
        self.execs.iter().filter(|e| !e.expected).count()
    }

    /// Whether some forbidden outcome can still be reached from here.
    pub fn forbidden_reachable(&self) -> bool {
        self.cands.iter().any(|c| !self.execs[c.exec].expected)
    }

    pub fn played(&self) -> &[Played] {
        &self.played
    }

    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// Preemptions (task models: switches) in the player's schedule.
    pub fn preemptions(&self) -> usize {
        self.played.iter().filter(|p| p.preempted).count()
    }

    pub fn restart(&mut self) {
        self.history.clear();
        self.played.clear();
        self.cands = (0..self.execs.len())
            .map(|exec| {
                let mut c = Cand {
                    exec,
                    pos: vec![0; self.by_thread[exec].len()],
                };
                self.auto(&mut c);
                c
            })
            .collect();
    }

    pub fn undo(&mut self) {
        let mut history = std::mem::take(&mut self.history);
        history.pop();
        self.restart();
        for t in history {
            let _ = self.choose(&t);
        }
    }

    fn index(&self, exec: usize, name: &str) -> Option<usize> {
        self.execs[exec].threads.iter().position(|t| t == name)
    }

    fn next(&self, c: &Cand, t: usize) -> Option<usize> {
        self.by_thread[c.exec].get(t)?.get(c.pos[t]).copied()
    }

    fn enabled(&self, c: &Cand, m: usize) -> bool {
        let after = &self.execs[c.exec].moves[m].after;
        after
            .iter()
            .enumerate()
            .all(|(u, &need)| c.pos.get(u).copied().unwrap_or(0) >= need)
    }

    /// Takes every move the player does not make (the scenario's setup and
    /// joins) as soon as it can go.
    fn auto(&self, c: &mut Cand) {
        loop {
            let hidden = (0..c.pos.len()).find(|&t| {
                self.next(c, t)
                    .is_some_and(|m| self.execs[c.exec].moves[m].hidden() && self.enabled(c, m))
            });
            match hidden {
                Some(t) => c.pos[t] += 1,
                None => return,
            }
        }
    }

    /// The candidate in which `name` can move now, with that move.
    fn can_move(&self, c: &Cand, name: &str) -> Option<usize> {
        let t = self.index(c.exec, name)?;
        let m = self.next(c, t)?;
        (!self.execs[c.exec].moves[m].hidden() && self.enabled(c, m)).then_some(m)
    }

    pub fn next_of(&self, name: &str) -> Next {
        for c in &self.cands {
            if let Some(m) = self.can_move(c, name) {
                return Next::Move(self.execs[c.exec].moves[m].labels.clone());
            }
        }
        let more = self.cands.iter().any(|c| {
            self.index(c.exec, name)
                .is_some_and(|t| self.next(c, t).is_some())
        });
        // A deadlocked execution ends with the waiting request: the thread
        // has no move left, yet it is not done.
        if more || self.shared().waits.contains_key(name) {
            Next::Waits
        } else {
            Next::Done
        }
    }

    /// The end of the round: every move of an execution played.
    pub fn outcome(&self) -> Option<(&Text, bool)> {
        self.cands
            .iter()
            .find(|c| (0..c.pos.len()).all(|t| self.next(c, t).is_none()))
            .map(|c| (&self.execs[c.exec].outcome, self.execs[c.exec].expected))
    }

    pub fn choose_key(&mut self, key: usize) -> Result<(), Refusal> {
        let name = self
            .players
            .get(key.wrapping_sub(1))
            .cloned()
            .ok_or(Refusal::Unknown)?;
        self.choose(&name)
    }

    pub fn choose(&mut self, name: &str) -> Result<(), Refusal> {
        if self.outcome().is_some() {
            return Err(Refusal::Over);
        }
        let mut chosen = None;
        let mut cands = Vec::new();
        for c in &self.cands {
            if let Some(m) = self.can_move(c, name) {
                let mut c = c.clone();
                let t = self.index(c.exec, name).expect("the thread moved");
                chosen.get_or_insert((c.exec, m));
                c.pos[t] += 1;
                self.auto(&mut c);
                cands.push(c);
            }
        }
        let Some((exec, m)) = chosen else {
            return Err(match self.next_of(name) {
                Next::Done if !self.players.iter().any(|p| p == name) => Refusal::Unknown,
                Next::Done => Refusal::Done,
                _ => Refusal::Waits,
            });
        };
        // A switch away from a thread that could still go on is a
        // preemption; between tasks every change of task is a switch.
        let preempted = match self.played.last() {
            Some(last) if last.thread != name => {
                self.tasks || matches!(self.next_of(&last.thread), Next::Move(_))
            }
            _ => false,
        };
        let mv = &self.execs[exec].moves[m];
        self.played.push(Played {
            thread: name.to_string(),
            labels: mv.labels.clone(),
            preempted,
            time_ms: mv.time_ms,
            effects: mv.effects.clone(),
        });
        self.history.push(name.to_string());
        self.cands = cands;
        Ok(())
    }

    pub fn shared(&self) -> Shared {
        let mut s = Shared::default();
        for p in &self.played {
            for e in &p.effects {
                match e {
                    Effect::Value { obj, value } => {
                        s.values.insert(obj.clone(), value.clone());
                    }
                    Effect::Holds { obj } => {
                        s.held
                            .entry(obj.clone())
                            .or_default()
                            .push(p.thread.clone());
                        s.waits.remove(&p.thread);
                    }
                    Effect::Releases { obj } => {
                        if let Some(h) = s.held.get_mut(obj) {
                            if let Some(i) = h.iter().position(|t| *t == p.thread) {
                                h.remove(i);
                            }
                        }
                    }
                    Effect::Waits { obj } => {
                        s.waits.insert(p.thread.clone(), obj.clone());
                    }
                }
            }
        }
        s.held.retain(|_, h| !h.is_empty());
        s
    }
}

#[cfg(test)]
mod tests {
    use super::super::Move;
    use super::*;

    fn mv(thread: usize, label: &str, after: &[usize]) -> Move {
        Move {
            thread,
            labels: if label.is_empty() {
                Vec::new()
            } else {
                vec![Text::same(label)]
            },
            after: after.to_vec(),
            effects: Vec::new(),
            time_ms: None,
        }
    }

    /// Two threads each read then write x: the two classes where T2 reads
    /// between T1's read and write (and the mirror) lose an update.
    fn counter() -> Vec<Exec> {
        let exec = |n, moves, expected| Exec {
            n,
            threads: vec!["main".into(), "T1".into(), "T2".into()],
            moves,
            outcome: Text::same(if expected { "x = 2" } else { "x = 1" }),
            expected,
        };
        vec![
            // T1 r w, T2 r w
            exec(
                1,
                vec![
                    mv(0, "", &[0, 0, 0]),
                    mv(1, "T1 read 0", &[1, 0, 0]),
                    mv(1, "T1 write 1", &[1, 0, 0]),
                    mv(2, "T2 read 1", &[1, 2, 0]),
                    mv(2, "T2 write 2", &[1, 2, 0]),
                ],
                true,
            ),
            // T1 r, T2 r, T1 w, T2 w
            exec(
                2,
                vec![
                    mv(0, "", &[0, 0, 0]),
                    mv(1, "T1 read 0", &[1, 0, 0]),
                    mv(2, "T2 read 0", &[1, 0, 0]),
                    mv(1, "T1 write 1", &[1, 0, 1]),
                    mv(2, "T2 write 1", &[1, 2, 0]),
                ],
                false,
            ),
        ]
    }

    #[test]
    fn a_schedule_is_matched_with_the_execution_it_is_equivalent_to() {
        let mut g = Game::new(counter(), false);
        assert_eq!(g.players(), ["T1", "T2"]);
        assert_eq!(g.next_of("T1"), Next::Move(vec![Text::same("T1 read 0")]));
        g.choose_key(1).unwrap();
        assert!(g.forbidden_reachable());
        g.choose_key(2).unwrap();
        assert_eq!(g.played()[1].labels, [Text::same("T2 read 0")]);
        assert!(g.played()[1].preempted, "T1 could still go on");
        g.choose_key(1).unwrap();
        g.choose_key(2).unwrap();
        let (outcome, expected) = g.outcome().unwrap();
        assert_eq!(outcome.en, "x = 1");
        assert!(!expected);
        // T1's write after T2's read is no preemption here: in these two
        // executions T2 never writes before T1 does, so it could not go on.
        assert_eq!(g.preemptions(), 1);
        assert_eq!(g.choose_key(1), Err(Refusal::Over));
    }

    #[test]
    fn undo_and_restart_go_back() {
        let mut g = Game::new(counter(), false);
        g.choose_key(1).unwrap();
        g.choose_key(1).unwrap();
        assert!(!g.forbidden_reachable(), "T1 wrote before T2 read");
        g.undo();
        assert_eq!(g.history(), ["T1"]);
        assert!(g.forbidden_reachable());
        g.restart();
        assert!(g.played().is_empty());
        assert_eq!(g.choose_key(3), Err(Refusal::Unknown));
    }
}
