//! Team-draft interleaving, read per shopper: a shopper who credited more clicks to the treatment
//! ranker is a win, more to the control a loss, as many a tie. Only shoppers with at least one
//! credited click count.

use serde::Serialize;

use crate::Interval;
use crate::normal::{two_sided_p, z_two_sided};

/// The preference for the treatment: `delta = (wins + ties/2)/n - 0.5`, 0 for no preference.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct InterleavingResult {
    /// Shoppers with at least one credited click: wins + losses + ties.
    pub n: u64,
    pub delta: Option<f64>,
    pub ci: Option<Interval>,
    pub p_value: Option<f64>,
}

/// Each shopper scores 1 (win), 0.5 (tie) or 0 (loss); `delta` is their mean less 0.5. The
/// interval is `delta ± z_{1-α/2} · s/√n` with `s²` the scores' sample variance (normal
/// approximation), and the p-value is two-sided for `z = delta / (s/√n)`: the same standard error
/// and normal distribution, so `p < alpha` exactly when the interval leaves out 0 (as
/// statsmodels' `ztest(scores, value=0.5)`). `delta` needs one shopper; the interval and the
/// p-value need two and some spread in the scores (not all wins, say); the interval also needs
/// `0 < alpha < 1`.
pub fn interleaving(wins: u64, losses: u64, ties: u64, alpha: f64) -> InterleavingResult {
    let n = wins + losses + ties;
    let mut out = InterleavingResult {
        n,
        delta: None,
        ci: None,
        p_value: None,
    };
    if n == 0 {
        return out;
    }
    let nf = n as f64;
    let mean = (wins as f64 + ties as f64 / 2.0) / nf;
    let delta = mean - 0.5;
    out.delta = Some(delta);
    if n < 2 {
        return out;
    }
    let squares = wins as f64 * (1.0 - mean).powi(2)
        + ties as f64 * (0.5 - mean).powi(2)
        + losses as f64 * mean.powi(2);
    let se = (squares / (nf - 1.0) / nf).sqrt();
    if se > 0.0 {
        out.p_value = Some(two_sided_p(delta / se));
        out.ci = z_two_sided(alpha).map(|z| Interval::around(delta, z * se));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges() {
        let none = interleaving(0, 0, 0, 0.05);
        assert_eq!(
            (none.n, none.delta, none.ci, none.p_value),
            (0, None, None, None)
        );
        let one = interleaving(1, 0, 0, 0.05);
        assert_eq!((one.delta, one.ci, one.p_value), (Some(0.5), None, None));
        // All ties, or all wins: no spread, no interval.
        let ties = interleaving(0, 0, 40, 0.05);
        assert_eq!((ties.delta, ties.ci, ties.p_value), (Some(0.0), None, None));
        let wins = interleaving(25, 0, 0, 0.05);
        assert_eq!((wins.delta, wins.ci), (Some(0.5), None));
        // Balanced: no preference, p = 1.
        let even = interleaving(30, 30, 10, 0.05);
        assert_eq!(even.delta, Some(0.0));
        assert_eq!(even.p_value, Some(1.0));
        assert!(even.ci.unwrap().contains(0.0));
        // p < alpha exactly when the interval leaves out 0.
        for (w, l) in [(60, 40), (58, 42), (55, 45), (70, 30)] {
            let r = interleaving(w, l, 20, 0.05);
            assert_eq!(r.p_value.unwrap() < 0.05, !r.ci.unwrap().contains(0.0));
        }
    }
}
