//! The choice model: which cards a shopper examines (attention falling with position) and which
//! one, if any, they pick (a multinomial logit with a no-click option) — the cascade-free
//! position-bias model of click studies and RecSim's conditional choice models.

use seeded_rng::Rng;

/// The probability that the card at `position` (0 first, in page order) is examined.
pub fn attention(position: usize, decay: f64) -> f64 {
    decay.powi(i32::try_from(position).unwrap_or(i32::MAX))
}

/// Numerically stable softmax of `utilities / temperature`.
pub fn softmax(utilities: &[f64], temperature: f64) -> Vec<f64> {
    let max = utilities.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return vec![0.0; utilities.len()];
    }
    let exps: Vec<f64> = utilities
        .iter()
        .map(|u| ((u - max) / temperature).exp())
        .collect();
    let total: f64 = exps.iter().sum();
    exps.into_iter().map(|e| e / total).collect()
}

/// The probabilities of picking each option and, last, of picking none: a multinomial logit
/// over the options' utilities plus a no-click option of utility `no_click`.
pub fn choice_probabilities(utilities: &[f64], no_click: f64, temperature: f64) -> Vec<f64> {
    let mut all = Vec::with_capacity(utilities.len() + 1);
    all.extend_from_slice(utilities);
    all.push(no_click);
    softmax(&all, temperature)
}

/// Picks one option by the multinomial logit, or `None` for no click.
pub fn choose(utilities: &[f64], no_click: f64, temperature: f64, rng: &mut Rng) -> Option<usize> {
    let p = choice_probabilities(utilities, no_click, temperature);
    let pick = rng.weighted(&p);
    (pick < utilities.len()).then_some(pick)
}

/// Which of `count` cards in page order the shopper examines.
pub fn examine(count: usize, decay: f64, rng: &mut Rng) -> Vec<usize> {
    (0..count)
        .filter(|&k| rng.chance(attention(k, decay)))
        .collect()
}

pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// A fixed standard-normal taste of one shopper (`seed`) for one item: the same every time it is
/// asked, so a shopper's noise is part of who they are, not of the moment.
pub fn item_noise(seed: u64, item: &str) -> f64 {
    let mut rng = Rng::new(seed ^ fnv_hash(item));
    // Box–Muller on two uniforms in (0, 1].
    let u1 = 1.0 - rng.next_f64();
    let u2 = rng.next_f64();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn fnv_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = fnv::FnvHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn softmax_sums_to_one_and_orders_by_utility() {
        let p = softmax(&[1.0, 2.0, 3.0], 1.0);
        assert!(close(p.iter().sum::<f64>(), 1.0, 1e-12));
        assert!(p[0] < p[1] && p[1] < p[2]);
        // exp(1) / (exp(1) + exp(2) + exp(3))
        assert!(close(p[0], 0.090_030_573_2, 1e-9), "{p:?}");
        // Large utilities do not overflow.
        let q = softmax(&[1000.0, 1000.0], 1.0);
        assert!(close(q[0], 0.5, 1e-12));
    }

    #[test]
    fn temperature_flattens_or_sharpens() {
        let cold = softmax(&[0.0, 1.0], 0.1);
        let hot = softmax(&[0.0, 1.0], 10.0);
        assert!(cold[1] > 0.99, "{cold:?}");
        assert!(close(hot[1], 0.525, 0.01), "{hot:?}");
    }

    #[test]
    fn attention_falls_with_position() {
        assert!(close(attention(0, 0.8), 1.0, 1e-12));
        assert!(close(attention(3, 0.8), 0.512, 1e-12));
        assert!((1..20).all(|k| attention(k, 0.9) < attention(k - 1, 0.9)));
        // Empirically: position 0 always examined, position 10 about 0.9^10 = 0.35 of the time.
        let mut rng = Rng::new(7);
        let runs = 20_000;
        let mut seen = [0u32; 11];
        for _ in 0..runs {
            for k in examine(11, 0.9, &mut rng) {
                seen[k] += 1;
            }
        }
        assert_eq!(seen[0], runs);
        let share = f64::from(seen[10]) / f64::from(runs);
        assert!(close(share, 0.9f64.powi(10), 0.015), "{share}");
    }

    #[test]
    fn no_click_takes_its_share() {
        // Two options at utility 0 and no-click at 0: each a third.
        let p = choice_probabilities(&[0.0, 0.0], 0.0, 1.0);
        assert!(p.iter().all(|x| close(*x, 1.0 / 3.0, 1e-12)));
        // Nothing examined: never a click.
        let mut rng = Rng::new(1);
        assert!((0..100).all(|_| choose(&[], 0.0, 1.0, &mut rng).is_none()));
        // A very attractive no-click option almost always wins; a very poor one almost never.
        let clicks = |u0: f64, rng: &mut Rng| {
            (0..10_000)
                .filter(|_| choose(&[0.0, 0.0, 0.0], u0, 1.0, rng).is_some())
                .count()
        };
        assert!(clicks(10.0, &mut rng) < 50);
        assert!(clicks(-10.0, &mut rng) > 9_950);
        // And in between the frequencies follow the logit: 3 e^0 / (3 e^0 + e^1) = 0.525.
        let n = clicks(1.0, &mut rng);
        assert!((5_050..5_450).contains(&n), "{n}");
    }

    #[test]
    fn picks_follow_the_logit() {
        let mut rng = Rng::new(3);
        let u = [0.0, (2.0f64).ln()];
        let mut counts = [0u32; 2];
        for _ in 0..30_000 {
            if let Some(i) = choose(&u, f64::NEG_INFINITY, 1.0, &mut rng) {
                counts[i] += 1;
            }
        }
        // Twice the odds: about 1/3 and 2/3, and never no-click at utility −∞.
        assert_eq!(counts[0] + counts[1], 30_000);
        let share = f64::from(counts[1]) / 30_000.0;
        assert!(close(share, 2.0 / 3.0, 0.01), "{share}");
    }

    #[test]
    fn item_noise_is_fixed_per_shopper_and_item_and_standard_normal() {
        assert_eq!(item_noise(5, "abc"), item_noise(5, "abc"));
        assert_ne!(item_noise(5, "abc"), item_noise(6, "abc"));
        let draws: Vec<f64> = (0..20_000).map(|i| item_noise(9, &i.to_string())).collect();
        let mean = draws.iter().sum::<f64>() / 20_000.0;
        let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 20_000.0;
        assert!(close(mean, 0.0, 0.03), "{mean}");
        assert!(close(var, 1.0, 0.05), "{var}");
    }
}
