//! Simulated shoppers who visit a running shop over HTTP as browsers do — cookies, CSRF tokens,
//! the links on the page — each with hidden tastes, choosing among the cards the pages actually
//! show them. What they like comes from the caller (the shop's generative model, through
//! [`Shopper`]); how they browse is this crate's ([`Params`]); the shop itself records every
//! event. RecSim (user model + choice model + document model) and RecoGym are the references.
//!
//! - [`page`]: what a shopper reads off a page (shelves, cards, forms, the emulated shopper).
//! - [`choice`]: attention by position, the multinomial logit with a no-click option.
//! - [`browser`]: one shopper's browser (cookie jar, redirects, timings, the simulation header).
//! - [`session`]: one visit, from arrival to order or leaving.
//! - [`crowd`]: many shoppers at once, with running totals and a report.

pub mod browser;
pub mod choice;
pub mod crowd;
pub mod page;
pub mod params;
pub mod session;

pub use browser::{SIMULATION_HEADER, sanitize_label, valid_label};
pub use crowd::{Crowd, CrowdError, Report, Totals};
pub use params::Params;
pub use seeded_rng::Rng;

/// What one product is to one shopper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judgement {
    /// The shopper's utility for it: log-odds against an average item of the catalog (before
    /// the session's mood, the per-item noise and the revisit penalty, which the session adds).
    pub utility: f64,
    /// In dollars.
    pub price: f64,
    /// Which of the shopper's interests (an index into [`Shopper::interests`]) it belongs to.
    pub interest: Option<usize>,
}

/// One interest: a category's URL name with its weight, and words a shopper would search for.
#[derive(Debug, Clone, PartialEq)]
pub struct Interest {
    pub category: String,
    pub weight: f64,
    pub search_terms: Vec<String>,
}

/// A shopper's hidden tastes, as the caller's generative model sets them.
pub trait Shopper: Send + Sync {
    /// The store's shopper to emulate through the profile page; `None` for an anonymous visitor.
    fn emulate(&self) -> Option<&str>;
    /// The shopper's interests, the first strongest.
    fn interests(&self) -> &[Interest];
    /// The discount persona (price sensitivity comes from it through [`Params`]).
    fn discount_persona(&self) -> &str;
    /// What the shopper makes of a product the page shows; `None` for a product the simulator
    /// does not know (the shop serves a different catalog).
    fn judge(&self, product_id: &str) -> Option<Judgement>;
    /// Values for the checkout form's fields the page leaves empty (name, email, address).
    fn checkout_details(&self) -> Vec<(String, String)>;
    /// Seeds the shopper's fixed per-item taste noise: the same for the same shopper in every
    /// visit and run.
    fn noise_seed(&self) -> u64;
}

/// Where shoppers come from: the `index`-th shopper of a run, drawn with `rng` (which the
/// session goes on using, so a run repeats for a seed).
pub trait Population: Send + Sync + 'static {
    type Shopper: Shopper + 'static;
    fn shopper(&self, index: u64, params: &Params, rng: &mut Rng) -> Self::Shopper;
}
