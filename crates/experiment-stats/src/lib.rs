//! Statistics for the shop's experiments: per-variation rates with Wilson intervals,
//! control-versus-treatment comparisons of rates (pooled z-test) and of means (Welch's t-test),
//! always-valid sequential inference (mSPRT), the sample-ratio-mismatch check, sample size and
//! power for two proportions, Thompson sampling (P(best) and allocation) and interleaving.
//!
//! Everything is a pure function of counts or summaries, in `f64`. Nothing returns NaN: an
//! undefined quantity (an arm without trials, a zero standard error, a level outside (0, 1)) is
//! `None`. `alpha` is always the two-sided error rate: intervals have level `1 - alpha`.
//!
//! Reference values for the tests come from scipy and statsmodels (`fixtures/make_fixtures.py`
//! writes `fixtures/reference.json`; `tests/reference.rs` reads it).

mod bandit;
mod compare;
mod dist;
mod interleaving;
mod normal;
mod power;
mod proportion;
mod sequential;
mod srm;
mod summary;

use serde::Serialize;

pub use bandit::{probability_best, thompson_allocation};
pub use compare::{Comparison, compare_means, compare_proportions};
pub use dist::{chi2_sf, t_quantile, t_two_sided_p};
pub use interleaving::{InterleavingResult, interleaving};
pub use normal::{Z_95, erfc, normal_cdf, normal_quantile, two_sided_p};
pub use power::{Effect, power_proportions, sample_size_proportions};
pub use proportion::{Proportion, ProportionTest, two_proportion_test, wilson_interval};
pub use sequential::{Sequential, mixing_variance, msprt_means, msprt_proportions};
pub use srm::{Srm, srm};
pub use summary::{Summary, median};

/// A confidence interval `[low, high]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl Interval {
    /// `center ± half_width`.
    pub(crate) fn around(center: f64, half_width: f64) -> Interval {
        Interval {
            low: center - half_width,
            high: center + half_width,
        }
    }

    /// Whether `x` lies in the closed interval.
    pub fn contains(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }
}

/// `0 < x < 1`, false for NaN: a level `alpha`, a power, a rate that is not certain.
pub(crate) fn in_unit_interval(x: f64) -> bool {
    x > 0.0 && x < 1.0
}

/// `0 < x < ∞`, false for NaN: a variance or degrees of freedom that can be used.
pub(crate) fn positive_finite(x: f64) -> bool {
    x > 0.0 && x.is_finite()
}
