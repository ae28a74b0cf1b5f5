//! Sample-ratio mismatch: are the shoppers split across variations as the weights say? Pearson's
//! chi-square goodness of fit (as scipy's `chisquare(observed, expected)`).

use serde::Serialize;

use crate::dist::chi2_sf;
use crate::positive_finite;

/// Pearson's statistic, its degrees of freedom (variations - 1) and its p-value. A p-value
/// below 0.001 is the usual sign that assignment or exposure logging is broken.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Srm {
    pub chi2: f64,
    pub df: u32,
    pub p_value: f64,
}

/// The check of `observed` counts against `weights` (any positive scale: they are normalized).
/// `None` unless there are as many weights as counts, at least two of each, every weight is
/// positive and finite, and some count is not 0.
pub fn srm(observed: &[u64], weights: &[f64]) -> Option<Srm> {
    if observed.len() != weights.len() || observed.len() < 2 {
        return None;
    }
    if !weights.iter().all(|w| positive_finite(*w)) {
        return None;
    }
    let total: u64 = observed.iter().sum();
    let weight_sum: f64 = weights.iter().sum();
    if total == 0 || !weight_sum.is_finite() {
        return None;
    }
    let chi2 = observed
        .iter()
        .zip(weights)
        .map(|(&o, &w)| {
            let expected = total as f64 * w / weight_sum;
            (o as f64 - expected).powi(2) / expected
        })
        .sum::<f64>();
    let df = u32::try_from(observed.len() - 1).ok()?;
    Some(Srm {
        chi2,
        df,
        p_value: chi2_sf(chi2, df),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_perfect_split_and_the_refusals() {
        let even = srm(&[500, 500], &[1.0, 1.0]).unwrap();
        assert_eq!((even.chi2, even.df, even.p_value), (0.0, 1, 1.0));
        // Weights on any scale.
        assert_eq!(
            srm(&[300, 100], &[3.0, 1.0]),
            srm(&[300, 100], &[0.75, 0.25])
        );
        assert_eq!(srm(&[5], &[1.0]), None);
        assert_eq!(srm(&[5, 5], &[1.0]), None);
        assert_eq!(srm(&[0, 0], &[1.0, 1.0]), None);
        assert_eq!(srm(&[5, 5], &[1.0, 0.0]), None);
        assert_eq!(srm(&[5, 5], &[1.0, f64::NAN]), None);
        assert_eq!(srm(&[5, 5], &[1.0, -1.0]), None);
    }
}
