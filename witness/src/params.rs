//! Stress parameters drawn from proptest strategies with a fixed seed.

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

pub struct Params {
    runner: TestRunner,
}

impl Params {
    pub fn new(seed: u64) -> Params {
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
        Params {
            runner: TestRunner::new_with_rng(Config::default(), rng),
        }
    }

    /// One value of `strategy`.
    pub fn draw<S: Strategy>(&mut self, strategy: S) -> S::Value {
        strategy
            .new_tree(&mut self.runner)
            .expect("strategies here always generate")
            .current()
    }
}
