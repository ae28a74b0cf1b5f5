//! Small statistics kit for funnel comparisons: the complementary error function, the normal
//! CDF, a median, and the two-proportion z-test with a Wald confidence interval.
//!
//! They live in `crates/experiment-stats`, with the experiments' statistics, so one piece of code
//! serves both; their tests moved with them (`two_proportion_hand_computed_example` is in the
//! crate's `src/proportion.rs`). Nothing here returns NaN: an undefined quantity (no users on one
//! side, zero standard error) is `None`.

pub use experiment_stats::{
    ProportionTest, Z_95, erfc, median, normal_cdf, two_proportion_test, two_sided_p,
};
