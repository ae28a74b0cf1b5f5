//! storefront: a personalization storefront. See DESIGN.md in the shared folder for the map.

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
