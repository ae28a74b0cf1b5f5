//! Thompson sampling over conversion rates: each arm's rate has the posterior
//! Beta(successes + 1, failures + 1) (a uniform prior), P(best) is the share of joint posterior
//! draws in which the arm's rate is the highest, and the allocation is P(best) with a floor.
//!
//! The draws repeat exactly for a seed on every machine: the generator is the workspace's
//! SplitMix64 (`seeded-rng`), normals come from Marsaglia's polar method, Gamma variates from
//! Marsaglia and Tsang's method (2000), and Beta as `X / (X + Y)` of two Gammas; the only
//! transcendental function is `ln`, taken from the `libm` crate (the same code everywhere, where
//! `f64::ln` is the platform's own) next to `sqrt` and arithmetic, which IEEE 754 rounds the same
//! everywhere.

use seeded_rng::Rng;

use crate::Proportion;

/// P(best) of each arm, from `draws` joint draws of the posteriors with the generator seeded by
/// `seed` (20,000 draws give about ±0.01). One arm: `[1.0]`; no arms: empty; no draws: equal
/// shares.
pub fn probability_best(arms: &[Proportion], draws: u32, seed: u64) -> Vec<f64> {
    let k = arms.len();
    if k <= 1 || draws == 0 {
        return vec![1.0 / k as f64; k];
    }
    let shapes: Vec<(f64, f64)> = arms
        .iter()
        .map(|arm| {
            let successes = arm.successes.min(arm.trials);
            (
                successes as f64 + 1.0,
                (arm.trials - successes) as f64 + 1.0,
            )
        })
        .collect();
    let mut sampler = Sampler::new(seed);
    let mut wins = vec![0_u32; k];
    for _ in 0..draws {
        let mut best = (0, f64::NEG_INFINITY);
        for (i, &(a, b)) in shapes.iter().enumerate() {
            let rate = sampler.beta(a, b);
            if rate > best.1 {
                best = (i, rate);
            }
        }
        wins[best.0] += 1;
    }
    wins.iter()
        .map(|&w| f64::from(w) / f64::from(draws))
        .collect()
}

/// Traffic shares: P(best) with every arm raised to at least `min_share`, the rest of the traffic
/// shared among the other arms in proportion to their P(best), so the shares sum to 1. When the
/// floors alone fill the traffic (`min_share · arms ≥ 1`), equal shares. A `min_share` that is
/// negative or not finite counts as 0.
pub fn thompson_allocation(arms: &[Proportion], min_share: f64, draws: u32, seed: u64) -> Vec<f64> {
    floor_shares(&probability_best(arms, draws, seed), min_share)
}

/// Shares proportional to `p` (which sums to 1), each at least `floor`: arms under the floor are
/// pinned to it and the others rescaled, until none falls under. Each round pins at least one
/// arm and never all of them (the unpinned arms share more than `floor` each on average), so it
/// ends within `p.len()` rounds.
fn floor_shares(p: &[f64], floor: f64) -> Vec<f64> {
    let k = p.len();
    let floor = if floor.is_finite() {
        floor.max(0.0)
    } else {
        0.0
    };
    if k == 0 || floor * k as f64 >= 1.0 {
        return vec![1.0 / k as f64; k];
    }
    let mut pinned = vec![false; k];
    loop {
        let pinned_count = pinned.iter().filter(|&&x| x).count();
        let free = 1.0 - floor * pinned_count as f64;
        let mass: f64 = p
            .iter()
            .zip(&pinned)
            .filter(|(_, pin)| !**pin)
            .map(|(x, _)| x)
            .sum();
        let shares: Vec<f64> = p
            .iter()
            .zip(&pinned)
            .map(|(&x, &pin)| match (pin, mass > 0.0) {
                (true, _) => floor,
                (false, true) => free * x / mass,
                (false, false) => free / (k - pinned_count) as f64,
            })
            .collect();
        let mut changed = false;
        for (pin, share) in pinned.iter_mut().zip(&shares) {
            if !*pin && *share < floor {
                *pin = true;
                changed = true;
            }
        }
        if !changed {
            return shares;
        }
    }
}

/// Beta variates on a seeded SplitMix64.
struct Sampler {
    rng: Rng,
    /// The polar method makes normals in pairs; the second waits here.
    spare: Option<f64>,
}

impl Sampler {
    fn new(seed: u64) -> Sampler {
        Sampler {
            rng: Rng::new(seed),
            spare: None,
        }
    }

    /// Uniform in the open interval (0, 1), so that its log is finite.
    fn open_uniform(&mut self) -> f64 {
        ((self.rng.next_u64() >> 11) as f64 + 0.5) / (1_u64 << 53) as f64
    }

    /// A standard normal by Marsaglia's polar method.
    fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        loop {
            let u = 2.0 * self.rng.next_f64() - 1.0;
            let v = 2.0 * self.rng.next_f64() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                let factor = (-2.0 * libm::log(s) / s).sqrt();
                self.spare = Some(v * factor);
                return u * factor;
            }
        }
    }

    /// Gamma(shape, 1) for `shape ≥ 1` by Marsaglia and Tsang's squeeze and rejection (the
    /// posteriors' shapes are counts + 1, never below 1).
    fn gamma(&mut self, shape: f64) -> f64 {
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.open_uniform();
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2 || libm::log(u) < 0.5 * x2 + d * (1.0 - v + libm::log(v))
            {
                return d * v;
            }
        }
    }

    fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a);
        let y = self.gamma(b);
        x / (x + y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gamma_and_beta_moments() {
        let mut s = Sampler::new(11);
        for shape in [1.0, 2.5, 40.0] {
            let draws: Vec<f64> = (0..40_000).map(|_| s.gamma(shape)).collect();
            let mean = draws.iter().sum::<f64>() / draws.len() as f64;
            let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / draws.len() as f64;
            // Gamma(k, 1): mean k, variance k; the standard error of the mean is √(k/40000).
            assert!(
                (mean - shape).abs() < 5.0 * (shape / 40_000.0).sqrt(),
                "mean {mean}"
            );
            assert!(
                (var / shape - 1.0).abs() < 0.05,
                "variance {var} at {shape}"
            );
        }
        let draws: Vec<f64> = (0..40_000).map(|_| s.beta(3.0, 7.0)).collect();
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((mean - 0.3).abs() < 0.005);
        assert!(draws.iter().all(|x| *x > 0.0 && *x < 1.0));
    }

    #[test]
    fn same_seed_same_shares() {
        let arms = [
            Proportion::new(30, 1000),
            Proportion::new(36, 1000),
            Proportion::new(33, 1000),
        ];
        let a = probability_best(&arms, 5000, 42);
        assert_eq!(a, probability_best(&arms, 5000, 42));
        assert_ne!(a, probability_best(&arms, 5000, 43));
        assert!((a.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn few_arms_and_no_draws() {
        assert_eq!(probability_best(&[], 100, 1), Vec::<f64>::new());
        assert_eq!(
            probability_best(&[Proportion::new(3, 9)], 100, 1),
            vec![1.0]
        );
        assert_eq!(
            probability_best(&[Proportion::new(3, 9), Proportion::new(1, 9)], 0, 1),
            vec![0.5, 0.5]
        );
        // Arms without trials draw from the uniform prior: a coin flip.
        let empty = probability_best(&[Proportion::new(0, 0), Proportion::new(0, 0)], 20_000, 5);
        assert!((empty[0] - 0.5).abs() < 0.02);
        assert_eq!(thompson_allocation(&[], 0.1, 100, 1), Vec::<f64>::new());
    }

    #[test]
    fn floors() {
        let shares = floor_shares(&[0.9, 0.07, 0.02, 0.01], 0.05);
        assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(shares.iter().all(|s| *s >= 0.05 - 1e-12), "{shares:?}");
        // 0.07 rescaled stays above the floor; 0.02 and 0.01 are pinned to it.
        assert_eq!(shares[2], 0.05);
        assert_eq!(shares[3], 0.05);
        assert!((shares[1] / shares[0] - 0.07 / 0.9).abs() < 1e-12);
        // A second round: 0.06 falls under the floor once the others are pinned.
        let cascade = floor_shares(&[0.88, 0.06, 0.03, 0.03], 0.06);
        assert!(cascade.iter().all(|s| *s >= 0.06 - 1e-12), "{cascade:?}");
        assert!((cascade.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // Nothing under the floor: unchanged.
        assert_eq!(floor_shares(&[0.6, 0.4], 0.1), vec![0.6, 0.4]);
        // Floors that fill the traffic, odd floors.
        assert_eq!(floor_shares(&[0.9, 0.1], 0.5), vec![0.5, 0.5]);
        assert_eq!(floor_shares(&[0.9, 0.1], f64::NAN), vec![0.9, 0.1]);
        assert_eq!(floor_shares(&[0.9, 0.1], -1.0), vec![0.9, 0.1]);
        // All the mass on pinned arms: the free arms share what is left equally.
        let zeros = floor_shares(&[1.0, 0.0, 0.0], 0.1);
        assert!(zeros.iter().all(|s| *s >= 0.1 - 1e-12), "{zeros:?}");
    }
}
