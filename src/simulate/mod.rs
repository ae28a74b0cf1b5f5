//! Synthetic shopper behaviour: the interaction history the seed step writes, generated from the
//! shoppers' personas as the Retail Demo Store's generator does, and the data simulator
//! (`storefront simulate`) that plays funnel scenarios for the analytics workshop.

mod history;
mod scenario;
mod sessions;

pub use history::{HistoryGenerator, HistoryOptions};
pub use scenario::{BUILTIN, Funnel, FunnelDef, Scenario, ScenarioError, Step, StepDef};
pub use sessions::{SimulationOptions, Simulator};
