//! Experiments between recommendation strategies on the shop's shelves: A/B tests, interleaving
//! and Thompson-sampling bandits.
//!
//! - `definition`: what an experiment is and the file that creates one (checked field by field);
//! - `manage`: create / start / stop / list, for the operator pages and the CLI;
//! - `assign`: the salted hash that gives every shopper a sticky variation;
//! - `strategies`: what each strategy answers on each kind of shelf;
//! - `interleave`: team-draft and balanced merging of two rankings;
//! - `correlation`: the id a card's link carries to the view event;
//! - `runtime`: the experiments while the shop serves (assignment, exposure, attribution, the
//!   bandits' allocations);
//! - `results`: exposures and outcomes counted from the event table, and their statistics.

pub mod assign;
pub mod correlation;
pub mod definition;
pub mod interleave;
pub mod manage;
pub mod results;
pub mod runtime;
pub mod strategies;

pub use definition::{
    Experiment, ExperimentId, ExperimentSpec, Kind, Metric, SpecError, Status, Strategy,
};
pub use manage::ManageError;
pub use results::ExperimentResults;
pub use runtime::{Experiments, RuntimeSettings, ShelfAnswer, Shown};
pub use strategies::{Ask, Strategies};
