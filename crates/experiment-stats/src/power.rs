//! Fixed-horizon sample size and power for comparing two proportions with the pooled two-sided
//! z-test: the normal approximation with the pooled variance under the null and the unpooled one
//! under the alternative, as statsmodels' `power_proportions_2indep` and
//! `samplesize_proportions_2indep_onetail` (equal arms).
//!
//! With `p₁` the baseline, `p₂` the rate the effect would give, `p̄ = (p₁ + p₂)/2`,
//! `σ₀ = √(2 p̄(1 - p̄))`, `σ₁ = √(p₁(1 - p₁) + p₂(1 - p₂))` and `d = p₂ - p₁`:
//!
//! ```text
//! n     = ((z_{1-α/2} σ₀ + z_{power} σ₁) / d)²                      per arm, rounded up
//! power = Φ((|d|√n - z_{1-α/2} σ₀)/σ₁) + Φ((-|d|√n - z_{1-α/2} σ₀)/σ₁)
//! ```
//!
//! The sample size ignores the far tail (the second term), which is negligible wherever a sample
//! size is asked for, so `power_proportions(.., sample_size_proportions(..))` is at least `power`.

use serde::Serialize;

use crate::in_unit_interval;
use crate::normal::{normal_cdf, normal_quantile, z_two_sided};

/// A minimum detectable effect on a rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Effect {
    /// In rate units: 0.01 is one percentage point.
    Absolute(f64),
    /// As a fraction of the baseline: 0.1 is a lift of 10 %.
    Relative(f64),
}

impl Effect {
    /// The effect in rate units at `baseline`; `None` when not finite.
    pub fn absolute(self, baseline: f64) -> Option<f64> {
        let d = match self {
            Effect::Absolute(d) => d,
            Effect::Relative(r) => baseline * r,
        };
        d.is_finite().then_some(d)
    }
}

/// The difference to detect and the standard deviations of one pair of observations under the
/// null and under the alternative; `None` unless both rates lie strictly between 0 and 1 and
/// differ.
fn design(baseline: f64, mde: Effect) -> Option<(f64, f64, f64)> {
    let d = mde.absolute(baseline)?;
    let treated = baseline + d;
    if !(in_unit_interval(baseline) && in_unit_interval(treated)) || d == 0.0 {
        return None;
    }
    let pooled = (baseline + treated) / 2.0;
    let std_null = (2.0 * pooled * (1.0 - pooled)).sqrt();
    let std_alt = (baseline * (1.0 - baseline) + treated * (1.0 - treated)).sqrt();
    Some((d, std_null, std_alt))
}

/// Shoppers needed in each variation for a two-sided level-`alpha` test to detect `mde` at
/// `baseline` with probability `power`. At least 1; `None` for rates outside (0, 1), an effect of
/// 0, `alpha` or `power` outside (0, 1), or a count beyond 10¹⁸.
pub fn sample_size_proportions(baseline: f64, mde: Effect, alpha: f64, power: f64) -> Option<u64> {
    let (d, std_null, std_alt) = design(baseline, mde)?;
    let z_alpha = z_two_sided(alpha)?;
    let z_power = normal_quantile(power)?;
    let n = ((z_alpha * std_null + z_power * std_alt).max(0.0) / d).powi(2);
    let n = n.ceil().max(1.0);
    (n <= 1e18).then_some(n as u64)
}

/// The power of a two-sided level-`alpha` test with `n_per_arm` shoppers in each variation to
/// detect `mde` at `baseline`; `None` for no shoppers or the cases of
/// [`sample_size_proportions`].
pub fn power_proportions(baseline: f64, mde: Effect, alpha: f64, n_per_arm: u64) -> Option<f64> {
    let (d, std_null, std_alt) = design(baseline, mde)?;
    let z_alpha = z_two_sided(alpha)?;
    if n_per_arm == 0 {
        return None;
    }
    let shift = d.abs() * (n_per_arm as f64).sqrt() / std_alt;
    let crit = z_alpha * std_null / std_alt;
    Some(normal_cdf(shift - crit) + normal_cdf(-shift - crit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_size_reaches_the_power() {
        for (baseline, mde) in [
            (0.05, Effect::Relative(0.1)),
            (0.2, Effect::Absolute(-0.02)),
            (0.5, Effect::Absolute(0.1)),
            (0.01, Effect::Relative(1.0)),
        ] {
            for power in [0.5, 0.8, 0.95] {
                let n = sample_size_proportions(baseline, mde, 0.05, power).unwrap();
                let reached = power_proportions(baseline, mde, 0.05, n).unwrap();
                assert!(reached >= power, "{baseline} {mde:?}: {reached} < {power}");
                let short = power_proportions(baseline, mde, 0.05, n - 1).unwrap();
                assert!(short < power + 1e-4, "{baseline} {mde:?} at n - 1");
            }
        }
    }

    #[test]
    fn outside_the_domain() {
        let ok = Effect::Relative(0.1);
        assert_eq!(sample_size_proportions(0.0, ok, 0.05, 0.8), None);
        assert_eq!(sample_size_proportions(1.0, ok, 0.05, 0.8), None);
        assert_eq!(
            sample_size_proportions(0.1, Effect::Absolute(0.0), 0.05, 0.8),
            None
        );
        assert_eq!(
            sample_size_proportions(0.95, Effect::Absolute(0.1), 0.05, 0.8),
            None
        );
        assert_eq!(
            sample_size_proportions(0.1, Effect::Relative(-1.0), 0.05, 0.8),
            None
        );
        assert_eq!(sample_size_proportions(0.1, ok, 0.0, 0.8), None);
        assert_eq!(sample_size_proportions(0.1, ok, 0.05, 1.0), None);
        assert_eq!(
            sample_size_proportions(0.1, Effect::Absolute(f64::NAN), 0.05, 0.8),
            None
        );
        assert_eq!(
            sample_size_proportions(0.5, Effect::Absolute(1e-12), 0.05, 0.8),
            None
        );
        assert_eq!(power_proportions(0.1, ok, 0.05, 0), None);
        // A power at or below alpha needs no one: at least one all the same.
        assert_eq!(sample_size_proportions(0.1, ok, 0.05, 0.01), Some(1));
        // Huge samples: power 1, no NaN.
        assert_eq!(power_proportions(0.1, ok, 0.05, u64::MAX), Some(1.0));
    }
}
