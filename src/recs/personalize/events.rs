//! The store's events as Personalize interactions, sent with PutEvents through the tracker (its
//! bounded queue, batching and shutdown flush), at most ten per call as the API allows.

use std::sync::Arc;

use aws_sdk_personalizeevents::primitives::DateTime;
use aws_sdk_personalizeevents::types::Event as ApiEvent;

use super::client::CallFailure;
use crate::catalog::Catalog;
use crate::clock::Timestamp;
use crate::events::{Event, EventSink, EventType, SinkError};

/// PutEvents takes at most this many events per call.
pub const MAX_EVENTS_PER_CALL: usize = 10;
/// Personalize keeps at most this many items of an impression.
const MAX_IMPRESSION: usize = 25;

/// One interaction as PutEvents carries it, before it becomes the SDK's type (kept plain so the
/// mapping can be read and tested on its own).
#[derive(Debug, Clone, PartialEq)]
pub struct PutEvent {
    /// Personalize's event id: the store's `EventId`, with `-k` after it for the k-th of
    /// several interactions one event becomes (so not an `EventId` itself).
    pub event_id: String,
    /// The reference tracker's names: View, AddToCart, UpdateQuantity, ViewCart, StartCheckout,
    /// Purchase.
    pub event_type: &'static str,
    pub item_id: String,
    pub sent_at: Timestamp,
    /// A JSON object as a string, with the interactions schema's optional fields.
    pub properties: String,
    pub recommendation_id: Option<String>,
    pub impression: Vec<String>,
}

/// The reference tracker's name for a store event type; `None` for those it does not send.
pub fn personalize_event_type(t: EventType) -> Option<&'static str> {
    Some(match t {
        EventType::ProductViewed => "View",
        EventType::ProductAdded => "AddToCart",
        EventType::ProductQuantityUpdated => "UpdateQuantity",
        EventType::CartViewed => "ViewCart",
        EventType::CheckoutStarted => "StartCheckout",
        EventType::OrderCompleted => "Purchase",
        // Exposures are the experiments' bookkeeping, not interactions.
        EventType::ProductSearched | EventType::ProductRemoved | EventType::ExperimentExposure => {
            return None;
        }
    })
}

/// A store event as Personalize interactions: one per item it is about (a cart view, a checkout
/// and an order are about each of their lines), none for events the reference does not send
/// (searches, removals).
pub fn personalize_events(event: &Event, catalog: &Catalog) -> Vec<PutEvent> {
    let Some(event_type) = personalize_event_type(event.event_type) else {
        return Vec::new();
    };
    let items: Vec<&str> = event.items().collect();
    let recommendation_id = event
        .property_str("recommendationId")
        .filter(|r| !r.is_empty())
        .map(str::to_string);
    let impression: Vec<String> = event
        .properties
        .get("impression")
        .and_then(|v| v.as_array())
        .map(|ids| {
            ids.iter()
                .filter_map(|v| v.as_str())
                .take(MAX_IMPRESSION)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let several = items.len() > 1;
    items
        .into_iter()
        .enumerate()
        .map(|(k, item)| {
            let discount = catalog.product(item).is_some_and(|p| p.promoted);
            PutEvent {
                // Ids stay unique when one event becomes several interactions.
                event_id: if several {
                    format!("{}-{k}", event.event_id)
                } else {
                    event.event_id.as_str().to_owned()
                },
                event_type,
                item_id: item.to_string(),
                sent_at: event.timestamp,
                properties: serde_json::json!({
                    "discount": if discount { "Yes" } else { "No" },
                })
                .to_string(),
                recommendation_id: recommendation_id.clone(),
                impression: impression.clone(),
            }
        })
        .collect()
}

impl PutEvent {
    fn to_api(&self) -> Result<ApiEvent, String> {
        let micros = self.sent_at.as_micros();
        let sent_at = DateTime::from_secs_and_nanos(
            micros.div_euclid(1_000_000),
            (micros.rem_euclid(1_000_000) * 1_000) as u32,
        );
        ApiEvent::builder()
            .event_id(&self.event_id)
            .event_type(self.event_type)
            .item_id(&self.item_id)
            .sent_at(sent_at)
            .properties(&self.properties)
            .set_recommendation_id(self.recommendation_id.clone())
            .set_impression((!self.impression.is_empty()).then(|| self.impression.clone()))
            .build()
            .map_err(|e| e.to_string())
    }
}

pub struct PersonalizeEventSink {
    client: aws_sdk_personalizeevents::Client,
    tracking_id: String,
    catalog: Arc<Catalog>,
}

impl PersonalizeEventSink {
    pub fn new(
        client: aws_sdk_personalizeevents::Client,
        tracking_id: String,
        catalog: Arc<Catalog>,
    ) -> Self {
        Self {
            client,
            tracking_id,
            catalog,
        }
    }

    async fn put(&self, first: &Event, interactions: &[PutEvent]) -> Result<(), String> {
        let events = interactions
            .iter()
            .map(PutEvent::to_api)
            .collect::<Result<Vec<_>, _>>()?;
        let mut call = self
            .client
            .put_events()
            .tracking_id(&self.tracking_id)
            .session_id(first.session_id.as_str())
            .set_event_list(Some(events));
        if !first.anonymous {
            call = call.user_id(first.user_id.as_str());
        }
        call.send()
            .await
            .map(|_| ())
            .map_err(|e| CallFailure::of(&e).to_string())
    }
}

#[async_trait::async_trait]
impl EventSink for PersonalizeEventSink {
    fn name(&self) -> &'static str {
        "personalize"
    }

    /// What [`personalize_events`] makes interactions of: the reference's types, about a product.
    fn takes(&self, event: &Event) -> bool {
        personalize_event_type(event.event_type).is_some() && event.items().next().is_some()
    }

    /// One call per run of up to ten interactions of one session and user (PutEvents names
    /// them once per call). The SDK retries throttling and server errors with backoff; a call
    /// that still fails loses its events, counted, without sending the others twice.
    async fn send(&self, batch: &[Event]) -> Result<(), SinkError> {
        // Which store event each interaction came from, so losses are counted in events.
        let mut failed = vec![false; batch.len()];
        let mut delivered = 0;
        let mut last_error = String::new();
        let mut start = 0;
        while start < batch.len() {
            let first = &batch[start];
            let same_visitor = |e: &Event| {
                e.session_id == first.session_id
                    && e.user_id == first.user_id
                    && e.anonymous == first.anonymous
            };
            let end = start
                + batch[start..]
                    .iter()
                    .take_while(|e| same_visitor(e))
                    .count();
            let interactions: Vec<(usize, PutEvent)> = (start..end)
                .flat_map(|i| {
                    personalize_events(&batch[i], &self.catalog)
                        .into_iter()
                        .map(move |x| (i, x))
                })
                .collect();
            for chunk in interactions.chunks(MAX_EVENTS_PER_CALL) {
                let calls: Vec<PutEvent> = chunk.iter().map(|(_, x)| x.clone()).collect();
                match self.put(first, &calls).await {
                    Ok(()) => delivered += calls.len(),
                    Err(e) => {
                        for (i, _) in chunk {
                            failed[*i] = true;
                        }
                        last_error = e;
                    }
                }
            }
            start = end;
        }
        let lost = failed.iter().filter(|f| **f).count();
        match (lost, delivered) {
            (0, _) => Ok(()),
            // Nothing went through: the tracker may try the whole batch again.
            (_, 0) => Err(SinkError::Retry(last_error)),
            _ => Err(SinkError::Lost {
                events: lost,
                reason: last_error,
            }),
        }
    }
}
