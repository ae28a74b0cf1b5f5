//! MT19937 with numpy's legacy `RandomState` seeding, `random_sample` doubles and `permutation`,
//! so that the MS Recommenders splits draw exactly what numpy draws for the same seed.
//!
//! Only used by the splits in [`super::split`] that reproduce microsoft/recommenders; everything
//! else uses `seeded_rng::Rng`.

const N: usize = 624;
const M: usize = 397;

pub(crate) struct Mt19937 {
    state: [u32; N],
    pos: usize,
}

impl Mt19937 {
    /// numpy's `RandomState(seed)` for an integer seed (Matsumoto–Nishimura `init_genrand`).
    pub(crate) fn new(seed: u32) -> Self {
        let mut state = [0u32; N];
        state[0] = seed;
        for i in 1..N {
            let prev = state[i - 1];
            state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        Mt19937 { state, pos: N }
    }

    fn twist(&mut self) {
        for i in 0..N {
            let y = (self.state[i] & 0x8000_0000) | (self.state[(i + 1) % N] & 0x7fff_ffff);
            let mut next = self.state[(i + M) % N] ^ (y >> 1);
            if y & 1 != 0 {
                next ^= 0x9908_b0df;
            }
            self.state[i] = next;
        }
        self.pos = 0;
    }

    pub(crate) fn next_u32(&mut self) -> u32 {
        if self.pos >= N {
            self.twist();
        }
        let mut y = self.state[self.pos];
        self.pos += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// numpy's legacy `random_interval(max)`: uniform in [0, max] by masked rejection.
    fn interval(&mut self, max: u64) -> u64 {
        if max == 0 {
            return 0;
        }
        let mut mask = max;
        for shift in [1, 2, 4, 8, 16, 32] {
            mask |= mask >> shift;
        }
        loop {
            let value = if max <= u64::from(u32::MAX) {
                u64::from(self.next_u32()) & mask
            } else {
                ((u64::from(self.next_u32()) << 32) | u64::from(self.next_u32())) & mask
            };
            if value <= max {
                return value;
            }
        }
    }

    /// `RandomState.permutation(n)`: a Fisher–Yates shuffle of 0..n from the top down (which is
    /// also what pandas' `sample(frac=1, random_state=seed)` uses to order rows).
    pub(crate) fn permutation(&mut self, n: usize) -> Vec<usize> {
        let mut v: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = self.interval(i as u64) as usize;
            v.swap(i, j);
        }
        v
    }

    /// numpy's `random_sample()`: 53 random bits from two outputs, in [0, 1).
    pub(crate) fn next_f64(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_generator() {
        // mt19937ar.c's init_genrand(5489) (the C++ std::mt19937 default): the 10000th output
        // is 4123659995, and the first is 3499211612.
        let mut mt = Mt19937::new(5489);
        assert_eq!(mt.next_u32(), 3_499_211_612);
        for _ in 1..9_999 {
            mt.next_u32();
        }
        assert_eq!(mt.next_u32(), 4_123_659_995);
    }

    #[test]
    fn matches_numpy_random_sample() {
        // np.random.seed(42); np.random.rand(3)
        let mut mt = Mt19937::new(42);
        let got: Vec<f64> = (0..3).map(|_| mt.next_f64()).collect();
        assert_eq!(
            got,
            [0.3745401188473625, 0.9507143064099162, 0.7319939418114051]
        );
    }

    #[test]
    fn matches_numpy_permutation() {
        // np.random.RandomState(42).permutation(10); RandomState(7).permutation(300)[:8]
        assert_eq!(
            Mt19937::new(42).permutation(10),
            [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]
        );
        assert_eq!(
            Mt19937::new(7).permutation(300)[..8],
            [254, 57, 150, 66, 114, 280, 204, 249]
        );
        assert!(Mt19937::new(1).permutation(0).is_empty());
    }
}
