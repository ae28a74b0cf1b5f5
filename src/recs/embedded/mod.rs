//! The embedded personalization engine.

pub mod algorithms;
pub mod ease;
pub mod topk;

/// EASE's L2 regularisation (tuned with `storefront eval`; see docs/BENCHMARKS.md).
pub const DEFAULT_LAMBDA: f64 = 250.0;
/// Weights kept per item when serving.
pub const DEFAULT_KEEP: usize = 256;
