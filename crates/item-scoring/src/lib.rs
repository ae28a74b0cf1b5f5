//! Item-to-item scoring, the part of the embedded engine that both serves the shop and is measured
//! offline: EASE fitted in closed form (`ease`, with the weighted Gram, EDLAE regularisation and popularity
//! discount of `ease_params`), a shopper's history folded into one weight per
//! item and scored through the item weights (`history`), and top-n and softmax over the scores
//! (`topk`). Nothing here knows the catalog, events or the database; the shop's engine and
//! `storefront eval` both call these same functions, so the numbers eval reports are those of the
//! code that serves.

pub mod ease;
pub mod ease_params;
pub mod history;
pub mod sparse;
pub mod topk;

pub use ease::{ItemWeights, fit, fit_gram, fit_gram_with, gram, keep_strongest};
pub use ease_params::{EaseParams, GramWeighting, Regularization, fit_histories, weighted_gram};
pub use history::{ItemHistory, Reached, SOURCES_TRACKED_UP_TO, UNTRACKED};
pub use sparse::{Interactions, NeighbourhoodParams, SparseGram, fit_neighbourhoods};
pub use topk::{softmax, top_n};

/// faer's dense matrix, as [`gram`] returns it (so callers need not name faer themselves).
pub use faer::Mat;
