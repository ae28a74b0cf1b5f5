//! A small deterministic random number generator.
//!
//! Seeds, synthetic histories and the simulator must produce the same output for the same seed on
//! every machine and across dependency upgrades, so the generator is spelled out here (SplitMix64)
//! rather than borrowed from a crate whose streams may change between versions. Named sub-streams
//! hash their names with FNV-1a from the `fnv` crate (a fixed algorithm); the test
//! `sub_streams_keep_their_values` pins the values, so a change there cannot go unnoticed.

use std::hash::Hasher as _;

/// SplitMix64: tiny, fast, and good enough for data generation (not for secrets).
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// A generator for a named sub-stream, so adding draws to one part of a generator does not
    /// shift the output of another. The name is hashed with FNV-1a, through the `fnv` crate the
    /// rest of the workspace uses too (one FNV-1a); a test pins the streams `seeds/` depend on.
    pub fn derive(seed: u64, stream: &str) -> Self {
        let mut h = fnv::FnvHasher::default();
        h.write(stream.as_bytes());
        Self::new(seed ^ h.finish())
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [0, n). Returns 0 when n is 0.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // Multiply-shift keeps the bias negligible for the small ranges used here.
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in [lo, hi] (inclusive).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.next_f64() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Index drawn in proportion to `weights` (which need not sum to 1).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.next_f64() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let a: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::new(7);
                move |_| r.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::new(7);
                move |_| r.next_u64()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(
            Rng::derive(7, "a").next_u64(),
            Rng::derive(7, "b").next_u64()
        );
    }

    #[test]
    fn sub_streams_keep_their_values() {
        // The seeds in seeds/ depend on these exact streams.
        assert_eq!(
            Rng::derive(0, "").next_u64(),
            Rng::new(0xcbf2_9ce4_8422_2325).next_u64()
        );
        assert_eq!(
            Rng::derive(7, "a").next_u64(),
            Rng::new(7 ^ 0xaf63_dc4c_8601_ec8c).next_u64()
        );
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = Rng::new(1);
        for n in 1..50 {
            assert!(r.below(n) < n);
        }
        assert_eq!(r.below(0), 0);
    }
}
