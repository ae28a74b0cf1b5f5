//! The presenter's pages: a welcome that says what this shop is and where to start, and the
//! demo guide — each personalization feature, where it shows, what to click to show it, and
//! how the algorithms behind the shelves' badges work (the badges link to its sections).

use actix_web::HttpResponse;
use askama::Template;

use super::context::Ctx;
use super::error::WebError;
use super::views::{Header, render};

/// What this shop is running, read from its state so the welcome never claims a destination
/// or an engine that is not there.
pub struct Running {
    pub products: String,
    pub categories: usize,
    pub shoppers: String,
    /// Where events go (the tracker's sinks: the database, and Personalize or Amplitude when
    /// configured).
    pub destinations: Vec<&'static str>,
    pub personalize: bool,
    pub experiments: usize,
}

#[derive(Template)]
#[template(path = "welcome.html")]
pub struct WelcomePage {
    pub head: Header,
    pub running: Running,
}

#[derive(Template)]
#[template(path = "guide.html")]
pub struct GuidePage {
    pub head: Header,
    pub personalize: bool,
    /// The share of the home shelf given to promoted products, in percent.
    pub promoted_percent: u32,
}

pub async fn welcome(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let state = &ctx.state;
    let running = Running {
        products: super::views::grouped(state.catalog.len() as u64),
        categories: state.catalog.categories().count(),
        shoppers: super::views::grouped(state.shoppers.len() as u64),
        destinations: state
            .tracker
            .stats()
            .sinks
            .iter()
            .map(|s| destination_name(s.sink))
            .collect(),
        personalize: state.personalize.is_some(),
        experiments: state.experiments.running().len(),
    };
    render(&WelcomePage {
        head: ctx.header(""),
        running,
    })
}

pub async fn guide(ctx: Ctx) -> Result<HttpResponse, WebError> {
    render(&GuidePage {
        head: ctx.header(""),
        personalize: ctx.state.personalize.is_some(),
        promoted_percent: (ctx.state.promoted_share * 100.0).round() as u32,
    })
}

/// A sink's name as a presenter says it.
fn destination_name(sink: &'static str) -> &'static str {
    match sink {
        "database" => "the shop's database",
        "personalize" => "Amazon Personalize (PutEvents)",
        "amplitude" => "Amplitude",
        other => other,
    }
}
