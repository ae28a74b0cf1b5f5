//! Proportions: a rate with its Wilson score interval, and the shop's two-proportion z-test for
//! funnel comparisons (pooled z, unpooled 95 % Wald interval).

use serde::Serialize;

use crate::Interval;
use crate::normal::{Z_95, two_sided_p, z_two_sided};

/// `successes` out of `trials` (shoppers who converted out of shoppers exposed). A count of
/// successes above `trials` is clamped to `trials` wherever a rate is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Proportion {
    pub successes: u64,
    pub trials: u64,
}

impl Proportion {
    pub const fn new(successes: u64, trials: u64) -> Proportion {
        Proportion { successes, trials }
    }

    /// `successes / trials`; `None` without trials.
    pub fn rate(self) -> Option<f64> {
        (self.trials > 0).then(|| self.successes.min(self.trials) as f64 / self.trials as f64)
    }

    /// The variance of the rate as an estimate, `p(1 - p)/n` (Bernoulli, plug-in); `None`
    /// without trials.
    pub fn rate_variance(self) -> Option<f64> {
        self.rate().map(|p| p * (1.0 - p) / self.trials as f64)
    }
}

/// Wilson score interval for a rate at level `1 - alpha` (as statsmodels'
/// `proportion_confint(method="wilson")`), clipped to [0, 1] against rounding. `None` without
/// trials or unless `0 < alpha < 1`.
pub fn wilson_interval(p: Proportion, alpha: f64) -> Option<Interval> {
    let rate = p.rate()?;
    let z = z_two_sided(alpha)?;
    let n = p.trials as f64;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let center = (rate + z2 / (2.0 * n)) / denom;
    let half = z * (rate * (1.0 - rate) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    Some(Interval {
        low: (center - half).max(0.0),
        high: (center + half).min(1.0),
    })
}

/// The pooled two-proportion z statistic of `treatment` against `control`,
/// `(p_t - p_c) / √(p(1 - p)(1/n_c + 1/n_t))` with `p` the pooled rate (as statsmodels'
/// `proportions_ztest`); `None` when a side has no trials or the pooled rate is 0 or 1.
pub(crate) fn pooled_z(control: Proportion, treatment: Proportion) -> Option<f64> {
    let (pc, pt) = (control.rate()?, treatment.rate()?);
    let (nc, nt) = (control.trials as f64, treatment.trials as f64);
    let successes =
        control.successes.min(control.trials) + treatment.successes.min(treatment.trials);
    let pooled = successes as f64 / (nc + nt);
    let se_pooled = (pooled * (1.0 - pooled) * (1.0 / nc + 1.0 / nt)).sqrt();
    (se_pooled > 0.0).then(|| (pt - pc) / se_pooled)
}

/// Result of comparing two proportions `x_a / n_a` (baseline) and `x_b / n_b`.
///
/// The difference is `rate_b - rate_a`, in proportion units (0.068 = 6.8 percentage points).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ProportionTest {
    pub rate_a: Option<f64>,
    pub rate_b: Option<f64>,
    pub difference: Option<f64>,
    /// `difference / rate_a`; absent when `rate_a` is 0 or undefined.
    pub relative_difference: Option<f64>,
    /// Pooled z statistic; absent when a side is empty or the pooled SE is 0.
    pub z: Option<f64>,
    /// Two-sided p-value of the pooled two-proportion z-test.
    pub p_value: Option<f64>,
    /// 95 % Wald interval for the difference, unpooled standard error.
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
}

/// Two-proportion z-test (pooled SE, two-sided) and 95 % confidence interval for the difference
/// (unpooled SE). Counts are successes `x` out of trials `n`; `x <= n` is expected and clamped.
pub fn two_proportion_test(x_a: u64, n_a: u64, x_b: u64, n_b: u64) -> ProportionTest {
    let (a, b) = (Proportion::new(x_a, n_a), Proportion::new(x_b, n_b));
    let rate_a = a.rate();
    let rate_b = b.rate();
    let mut out = ProportionTest {
        rate_a,
        rate_b,
        difference: None,
        relative_difference: None,
        z: None,
        p_value: None,
        ci95_low: None,
        ci95_high: None,
    };
    let (Some(pa), Some(pb), Some(va), Some(vb)) =
        (rate_a, rate_b, a.rate_variance(), b.rate_variance())
    else {
        return out;
    };
    let diff = pb - pa;
    out.difference = Some(diff);
    out.relative_difference = (pa > 0.0).then(|| diff / pa);
    out.z = pooled_z(a, b);
    out.p_value = out.z.map(two_sided_p);
    let se = (va + vb).sqrt();
    out.ci95_low = Some(diff - Z_95 * se);
    out.ci95_high = Some(diff + Z_95 * se);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn two_proportion_hand_computed_example() {
        // Workshop numbers: 238/1000 before, 306/1000 after.
        // diff = 0.306 - 0.238 = 0.068
        // pooled p = 544/2000 = 0.272; SE = sqrt(0.272 * 0.728 * (1/1000 + 1/1000))
        //          = sqrt(0.000396032) = 0.0199005528
        // z = 0.068 / 0.0199005528 = 3.416991; p = erfc(z/√2) = 0.00063317
        // unpooled SE = sqrt(0.238*0.762/1000 + 0.306*0.694/1000) = sqrt(0.00039372)
        //             = 0.0198423789; CI = 0.068 ± 1.959964 * 0.0198423789
        //             = [0.0291097, 0.1068903]
        let t = two_proportion_test(238, 1000, 306, 1000);
        assert!(close(t.rate_a.unwrap(), 0.238, 1e-12));
        assert!(close(t.rate_b.unwrap(), 0.306, 1e-12));
        assert!(close(t.difference.unwrap(), 0.068, 1e-12));
        assert!(close(t.relative_difference.unwrap(), 0.068 / 0.238, 1e-12));
        assert!(close(t.z.unwrap(), 3.416_990_514, 1e-6));
        assert!(close(t.p_value.unwrap(), 0.000_633_174_857, 1e-9));
        assert!(close(t.ci95_low.unwrap(), 0.029_109_652, 1e-8));
        assert!(close(t.ci95_high.unwrap(), 0.106_890_348, 1e-8));
    }

    #[test]
    fn two_proportion_degenerate_inputs() {
        let empty = two_proportion_test(0, 0, 5, 10);
        assert_eq!(empty.rate_a, None);
        assert_eq!(empty.rate_b, Some(0.5));
        assert_eq!(empty.p_value, None);
        assert_eq!(empty.ci95_low, None);
        assert_eq!(empty.difference, None);

        // Both sides at 0 %: no pooled variance, no test; relative lift undefined.
        let zero = two_proportion_test(0, 100, 0, 100);
        assert_eq!(zero.p_value, None);
        assert_eq!(zero.relative_difference, None);
        assert_eq!(zero.difference, Some(0.0));

        // Identical rates: z = 0, p = 1.
        let same = two_proportion_test(10, 100, 20, 200);
        assert!(close(same.p_value.unwrap(), 1.0, 1e-12));
        for v in [same.z, same.ci95_low, same.ci95_high]
            .into_iter()
            .flatten()
        {
            assert!(v.is_finite());
        }
    }

    #[test]
    fn wilson_edges() {
        assert_eq!(wilson_interval(Proportion::new(0, 0), 0.05), None);
        assert_eq!(wilson_interval(Proportion::new(3, 10), 0.0), None);
        assert_eq!(wilson_interval(Proportion::new(3, 10), 1.0), None);
        // No successes: the interval starts at 0; all successes: it ends at 1.
        let none = wilson_interval(Proportion::new(0, 50), 0.05).unwrap();
        assert_eq!(none.low, 0.0);
        assert!(none.high > 0.0 && none.high < 0.1);
        let all = wilson_interval(Proportion::new(50, 50), 0.05).unwrap();
        assert_eq!(all.high, 1.0);
        assert!(all.low > 0.9 && all.low < 1.0);
        // More successes than trials are clamped.
        assert_eq!(
            wilson_interval(Proportion::new(70, 50), 0.05),
            wilson_interval(Proportion::new(50, 50), 0.05)
        );
        assert_eq!(Proportion::new(7, 5).rate(), Some(1.0));
    }
}
