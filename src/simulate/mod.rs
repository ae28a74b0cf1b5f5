//! Synthetic shopper behaviour: the interaction history the seed step writes, generated from the
//! shoppers' personas as the Retail Demo Store's generator does, and the data simulator
//! (`storefront simulate`) that plays funnel scenarios for the analytics workshop; `taste.rs` is the
//! generative model both the history and the simulated shoppers (`storefront shoppers`) draw from.

mod draw;
mod history;
mod scenario;
mod sessions;
mod shoppers;
pub mod taste;

pub use history::{HistoryGenerator, HistoryOptions};
pub use scenario::{BUILTIN, Funnel, FunnelDef, Scenario, ScenarioError, Step, StepDef};
pub use sessions::{SimulationOptions, Simulator};
pub use shoppers::{OFF_INTEREST, ShopPopulation, SimulatedShopper};
