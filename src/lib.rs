//! storefront: a personalization storefront. docs/ARCHITECTURE.md is the map of the code; DESIGN.md
//! (in the shared folder) holds the principles and the contract.

pub mod accounts;
pub mod analytics;
pub mod app;
pub mod catalog;
pub mod cli;
/// Time, once (a crate of its own: the offline evaluation reads times with it too).
pub use utc_clock as clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod events;
pub mod experiments;
pub(crate) mod hash;
pub mod recs;
/// The deterministic generator (a crate of its own: the seed generator uses it too).
pub use seeded_rng as rng;
pub mod search;
pub mod shop;
pub mod simulate;
pub mod web;
