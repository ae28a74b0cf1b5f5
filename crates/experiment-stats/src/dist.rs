//! Tails and quantiles of Student's t and the chi-square distribution.
//!
//! statrs gives the regularized incomplete beta and gamma functions. Its incomplete beta takes
//! the log of the beta function as a difference of log-gammas, which loses digits as the degrees
//! of freedom grow (1e-8 at 10⁷, wrong past 10¹²), and its inverse is a few per cent off from
//! 10⁵ on. So: from `LARGE_DF` degrees of freedom the t tail is the normal's with Fisher's first
//! correction, `P(T > t) ≈ Q(t) + φ(t)(t³ + t)/(4ν)` (error about 2e-13 at 10⁶, less beyond), and
//! quantiles are found by Newton's method on the tail, from statrs' inverse (small ν) or the
//! Cornish–Fisher expansion (large ν) as the first guess. statrs panics outside its domain, so
//! every call is guarded first.

use statrs::function::beta::{beta_reg, inv_beta_reg};
use statrs::function::gamma::{gamma_ur, ln_gamma};

use crate::normal::{erfc, normal_quantile};
use crate::{in_unit_interval, positive_finite};

/// Degrees of freedom from which the t distribution is taken through its expansion about the
/// normal.
const LARGE_DF: f64 = 1e6;

/// Two-sided tail of Student's t with `df` degrees of freedom, `P(|T| ≥ |t|)`. `None` unless `t`
/// is finite and `df` positive and finite.
pub fn t_two_sided_p(t: f64, df: f64) -> Option<f64> {
    (t.is_finite() && positive_finite(df)).then(|| (2.0 * upper_tail(t.abs(), df)).min(1.0))
}

/// Quantile of Student's t with `df` degrees of freedom: the `t` with `P(T ≤ t) = p`. `None`
/// unless `0 < p < 1` and `df` is positive and finite (fractional `df`, as Welch's, is fine).
pub fn t_quantile(p: f64, df: f64) -> Option<f64> {
    if !(in_unit_interval(p) && positive_finite(df)) {
        return None;
    }
    if p == 0.5 {
        return Some(0.0);
    }
    let tail = p.min(1.0 - p);
    let mut t = first_guess(tail, df)?;
    // The upper tail is convex and decreasing for t > 0, so Newton's steps home in; one that
    // would cross 0 halves t instead.
    for _ in 0..100 {
        let step = (upper_tail(t, df) - tail) / density(t, df);
        if !step.is_finite() {
            break;
        }
        let next = if t + step > 0.0 { t + step } else { t / 2.0 };
        let done = (next - t).abs() <= 1e-15 * next.max(1.0);
        t = next;
        if done {
            break;
        }
    }
    t.is_finite().then_some(if p < 0.5 { -t } else { t })
}

/// Chi-square survival function `P(X ≥ x)` with `df` degrees of freedom: the regularized upper
/// incomplete gamma `Q(df/2, x/2)`. 1 for `x ≤ 0` or NaN, 0 for `x = ∞`; for `df = 0` (all mass
/// at 0), 0 for any `x > 0`.
pub fn chi2_sf(x: f64, df: u32) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return 1.0;
    }
    if df == 0 || x == f64::INFINITY {
        return 0.0;
    }
    let q = gamma_ur(f64::from(df) / 2.0, x / 2.0);
    if q.is_nan() { 0.0 } else { q.clamp(0.0, 1.0) }
}

/// `P(T > t)` for `t ≥ 0`.
fn upper_tail(t: f64, df: f64) -> f64 {
    if df >= LARGE_DF {
        let phi = (-t * t / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
        return (0.5 * erfc(t / std::f64::consts::SQRT_2) + phi * (t * t * t + t) / (4.0 * df))
            .clamp(0.0, 0.5);
    }
    // P(|T| > t) = I_x(ν/2, 1/2) with x = ν/(ν + t²) = 1 - y. For small t, x is near 1 and
    // 1 - x loses digits inside the incomplete beta, so take the complement I_y(1/2, ν/2).
    let t2 = t * t;
    let y = t2 / (df + t2);
    let two_sided = if y < 0.5 {
        1.0 - beta_reg(0.5, df / 2.0, y)
    } else {
        beta_reg(df / 2.0, 0.5, df / (df + t2))
    };
    (two_sided / 2.0).clamp(0.0, 0.5)
}

/// The t density at `t` (the normal's past `LARGE_DF`, close enough for Newton's steps).
fn density(t: f64, df: f64) -> f64 {
    if df >= LARGE_DF {
        return (-t * t / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
    }
    let log = ln_gamma((df + 1.0) / 2.0)
        - ln_gamma(df / 2.0)
        - 0.5 * (df * std::f64::consts::PI).ln()
        - (df + 1.0) / 2.0 * (t * t / df).ln_1p();
    log.exp()
}

/// A first guess for the positive `t` with `P(T > t) = tail` (`tail < 1/2`).
fn first_guess(tail: f64, df: f64) -> Option<f64> {
    let z = -normal_quantile(tail)?;
    if df >= LARGE_DF {
        // Cornish–Fisher (Abramowitz and Stegun 26.7.5), two terms.
        let z3 = z * z * z;
        let z5 = z3 * z * z;
        return Some(
            z + (z3 + z) / (4.0 * df) + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * df * df),
        );
    }
    let x = inv_beta_reg(df / 2.0, 0.5, 2.0 * tail);
    let t = (df * (1.0 - x) / x).sqrt();
    Some(if t.is_finite() && t > 0.0 { t } else { z })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_forms() {
        // df = 2: the chi-square tail is exp(-x/2).
        for x in [0.1, 1.0, 5.0, 20.0, 60.0] {
            let want = (-x / 2.0_f64).exp();
            assert!((chi2_sf(x, 2) - want).abs() < want * 1e-12, "x = {x}");
        }
        // df = 1: Cauchy, P(|T| ≥ t) = 1 - 2 atan(t)/π, quantile tan(π(p - 1/2)).
        for t in [0.3_f64, 1.0, 12.7] {
            let want = 1.0 - 2.0 * t.atan() / std::f64::consts::PI;
            assert!((t_two_sided_p(t, 1.0).unwrap() - want).abs() < 1e-12);
        }
        for p in [0.0005, 0.01, 0.3, 0.8, 0.975] {
            let want = (std::f64::consts::PI * (p - 0.5)).tan();
            assert!((t_quantile(p, 1.0).unwrap() - want).abs() < 1e-9 * want.abs().max(1.0));
        }
    }

    #[test]
    fn quantiles_invert_tails_on_both_sides_of_large_df() {
        for df in [1.5, 7.0, 999_999.0, 1e6, 1e9, 1e15] {
            for p in [1e-6, 0.0005, 0.025, 0.2, 0.45] {
                let t = t_quantile(p, df).unwrap();
                let back = t_two_sided_p(t, df).unwrap() / 2.0;
                assert!(
                    (back - p).abs() <= 1e-12_f64.max(p * 1e-9),
                    "df {df} p {p}: {back}"
                );
            }
        }
        // Near the switch the two ways agree.
        let below = t_two_sided_p(2.0, LARGE_DF * (1.0 - 1e-9)).unwrap();
        let above = t_two_sided_p(2.0, LARGE_DF).unwrap();
        assert!((below - above).abs() < 1e-10, "{below} vs {above}");
    }

    #[test]
    fn outside_the_domain() {
        assert_eq!(chi2_sf(0.0, 3), 1.0);
        assert_eq!(chi2_sf(-1.0, 3), 1.0);
        assert_eq!(chi2_sf(f64::NAN, 3), 1.0);
        assert_eq!(chi2_sf(f64::INFINITY, 3), 0.0);
        assert_eq!(chi2_sf(2.0, 0), 0.0);
        assert_eq!(t_quantile(0.5, 7.0), Some(0.0));
        for (p, df) in [
            (0.0, 3.0),
            (1.0, 3.0),
            (0.2, 0.0),
            (0.2, f64::INFINITY),
            (f64::NAN, 3.0),
        ] {
            assert_eq!(t_quantile(p, df), None);
        }
        assert_eq!(t_two_sided_p(f64::NAN, 3.0), None);
        assert_eq!(t_two_sided_p(1.0, -1.0), None);
        assert_eq!(t_two_sided_p(0.0, 3.0), Some(1.0));
    }
}
