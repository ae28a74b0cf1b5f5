//! The embedded personalization engine: what Amazon Personalize does for the Retail Demo Store,
//! in-process. EASE for user recommendations and ranking, co-interactions blended with metadata
//! for similar items, decayed popularity and trending, and each shopper's live events folded in
//! at request time. The item-to-item scoring itself is the `item_scoring` crate's, shared with
//! the offline evaluation (`offline_eval`).

mod balance;
mod budget;
mod engine;
mod live;
mod memo;
pub mod model;
mod scoring;
mod served;
pub mod service;
pub mod similar;
pub mod train;

pub use balance::StyleCounts;
pub use engine::EmbeddedRecommender;
pub use model::Model;
pub use train::{TrainParams, train};

/// EASE's L2 regularisation (tuned with `storefront eval`; see docs/BENCHMARKS.md): the
/// engine's setting's default, which the settings own.
pub const DEFAULT_LAMBDA: f64 = crate::config::DEFAULT_EASE_LAMBDA;
/// Weights kept per item when serving.
pub const DEFAULT_KEEP: usize = 256;
