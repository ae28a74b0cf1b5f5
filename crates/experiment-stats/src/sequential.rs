//! Always-valid inference: the mixture sequential probability ratio test (mSPRT) of Johari,
//! Pekelis and Walsh (2017, "Always valid inference: bringing sequential analysis to A/B
//! testing"), with a normal mixing distribution, on the difference of two arms.
//!
//! The difference `Δ = treatment - control` is estimated with variance `V = var_c + var_t`, the
//! variances of the two arms' estimates (`p(1 - p)/n` for a rate, `s²/n` for a mean). With a
//! `N(0, τ²)` mixture over the true difference θ, the mixture likelihood ratio against θ = θ₀ is
//!
//! ```text
//! Λ(θ₀) = √(V / (V + τ²)) · exp(τ² (Δ - θ₀)² / (2 V (V + τ²)))
//! ```
//!
//! The always-valid p-value is `min(1, 1/Λ(0))` and the confidence sequence at level `1 - alpha`
//! is `{θ₀ : Λ(θ₀) < 1/alpha}`, i.e. `Δ ± √(V (V + τ²)/τ² · (2 ln(1/alpha) + ln((V + τ²)/V)))`.
//! Both stay valid however often they are looked at, and stopping whenever `p < alpha` keeps the
//! error rate at `alpha`. They depend only on the current summaries; a caller that keeps the
//! history may report the running minimum of the p-value and the running intersection of the
//! intervals, which stay valid too.

use serde::Serialize;

use crate::power::Effect;
use crate::{Interval, Proportion, Summary, in_unit_interval, positive_finite};

/// An always-valid p-value and the matching confidence sequence for the absolute difference.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sequential {
    pub p_value: Option<f64>,
    pub ci: Option<Interval>,
}

/// The default mixing variance `τ²`: the square of the minimum detectable effect in absolute
/// terms (for a relative effect, `baseline · mde`), so the mixture weighs effects of the size the
/// experiment is meant to detect. `None` for an effect of 0 or a baseline outside (0, 1) with a
/// relative effect.
pub fn mixing_variance(baseline: f64, mde: Effect) -> Option<f64> {
    let d = mde.absolute(baseline)?;
    (d != 0.0).then_some(d * d)
}

/// mSPRT on the difference of two rates, variances by plug-in (`p(1 - p)/n`). `None`s when a side
/// has no trials, both rates are 0 or 1 (no variance), or `tau2` is not positive; no interval
/// unless `0 < alpha < 1`.
pub fn msprt_proportions(
    control: Proportion,
    treatment: Proportion,
    tau2: f64,
    alpha: f64,
) -> Sequential {
    match (
        control.rate(),
        treatment.rate(),
        control.rate_variance(),
        treatment.rate_variance(),
    ) {
        (Some(pc), Some(pt), Some(vc), Some(vt)) => msprt(pt - pc, vc + vt, tau2, alpha),
        _ => Sequential::NONE,
    }
}

/// mSPRT on the difference of two means, variances of the means `s²/n`. `None`s when a side has
/// fewer than two values, both have no spread, or `tau2` is not positive; no interval unless
/// `0 < alpha < 1`.
pub fn msprt_means(control: &Summary, treatment: &Summary, tau2: f64, alpha: f64) -> Sequential {
    match (control.mean_variance(), treatment.mean_variance()) {
        (Some(vc), Some(vt)) => msprt(treatment.mean - control.mean, vc + vt, tau2, alpha),
        _ => Sequential::NONE,
    }
}

impl Sequential {
    const NONE: Sequential = Sequential {
        p_value: None,
        ci: None,
    };
}

/// The test for an estimate `diff` with variance `v`.
fn msprt(diff: f64, v: f64, tau2: f64, alpha: f64) -> Sequential {
    if !(positive_finite(v) && positive_finite(tau2) && diff.is_finite()) {
        return Sequential::NONE;
    }
    let total = v + tau2;
    let log_lambda = 0.5 * (v / total).ln() + tau2 * diff * diff / (2.0 * v * total);
    let p_value = (-log_lambda).exp().min(1.0);
    let ci = in_unit_interval(alpha).then(|| {
        let half = (v * total / tau2 * (-2.0 * alpha.ln() + (total / v).ln())).sqrt();
        Interval::around(diff, half)
    });
    Sequential {
        p_value: Some(p_value),
        ci,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_value_and_interval_agree() {
        // p < alpha exactly when the confidence sequence leaves out 0.
        for (c, t) in [(100, 130), (100, 112), (300, 330), (50, 50), (120, 90)] {
            for alpha in [0.01, 0.05, 0.2] {
                let s = msprt_proportions(
                    Proportion::new(c, 2000),
                    Proportion::new(t, 2000),
                    1e-4,
                    alpha,
                );
                let (p, ci) = (s.p_value.unwrap(), s.ci.unwrap());
                assert_eq!(p < alpha, !ci.contains(0.0), "{c} vs {t} at {alpha}");
            }
        }
    }

    #[test]
    fn wider_than_the_fixed_horizon_interval() {
        let (c, t) = (Proportion::new(200, 4000), Proportion::new(260, 4000));
        let seq = msprt_proportions(c, t, 1e-4, 0.05).ci.unwrap();
        let fixed = crate::compare_proportions(c, t, 0.05).abs_ci.unwrap();
        assert!(seq.low < fixed.low && seq.high > fixed.high);
    }

    #[test]
    fn degenerate_inputs() {
        let some = Proportion::new(10, 100);
        for s in [
            msprt_proportions(Proportion::new(0, 0), some, 1e-3, 0.05),
            msprt_proportions(Proportion::new(0, 50), Proportion::new(0, 80), 1e-3, 0.05),
            msprt_proportions(some, some, 0.0, 0.05),
            msprt_proportions(some, some, f64::NAN, 0.05),
            msprt_means(&Summary::of([1.0]), &Summary::of([1.0, 2.0]), 1.0, 0.05),
        ] {
            assert_eq!(s, Sequential::NONE);
        }
        let no_level = msprt_proportions(some, Proportion::new(20, 100), 1e-3, 1.0);
        assert!(no_level.p_value.is_some() && no_level.ci.is_none());
        // Identical arms: the likelihood ratio is below 1, so p = 1.
        assert_eq!(msprt_proportions(some, some, 1e-3, 0.05).p_value, Some(1.0));
        let tau2 = mixing_variance(0.1, Effect::Relative(0.2)).unwrap();
        assert!((tau2 - 0.02 * 0.02).abs() < 1e-15);
        assert_eq!(mixing_variance(0.1, Effect::Absolute(0.0)), None);
    }
}
