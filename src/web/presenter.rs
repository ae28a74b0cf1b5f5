//! The presenter's event view: the events this browser session produced, newest first. The
//! reference shows them in the browser's network tab; here the server sends them, so the shop
//! shows them itself and refreshes the list as the presenter clicks.

use actix_web::HttpResponse;
use askama::Template;

use super::context::Ctx;
use super::error::WebError;
use super::views::{Header, render};
use crate::db::EventFilter;
use crate::domain::{SessionId, UserId};

pub struct EventView {
    pub seq: i64,
    pub event_type: String,
    pub time: String,
    pub user_id: UserId,
    pub item_id: String,
    pub properties: Vec<(String, String)>,
}

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
    let stored = ctx
        .state
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
    Ok(stored
        .into_iter()
        .map(|s| EventView {
            seq: s.seq,
            event_type: s.event.event_type.to_string(),
            time: s.event.timestamp.to_rfc3339(),
            user_id: s.event.user_id,
            item_id: s.event.item_id.unwrap_or_default(),
            properties: s
                .event
                .properties
                .into_iter()
                .map(|(k, v)| {
                    let shown = match v {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (k, shown)
                })
                .collect(),
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
