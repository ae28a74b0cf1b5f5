//! Summaries of a metric's values: the count, mean and sample variance in one pass, and a median.

use serde::Serialize;

/// Count, mean and sample variance (denominator `n - 1`) of a metric's values, e.g. revenue per
/// exposed shopper with a 0 for each shopper who bought nothing.
///
/// The fields are public so that a caller holding aggregates can build one directly.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    pub n: u64,
    pub mean: f64,
    /// Sample variance, `Σ(x - mean)² / (n - 1)`; 0 when `n < 2`.
    pub variance: f64,
}

impl Summary {
    /// One pass of Welford's update, stable where a sum of squares would cancel. Values that are
    /// not finite (NaN, ±∞) are skipped, so a result never holds NaN; an empty input gives
    /// `n = 0`, `mean = 0`, `variance = 0`.
    pub fn of(values: impl IntoIterator<Item = f64>) -> Summary {
        let mut n = 0_u64;
        let mut mean = 0.0;
        let mut m2 = 0.0;
        for x in values.into_iter().filter(|x| x.is_finite()) {
            n += 1;
            let delta = x - mean;
            mean += delta / n as f64;
            m2 += delta * (x - mean);
        }
        let variance = if n > 1 { m2 / (n - 1) as f64 } else { 0.0 };
        Summary { n, mean, variance }
    }

    /// The variance of the mean, `variance / n`; `None` when `n < 2` (no variance observed).
    pub fn mean_variance(&self) -> Option<f64> {
        (self.n > 1).then(|| self.variance / self.n as f64)
    }
}

/// Median of a list of values; for an even count, the mean of the two middle values.
/// Reorders `values`. `None` for an empty list.
pub fn median(values: &mut [i64]) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mid = n / 2;
    let (lower, upper, _) = values.select_nth_unstable(mid);
    let upper = *upper as f64;
    if n % 2 == 1 {
        Some(upper)
    } else {
        // The lower middle is the largest of the elements before `mid`.
        let lower = *lower.iter().max().expect("n >= 2") as f64;
        Some((lower + upper) / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welford_matches_the_two_pass_formula() {
        let values = [3.5, 0.0, 0.0, 12.25, 7.0, 0.0, 1e6 + 1.0, 1e6 - 1.0];
        let s = Summary::of(values);
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        assert_eq!(s.n, 8);
        assert!((s.mean - mean).abs() < 1e-9);
        assert!((s.variance - var).abs() < var * 1e-12);
        assert!((s.mean_variance().unwrap() - var / n).abs() < var * 1e-12);
    }

    #[test]
    fn welford_small_and_odd_inputs() {
        let empty = Summary::of([]);
        assert_eq!(
            empty,
            Summary {
                n: 0,
                mean: 0.0,
                variance: 0.0
            }
        );
        assert_eq!(empty.mean_variance(), None);
        let one = Summary::of([4.0]);
        assert_eq!((one.n, one.mean, one.variance), (1, 4.0, 0.0));
        assert_eq!(one.mean_variance(), None);
        // Non-finite values are skipped.
        let skipped = Summary::of([1.0, f64::NAN, 3.0, f64::INFINITY]);
        assert_eq!((skipped.n, skipped.mean, skipped.variance), (2, 2.0, 2.0));
        // Far from zero, Welford keeps the variance a sum of squares would lose.
        let shifted = Summary::of([1e9 + 4.0, 1e9 + 7.0, 1e9 + 13.0, 1e9 + 16.0]);
        assert!((shifted.variance - 30.0).abs() < 1e-6);
    }

    #[test]
    fn median_odd_even_empty() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [7]), Some(7.0));
        assert_eq!(median(&mut [9, 1, 5]), Some(5.0));
        // Even count: mean of the two middle values.
        assert_eq!(median(&mut [10, 1, 4, 3]), Some(3.5));
        assert_eq!(median(&mut [2, 2]), Some(2.0));
    }
}
