//! The presenter's event view: the events this browser session produced, newest first. The
//! reference shows them in the browser's network tab; here the server sends them, so the shop
//! shows them itself, readable (products by name, whom they are for, money, times) with what
//! each destination did with them, and refreshes the list as the presenter clicks.

mod event_view;
pub(super) mod readable;

use actix_web::HttpResponse;
use askama::Template;

use super::context::Ctx;
use super::error::WebError;
use super::views::{Header, render};
use crate::clock::Timestamp;
use crate::db::EventFilter;
use crate::domain::SessionId;
use event_view::{Describer, EventView};

#[derive(Template)]
#[template(path = "events.html")]
pub struct EventsPage {
    pub head: Header,
    pub events: Vec<EventView>,
    pub session_id: SessionId,
}

#[derive(Template)]
#[template(path = "partials/event_list.html")]
pub struct EventList {
    pub events: Vec<EventView>,
}

const SHOWN: i64 = 100;

async fn session_events(ctx: &Ctx) -> Result<Vec<EventView>, WebError> {
    let state = &ctx.state;
    let mut stored = state
        .store
        .events(&EventFilter {
            session_id: Some(ctx.visitor.session_id.clone()),
            // A browser's session is the shop's own, never simulated (and only the shop's own
            // events are indexed by session).
            simulated: Some(false),
            newest_first: true,
            limit: Some(SHOWN),
            ..Default::default()
        })
        .await?;
    // Newest first by when they happened: `seq` is the order of writing, and a view is written
    // a moment after the cart change it led to (which is written with the change).
    stored.sort_by_key(|s| std::cmp::Reverse((s.event.timestamp, s.seq)));
    let now = Timestamp::now();
    let describer = Describer {
        catalog: &state.catalog,
        shoppers: &state.shoppers,
        visitor: &ctx.visitor,
        now,
    };
    Ok(stored
        .iter()
        .map(|s| {
            let deliveries = state.tracker.deliveries(&s.event, now);
            describer.describe(s.seq, &s.event, &deliveries)
        })
        .collect())
}

pub async fn page(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let page = EventsPage {
        head: ctx.header(""),
        events: session_events(&ctx).await?,
        session_id: ctx.visitor.session_id.clone(),
    };
    render(&page)
}

/// The list alone, for the page's script to refresh in place.
pub async fn feed(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let list = EventList {
        events: session_events(&ctx).await?,
    };
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(list.render()?))
}
