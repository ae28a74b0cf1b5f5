//! Offline evaluation of recommendation algorithms — the engine behind `storefront eval`.
//!
//! Two protocols are implemented, each reproducing a published reference so that numbers from this
//! engine can be set beside numbers from that reference:
//!
//! * [`Protocol::Personalize`] — the protocol Amazon Personalize documents for its solution-version
//!   metrics ("Evaluating a solution version with metrics", Amazon Personalize developer guide):
//!   90 % of users train, the other 10 % are test users whose oldest 90 % of interactions are the
//!   input and whose newest 10 % are the truth; top 25, Personalize's metric names. See
//!   [`split::personalize_split`] for the exact rules and the choices the guide leaves open.
//! * [`Protocol::MsRecommenders`] — the microsoft/recommenders MovieLens benchmark:
//!   `python_stratified_split(data, ratio=0.75, seed)`, top 10 with seen items removed, and the
//!   metric definitions of `recommenders/evaluation/python_evaluation.py`. The split reproduces
//!   that library's random draws exactly (numpy's MT19937), so with seed 42 on MovieLens-100k the
//!   train/test sets are the very ones behind its published numbers (74,992 / 25,008 ratings).
//!   See [`split::stratified_split`] (and [`split::stratified_split_ranked`] for the library's
//!   current splitter, which draws differently).
//!
//! Algorithms plug in through [`Algorithm`]; [`Popularity`] is the baseline. Metric functions are
//! in [`metrics`]; the loader for CSV/TSV interaction files in [`data`].

pub mod algorithms;
pub mod data;
pub mod metrics;
mod mt;
pub mod popularity;
mod run;
pub mod seeds;
pub mod split;

#[cfg(test)]
mod tests;

pub use algorithms::{Ease, ItemKnn, NeighbourhoodEase};
pub use data::{
    Dataset, LoadOptions, Loaded, event_weight, load_interactions, load_interactions_with,
};
pub use popularity::Popularity;
pub use run::{evaluate, evaluate_split, format_table, list_length, make_split, short_metric_name};
pub use seeds::{AcrossSeeds, SeedResult, evaluate_seeds, format_seeds_table, parse_seeds};
pub use split::{Split, TestCase};

use std::collections::BTreeMap;

/// One interaction: dense user and item indices, UTC seconds (or any monotone number), and a weight
/// (rating or event weight; 1.0 if none).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexedInteraction {
    pub user: u32,
    pub item: u32,
    pub timestamp: i64,
    pub weight: f32,
}

/// What an algorithm sees for training: the training interactions over the full index space
/// (`n_users`/`n_items` are the dataset's, so indices seen only in test data are still in range).
#[derive(Debug, Clone, Copy)]
pub struct TrainSet<'a> {
    pub n_users: usize,
    pub n_items: usize,
    pub interactions: &'a [IndexedInteraction],
}

/// A recommendation algorithm under evaluation.
pub trait Algorithm {
    fn name(&self) -> String;
    fn fit(&mut self, train: &TrainSet<'_>);
    /// Top-n items for a shopper described only by their history (item, weight) in time order —
    /// users may be unseen in training (fold-in), as in Personalize's protocol. Never return an
    /// item in `exclude`. Return at most n, best first.
    fn recommend(
        &self,
        history: &[(u32, f32)],
        n: usize,
        exclude: &dyn Fn(u32) -> bool,
    ) -> Vec<u32>;
}

/// Which evaluation protocol [`evaluate`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// Amazon Personalize's solution-version metrics protocol (top 25, nothing excluded).
    /// Metric keys: `coverage`, `mean_reciprocal_rank_at_25`,
    /// `normalized_discounted_cumulative_gain_at_{5,10,25}`, `precision_at_{5,10,25}`.
    Personalize,
    /// microsoft/recommenders' stratified 75/25 split, top 10 with the user's training items
    /// removed. Metric keys: `normalized_discounted_cumulative_gain_at_10`, `precision_at_10`,
    /// `recall_at_10`, `map` (their `map`, normalised by the number of relevant items — the
    /// definition behind their published SAR/BPR numbers), plus `map_at_10` (their current
    /// `map_at_k`, normalised by min(k, relevant)).
    MsRecommenders,
}

impl Protocol {
    /// The CLI spelling: `personalize` or `ms-recommenders`.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Personalize => "personalize",
            Protocol::MsRecommenders => "ms-recommenders",
        }
    }
}

impl std::str::FromStr for Protocol {
    type Err = EvalError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "personalize" | "amazon" | "aws" => Ok(Protocol::Personalize),
            "ms-recommenders" | "ms" | "msr" | "recommenders" | "microsoft" => {
                Ok(Protocol::MsRecommenders)
            }
            _ => Err(EvalError::Format(format!(
                "unknown protocol {s:?} (expected `personalize` or `ms-recommenders`)"
            ))),
        }
    }
}

/// Options for [`evaluate`].
#[derive(Debug, Clone)]
pub struct EvalOptions {
    pub protocol: Protocol,
    /// Seeds the split (user shuffle for Personalize, the per-interaction draws for MS).
    pub seed: u64,
    /// Evaluate at most this many test users (the first ones in the split's order). Training data
    /// is the same with or without a cap; the cap only skips recommend() calls.
    pub max_test_users: Option<usize>,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            protocol: Protocol::Personalize,
            seed: 42,
            max_test_users: None,
        }
    }
}

/// One algorithm's results.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EvalRow {
    pub algorithm: String,
    pub metrics: BTreeMap<String, f64>,
    pub fit_seconds: f64,
    pub recommend_micros_median: f64,
    pub test_users: usize,
    /// Entries dropped from returned lists because they broke the [`Algorithm::recommend`]
    /// contract (repeated, excluded, or beyond n). 0 for a correct algorithm; omitted from JSON
    /// when 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub invalid_recommendations: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Errors from loading data or configuring an evaluation.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("line {line}: {message}")]
    Parse { line: usize, message: String },
    #[error("{0}")]
    Format(String),
}
