//! Control against treatment: the difference and the relative lift with their intervals, and a
//! test statistic with its two-sided p-value, for rates (pooled z-test) and for means (Welch).

use serde::Serialize;

use crate::dist::{t_quantile, t_two_sided_p};
use crate::normal::{two_sided_p, z_two_sided};
use crate::proportion::pooled_z;
use crate::{Interval, Proportion, Summary, in_unit_interval, positive_finite};

/// One comparison of a treatment with the control.
///
/// `abs_lift = treatment - control`; `rel_lift = treatment / control - 1` (absent when the
/// control is 0). Intervals have level `1 - alpha`; each is absent when its standard error is 0
/// or not defined (fewer than two values, an arm with no trials).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Comparison {
    /// The control's rate or mean; 0 when the control has no trials or values.
    pub control: f64,
    /// The treatment's rate or mean; 0 when it has no trials or values.
    pub treatment: f64,
    pub abs_lift: Option<f64>,
    pub abs_ci: Option<Interval>,
    pub rel_lift: Option<f64>,
    /// Delta-method interval for the relative lift on the normal quantile:
    /// `Var ≈ var_t/c² + t² var_c/c⁴`, with `var_*` the variances of the two estimates.
    pub rel_ci: Option<Interval>,
    /// z (proportions, pooled) or Welch's t (means).
    pub statistic: Option<f64>,
    /// Two-sided p-value of `statistic`.
    pub p_value: Option<f64>,
}

impl Comparison {
    fn undefined(control: f64, treatment: f64) -> Comparison {
        Comparison {
            control,
            treatment,
            abs_lift: None,
            abs_ci: None,
            rel_lift: None,
            rel_ci: None,
            statistic: None,
            p_value: None,
        }
    }

    /// The lifts of two defined estimates; their intervals when `variances` (of the control's and
    /// the treatment's estimate) are known: `abs_crit` the critical value for the difference,
    /// `rel_crit` the one for the relative lift.
    fn lifts(
        control: f64,
        treatment: f64,
        variances: Option<(f64, f64)>,
        abs_crit: Option<f64>,
        rel_crit: Option<f64>,
    ) -> Comparison {
        let mut out = Comparison::undefined(control, treatment);
        let diff = treatment - control;
        out.abs_lift = Some(diff);
        let se = variances
            .map(|(vc, vt)| (vc + vt).sqrt())
            .filter(|se| *se > 0.0);
        out.abs_ci = se
            .zip(abs_crit)
            .map(|(se, crit)| Interval::around(diff, crit * se));
        if control != 0.0 {
            let rel = treatment / control - 1.0;
            out.rel_lift = Some(rel);
            let c2 = control * control;
            let rel_se = variances
                .map(|(vc, vt)| (vt / c2 + treatment * treatment * vc / (c2 * c2)).sqrt())
                .filter(|se| positive_finite(*se));
            out.rel_ci = rel_se
                .zip(rel_crit)
                .map(|(se, crit)| Interval::around(rel, crit * se));
        }
        out
    }
}

/// Rates of control and treatment: the difference with an unpooled Wald interval, the relative
/// lift with a delta-method interval (both on the normal quantile), and the pooled z-test (as
/// statsmodels' `proportions_ztest([treatment, control])`). Without trials on a side, only the
/// rates are given (0 for the empty side).
pub fn compare_proportions(control: Proportion, treatment: Proportion, alpha: f64) -> Comparison {
    let (Some(pc), Some(pt), Some(vc), Some(vt)) = (
        control.rate(),
        treatment.rate(),
        control.rate_variance(),
        treatment.rate_variance(),
    ) else {
        return Comparison::undefined(
            control.rate().unwrap_or(0.0),
            treatment.rate().unwrap_or(0.0),
        );
    };
    let z = z_two_sided(alpha);
    let mut out = Comparison::lifts(pc, pt, Some((vc, vt)), z, z);
    out.statistic = pooled_z(control, treatment);
    out.p_value = out.statistic.map(two_sided_p);
    out
}

/// Means of control and treatment (revenue per exposed shopper): Welch's t-test with the
/// Welch–Satterthwaite degrees of freedom (as scipy's `ttest_ind_from_stats(equal_var=False)`),
/// the difference with a t-quantile interval on those degrees of freedom, and the relative lift
/// with a delta-method interval on the normal quantile. The test and the intervals need two
/// values on each side and a non-zero standard error; the lifts need one.
pub fn compare_means(control: &Summary, treatment: &Summary, alpha: f64) -> Comparison {
    if control.n == 0 || treatment.n == 0 {
        return Comparison::undefined(control.mean, treatment.mean);
    }
    let variances = control.mean_variance().zip(treatment.mean_variance());
    let welch = variances.and_then(|(vc, vt)| {
        let se2 = vc + vt;
        let df_den = vc * vc / (control.n - 1) as f64 + vt * vt / (treatment.n - 1) as f64;
        (se2 > 0.0 && df_den > 0.0).then(|| (se2.sqrt(), se2 * se2 / df_den))
    });
    let t_crit = welch
        .filter(|_| in_unit_interval(alpha))
        .and_then(|(_, df)| t_quantile(alpha / 2.0, df))
        .map(|t| -t);
    let mut out = Comparison::lifts(
        control.mean,
        treatment.mean,
        variances,
        t_crit,
        z_two_sided(alpha),
    );
    if let Some((se, df)) = welch {
        let t = (treatment.mean - control.mean) / se;
        out.statistic = Some(t);
        out.p_value = t_two_sided_p(t, df);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proportions_degenerate_arms() {
        let empty = compare_proportions(Proportion::new(0, 0), Proportion::new(5, 10), 0.05);
        assert_eq!(empty, Comparison::undefined(0.0, 0.5));
        // Both at 0 %: a difference of 0 but no variance, so no interval and no test.
        let zeros = compare_proportions(Proportion::new(0, 100), Proportion::new(0, 80), 0.05);
        assert_eq!(zeros.abs_lift, Some(0.0));
        assert_eq!(
            (zeros.abs_ci, zeros.rel_lift, zeros.statistic),
            (None, None, None)
        );
        // A control at 0 % and a treatment above: no relative lift, the rest defined.
        let from_zero = compare_proportions(Proportion::new(0, 100), Proportion::new(4, 100), 0.05);
        assert_eq!((from_zero.rel_lift, from_zero.rel_ci), (None, None));
        assert!(from_zero.abs_ci.is_some() && from_zero.p_value.is_some());
        // Both at 100 %.
        let all = compare_proportions(Proportion::new(9, 9), Proportion::new(4, 4), 0.05);
        assert_eq!((all.abs_lift, all.rel_lift), (Some(0.0), Some(0.0)));
        assert_eq!((all.abs_ci, all.rel_ci, all.p_value), (None, None, None));
        // A level outside (0, 1): the test, no intervals.
        let bad_alpha =
            compare_proportions(Proportion::new(10, 100), Proportion::new(20, 100), 0.0);
        assert_eq!((bad_alpha.abs_ci, bad_alpha.rel_ci), (None, None));
        assert!(bad_alpha.p_value.is_some());
    }

    #[test]
    fn means_degenerate_arms() {
        let none = Summary::of([]);
        let some = Summary::of([1.0, 2.0, 4.0]);
        assert_eq!(
            compare_means(&none, &some, 0.05),
            Comparison::undefined(0.0, some.mean)
        );
        // One value on a side: lifts, but no variance for that side, so no test.
        let one = Summary::of([2.0]);
        let c = compare_means(&one, &some, 0.05);
        assert_eq!(c.abs_lift, Some(some.mean - 2.0));
        assert_eq!(
            (c.abs_ci, c.rel_ci, c.statistic, c.p_value),
            (None, None, None, None)
        );
        // No spread on either side: no standard error.
        let flat = compare_means(
            &Summary::of([3.0, 3.0]),
            &Summary::of([5.0, 5.0, 5.0]),
            0.05,
        );
        assert_eq!(flat.abs_lift, Some(2.0));
        assert_eq!((flat.abs_ci, flat.statistic), (None, None));
        // A control mean of 0: no relative lift.
        let zero = compare_means(&Summary::of([0.0, 0.0, 0.0]), &some, 0.05);
        assert_eq!((zero.rel_lift, zero.rel_ci), (None, None));
        assert!(zero.p_value.is_some() && zero.abs_ci.is_some());
    }
}
