//! The store's events: the eight things a shopper does (and the experiment exposures the shop
//! records for them), recorded server-side with the
//! reference's property names, and the `Tracker` that fans them out to sinks.

pub mod amplitude;
mod delivery;
mod pickup;
mod tracker;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::clock::Timestamp;
use crate::domain::{EventId, Feature, Money, Product, SessionId, UserId};

pub use delivery::Delivery;
pub use pickup::EventPickup;
pub use tracker::{
    DatabaseSink, EventObserver, EventSink, SinkError, SinkStats, Tracker, TrackerStats,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventType {
    ProductSearched,
    ProductViewed,
    ProductAdded,
    ProductRemoved,
    ProductQuantityUpdated,
    CartViewed,
    CheckoutStarted,
    OrderCompleted,
    /// A shopper saw an experiment's variation on a shelf for the first time.
    ExperimentExposure,
}

impl EventType {
    pub const ALL: [EventType; 9] = [
        EventType::ProductSearched,
        EventType::ProductViewed,
        EventType::ProductAdded,
        EventType::ProductRemoved,
        EventType::ProductQuantityUpdated,
        EventType::CartViewed,
        EventType::CheckoutStarted,
        EventType::OrderCompleted,
        EventType::ExperimentExposure,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::ProductSearched => "ProductSearched",
            EventType::ProductViewed => "ProductViewed",
            EventType::ProductAdded => "ProductAdded",
            EventType::ProductRemoved => "ProductRemoved",
            EventType::ProductQuantityUpdated => "ProductQuantityUpdated",
            EventType::CartViewed => "CartViewed",
            EventType::CheckoutStarted => "CheckoutStarted",
            EventType::OrderCompleted => "OrderCompleted",
            EventType::ExperimentExposure => "ExperimentExposure",
        }
    }

    pub fn parse(s: &str) -> Option<EventType> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing a shopper did. In JSON `timestamp` is an RFC 3339 string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub event_id: EventId,
    pub event_type: EventType,
    pub user_id: UserId,
    pub session_id: SessionId,
    pub item_id: Option<String>,
    pub timestamp: Timestamp,
    pub properties: Map<String, Value>,
    /// Browsing without an account or an emulated shopper: services that take a user id
    /// (Personalize's PutEvents) get only the session. Not stored; history is of known users.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anonymous: bool,
}

/// A fresh event id: time-ordered (UUID v7), so the unique index on event ids grows at its end
/// instead of taking random inserts (several times cheaper once the table holds millions). Its
/// random bits come from a per-thread generator seeded once by the OS: asking the OS for them
/// on every event was a system call per event.
fn new_event_id() -> EventId {
    use std::cell::RefCell;
    thread_local! {
        static RANDOM: RefCell<crate::rng::Rng> = RefCell::new(crate::rng::Rng::new({
            let mut seed = [0u8; 8];
            // Without OS randomness, the clock and the thread still tell threads apart.
            if getrandom::fill(&mut seed).is_err() {
                let id = format!("{:?}", std::thread::current().id());
                seed = (crate::clock::now_micros() as u64 ^ crate::rng::Rng::derive(0, &id).next_u64())
                    .to_le_bytes();
            }
            u64::from_le_bytes(seed)
        }));
    }
    let mut random = [0u8; 10];
    RANDOM.with_borrow_mut(|rng| {
        random[..8].copy_from_slice(&rng.next_u64().to_le_bytes());
        random[8..].copy_from_slice(&rng.next_u64().to_le_bytes()[..2]);
    });
    let millis = (crate::clock::now_micros() / 1_000).max(0) as u64;
    uuid::Builder::from_unix_timestamp_millis(millis, &random)
        .into_uuid()
        .to_string()
        .into()
}

/// Who did it: the user id the event is attributed to and the browser session.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: UserId,
    pub session_id: SessionId,
    /// Neither signed in nor emulating a shopper.
    pub anonymous: bool,
    /// The simulated-shopper run this visitor belongs to (`X-Storefront-Simulation`): every
    /// event it causes is marked with it, including those the store writes with a change.
    pub simulation: Option<std::sync::Arc<str>>,
}

impl Event {
    pub fn new(event_type: EventType, actor: &Actor, item_id: Option<&str>) -> Event {
        let event = Event {
            event_id: new_event_id(),
            event_type,
            user_id: actor.user_id.clone(),
            session_id: actor.session_id.clone(),
            item_id: item_id.map(str::to_string),
            timestamp: Timestamp::now(),
            properties: Map::new(),
            anonymous: actor.anonymous,
        };
        match &actor.simulation {
            Some(run) => event.simulated_by(run),
            None => event,
        }
    }

    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Event {
        self.properties.insert(key.to_string(), value.into());
        self
    }

    /// The reference's properties of an event about one product.
    pub fn product(
        event_type: EventType,
        actor: &Actor,
        product: &Product,
        feature: Option<Feature>,
    ) -> Event {
        Event::new(event_type, actor, Some(product.id.as_str()))
            .with("productId", product.id.as_str())
            .with("name", product.name.as_str())
            .with("category", product.category.as_str())
            .with("price", product.price.dollars())
            .with("feature", feature.map_or("", Feature::as_str))
            .with("experimentCorrelationId", "")
    }

    /// Cart totals, as the cart, checkout and order events carry them.
    pub fn with_cart(self, totals: &CartTotals) -> Event {
        self.with("cartTotal", totals.total.dollars())
            .with("cartQuantity", totals.quantity)
            .with("cartLines", totals.lines)
    }

    /// The cart's or the order's lines (cart views, checkouts, orders).
    pub fn with_lines<'a>(self, lines: impl IntoIterator<Item = EventLine<'a>>) -> Event {
        let lines: Vec<Value> = lines
            .into_iter()
            .filter_map(|line| serde_json::to_value(line).ok())
            .collect();
        self.with(LINES, lines)
    }

    /// The products of the lines this event carries (see [`Event::with_lines`]).
    pub fn order_items(&self) -> impl Iterator<Item = &str> {
        order_items(&self.properties)
    }

    /// The products this event is about: its item, or else each of its lines.
    pub fn items(&self) -> impl Iterator<Item = &str> {
        let lines = match &self.item_id {
            Some(_) => None,
            None => Some(self.order_items()),
        };
        self.item_id
            .as_deref()
            .into_iter()
            .chain(lines.into_iter().flatten())
    }

    /// Written by a simulator: `storefront simulate` (which marks its events `"simulated":
    /// true`) or a simulated shopper over HTTP (`storefront shoppers`, which also names its run
    /// in `simulationRun`).
    pub fn is_simulated(&self) -> bool {
        self.properties.get("simulated") == Some(&Value::Bool(true))
    }

    /// Marks an event of a simulated shopper's visit to the shop.
    pub fn simulated_by(self, run: &str) -> Event {
        self.with("simulated", true).with("simulationRun", run)
    }

    /// The simulated-shopper run that caused this event, if any.
    pub fn simulation_run(&self) -> Option<&str> {
        self.property_str("simulationRun")
    }

    /// Written in bulk by `storefront simulate`, not by a shopper visiting the shop: no live state
    /// should see it.
    pub fn is_bulk_simulation(&self) -> bool {
        self.is_simulated() && self.simulation_run().is_none()
    }

    pub fn property_str(&self, key: &str) -> Option<&str> {
        self.properties.get(key).and_then(Value::as_str)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CartTotals {
    pub total: Money,
    pub quantity: i64,
    pub lines: i64,
}

/// A line of a cart or an order as the cart, checkout and order events carry it (their
/// `lines` property): what the event is about when it is about several products. It borrows
/// from the catalog: an order's lines are written straight into the event's JSON (the
/// simulator writes hundreds of thousands a second). They are read back with [`order_items`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventLine<'a> {
    pub product_id: &'a str,
    pub name: &'a str,
    pub category: &'a str,
    /// Dollars, as the reference's events carry prices.
    pub price: f64,
    pub quantity: i64,
}

impl EventLine<'_> {
    pub fn new(product: &Product, quantity: i64) -> EventLine<'_> {
        EventLine {
            product_id: product.id.as_str(),
            name: &product.name,
            category: &product.category,
            price: product.price.dollars(),
            quantity,
        }
    }
}

/// The product ids of the `lines` in an event's properties, in order; lines without a product
/// id are skipped. Reads the JSON in place: the engine, the store's interaction reads and the
/// Personalize lane call this per event.
pub fn order_items(properties: &Map<String, Value>) -> impl Iterator<Item = &str> {
    properties
        .get(LINES)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|line| line.get("productId").and_then(Value::as_str))
}

/// The property that holds a cart's or an order's lines.
const LINES: &str = "lines";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_types_parse_case_insensitively() {
        for t in EventType::ALL {
            assert_eq!(EventType::parse(&t.as_str().to_lowercase()), Some(t));
        }
        assert_eq!(EventType::parse("Nope"), None);
    }

    fn actor() -> Actor {
        Actor {
            user_id: "u1".into(),
            session_id: "s1".into(),
            anonymous: false,
            simulation: None,
        }
    }

    fn line(id: &str) -> EventLine<'_> {
        EventLine {
            product_id: id,
            name: "A product",
            category: "books",
            price: 12.5,
            quantity: 2,
        }
    }

    #[test]
    fn lines_are_written_with_the_reference_names_and_read_back_as_items() {
        let order = Event::new(EventType::OrderCompleted, &actor(), None)
            .with_lines([line("p1"), line("p2")]);
        let written = &order.properties["lines"][0];
        assert_eq!(written["productId"], "p1");
        assert_eq!(written["price"], 12.5);
        assert_eq!(written["quantity"], 2);
        assert_eq!(order.order_items().collect::<Vec<_>>(), ["p1", "p2"]);
        assert_eq!(order.items().collect::<Vec<_>>(), ["p1", "p2"]);
        // A line without a product id is skipped, not an error.
        let odd = Event::new(EventType::CartViewed, &actor(), None).with(
            "lines",
            serde_json::json!([{"quantity": 1}, {"productId": "p3"}]),
        );
        assert_eq!(odd.items().collect::<Vec<_>>(), ["p3"]);
    }

    #[test]
    fn an_event_about_one_item_is_about_that_item_only() {
        let view =
            Event::new(EventType::ProductViewed, &actor(), Some("p9")).with_lines([line("p1")]);
        assert_eq!(view.items().collect::<Vec<_>>(), ["p9"]);
        let search = Event::new(EventType::ProductSearched, &actor(), None);
        assert_eq!(search.items().count(), 0);
    }
}
