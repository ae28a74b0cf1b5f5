//! One integration-test binary: the real server on port 0, driven over HTTP and the CLI.

// Helpers outside #[test] functions (fake servers, waits) panic on a broken fixture by design:
// a panic is how a test fails.
#![allow(clippy::unwrap_used)]

mod accounts;
mod amplitude;
mod analytics;
mod balance;
mod browser;
mod cart;
mod catalog;
mod catalog_source;
mod cli;
mod engine;
mod eval;
mod events;
mod experiments;
mod fake_amplitude;
mod fake_personalize;
mod funnel_column;
mod fuzz;
mod helpers;
mod history;
mod instances;
mod page;
mod pages;
mod personalize;
mod presenter_pages;
mod presenting;
mod profile;
mod promotions;
mod reliability;
mod scale;
mod search;
mod security;
mod settings;
mod shoppers;
mod stock;
mod testdb;
mod webdriver;
