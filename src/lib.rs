//! storefront: a personalization storefront. docs/ARCHITECTURE.md is the map of the code; DESIGN.md
//! (in the shared folder) holds the principles and the contract.

pub mod accounts;
pub mod analytics;
pub mod app;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod eval;
pub mod events;
pub(crate) mod hash;
pub mod recs;
pub mod rng;
pub mod search;
pub mod seedgen;
pub mod shop;
pub mod simulate;
pub mod web;
