//! One round, key by key: the same for `--keys` and for the terminal.

use super::game::Game;
use super::screen::{self, Look, Round, Said};
use super::term::Key;
use super::Explored;
use crate::registry::{Engine, Exercise};

pub struct Session {
    pub game: Game,
    pub round: Round,
    pub said: Said,
    solution: Option<Vec<String>>,
}

impl Session {
    pub fn new(exercise: &Exercise, explored: Explored) -> Session {
        let tasks = exercise.engine == Engine::Tasks;
        let game = Game::new(explored.executions, tasks);
        let solution = explored.solution;
        // The minimum as the game counts it: the best schedule replayed.
        let minimum = solution.as_ref().and_then(|keys| {
            let mut replay = game.clone();
            for k in keys {
                replay.choose(k).ok()?;
            }
            replay.outcome().filter(|(_, expected)| !expected)?;
            Some(replay.preemptions())
        });
        let minimum = minimum.or_else(|| {
            explored
                .report
                .counterexample
                .as_ref()
                .map(|c| c.switches.unwrap_or(c.preemptions))
        });
        Session {
            game,
            round: Round {
                id: exercise.id.clone(),
                title: exercise.title.clone(),
                expected: exercise.expected.clone(),
                minimum,
                summary: explored.report.summary,
            },
            said: Said::Nothing,
            solution,
        }
    }

    /// Applies one key; false once the player quits.
    pub fn press(&mut self, key: &Key) -> bool {
        self.said = Said::Nothing;
        match key {
            Key::Thread(n) => {
                if let Err(why) = self.game.choose_key(*n) {
                    let name = self
                        .game
                        .players()
                        .get(n.wrapping_sub(1))
                        .cloned()
                        .unwrap_or_else(|| n.to_string());
                    self.said = Said::Refused(name, why);
                }
            }
            Key::Undo => self.game.undo(),
            Key::Restart => self.game.restart(),
            Key::GiveUp => self.said = Said::GaveUp,
            Key::Show => match &self.solution {
                Some(keys) => {
                    self.game.restart();
                    for k in keys.clone() {
                        if self.game.choose(&k).is_err() {
                            break;
                        }
                    }
                    self.said = Said::Shown;
                }
                None => self.said = Said::NoSolution,
            },
            Key::Quit => return false,
            Key::Other(k) if k.is_empty() => {}
            Key::Other(k) => self.said = Said::Key(k.clone()),
        }
        true
    }

    pub fn screen(&self, look: Look) -> Vec<String> {
        screen::render(&self.game, &self.round, &self.said, look)
    }
}
