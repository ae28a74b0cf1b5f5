//! Product analytics: conversion funnels with period and segment comparison, following
//! Amplitude's definitions (see docs/FUNNELS.md).
//!
//! Entry points: [`compute_funnel`] for one funnel, [`compare_funnels`] for two periods or
//! segments, [`compare_groups`] for two groups of one grouped report.

pub mod compare;
pub mod filter;
pub mod funnel;
pub mod live;
pub mod property;
pub mod query;
pub mod report;
pub mod rows;
pub mod stats;

#[cfg(test)]
pub(crate) mod testkit;

pub use compare::{
    Assignment, Comparison, ComparisonRequest, ComparisonSide, FunnelComparison, SideSummary,
    compare_funnel_rows, compare_funnels, compare_groups, compare_results,
};
pub use filter::{Condition, NONE_LABEL, PropertyFilter};
pub use funnel::{compute_funnel, compute_funnel_rows};
pub use live::LiveActivity;
pub use property::{PropertyName, PropertyNameError};
pub use query::{Field, FunnelError, FunnelEvent, FunnelQuery, FunnelStep, MAX_STEPS};
pub use report::{FunnelReport, FunnelResult, GroupResult, StepResult};
pub use rows::{FunnelRowRef, FunnelRows};
pub use stats::{ProportionTest, erfc, median, normal_cdf, two_proportion_test, two_sided_p};
pub mod spec;
pub use spec::{FunnelSpec, Question};
