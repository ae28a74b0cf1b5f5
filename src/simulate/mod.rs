//! Synthetic shopper behaviour: the interaction history the seed step writes, generated from the
//! shoppers' personas as the Retail Demo Store's generator does.

mod history;

pub use history::{HistoryGenerator, HistoryOptions, PERSONA_WEIGHTS};
