//! One stored event as the presenter's list shows it: what happened, to which products (by
//! name, linked), for whom in words, amounts as money, when in a readable time, and what each
//! destination did with it.

use serde_json::Value;

use super::readable;
use crate::catalog::{Catalog, ShopperDirectory};
use crate::clock::Timestamp;
use crate::domain::{Money, UserId};
use crate::events::{Delivery, Event, EventType};
use crate::web::context::Visitor;

pub struct EventView {
    pub seq: i64,
    /// `data-event-type`: the stored type, as the contract spells it.
    pub event_type: &'static str,
    /// "viewed a product"
    pub what: &'static str,
    /// "11:05:48"
    pub when: String,
    /// RFC 3339, for `datetime` and `title`.
    pub when_exact: String,
    pub who: Who,
    /// The product the event is about, if it is about one.
    pub item: Option<ProductLink>,
    /// Otherwise the first products of its lines (a cart view, a checkout, an order), and how
    /// many more there are.
    pub line_products: Vec<ProductLink>,
    pub more_lines: usize,
    /// What a search asked for.
    pub query: Option<String>,
    pub facts: Vec<Fact>,
    pub destinations: Vec<DestinationView>,
}

/// Whom the event is about.
pub struct Who {
    /// "you (guest)", "Ada Lovelace"
    pub name: String,
    /// "Housewares, Tools, Beauty · emulated by you": empty when there is nothing to add.
    pub detail: String,
    /// The stored user id.
    pub user_id: UserId,
}

pub struct ProductLink {
    pub id: String,
    /// The catalog's name, or the id when the catalog no longer has the product.
    pub name: String,
    pub href: Option<String>,
}

/// One line of a cart or an order, or one product of an impression.
pub struct LineView {
    pub product: ProductLink,
    /// "2 × " (empty for an impression).
    pub quantity: String,
    /// "$12.34" (empty when the line carries no price).
    pub price: String,
}

/// One property, readable: a label and its text, or a list of products.
pub struct Fact {
    pub key: String,
    pub label: String,
    pub text: String,
    pub lines: Vec<LineView>,
}

pub struct DestinationView {
    /// `data-destination`: the sink's name.
    pub key: &'static str,
    /// "Amplitude"
    pub name: &'static str,
    /// `data-delivery`: delivered, pending, not_taken, failed, dropped, unknown or off.
    pub state: &'static str,
    /// "✓", "pending", "not sent", "failed", "dropped", "?", "off"
    pub mark: &'static str,
    /// Said in full on hover.
    pub title: String,
}

/// Products of a cart or an order named in an event's one-line summary; the rest are counted.
const SUMMARY_LINES: usize = 2;

/// The destinations a shop can have, in the order shown, with their names for people and the
/// setting that turns each on. The database is always there: it is the store of record.
const DESTINATIONS: [(&str, &str, &str); 3] = [
    ("database", "database", ""),
    ("personalize", "Personalize", "personalize.tracking_id"),
    ("amplitude", "Amplitude", "amplitude.api_key"),
];

/// What the page needs to describe events: the catalog for names, the shoppers for whom, the
/// visitor for "you", the tracker's answers for the destinations, and the time to read against.
pub struct Describer<'a> {
    pub catalog: &'a Catalog,
    pub shoppers: &'a ShopperDirectory,
    pub visitor: &'a Visitor,
    pub now: Timestamp,
}

impl Describer<'_> {
    /// `deliveries`: each sink's name and what became of the event there
    /// ([`crate::events::Tracker::deliveries`]).
    pub fn describe(
        &self,
        seq: i64,
        event: &Event,
        deliveries: &[(&'static str, Delivery)],
    ) -> EventView {
        let item = event.item_id.as_deref().map(|id| self.product(id));
        let lines: Vec<&str> = match item {
            Some(_) => Vec::new(),
            None => event.order_items().collect(),
        };
        EventView {
            line_products: lines
                .iter()
                .take(SUMMARY_LINES)
                .map(|id| self.product(id))
                .collect(),
            more_lines: lines.len().saturating_sub(SUMMARY_LINES),
            query: event
                .property_str("query")
                .filter(|q| event.event_type == EventType::ProductSearched && !q.is_empty())
                .map(str::to_string),
            seq,
            event_type: event.event_type.as_str(),
            what: what_happened(event.event_type),
            when: readable::moment(event.timestamp, self.now),
            when_exact: event.timestamp.to_rfc3339(),
            who: self.who(&event.user_id),
            facts: self.facts(event, item.is_some()),
            item,
            destinations: destinations(event.event_type, deliveries),
        }
    }

    fn product(&self, id: &str) -> ProductLink {
        match self.catalog.index_of(id) {
            Some(i) => {
                let product = self.catalog.at(i);
                ProductLink {
                    id: id.to_string(),
                    name: product.name.clone(),
                    href: Some(crate::web::views::product_path(product)),
                }
            }
            None => ProductLink {
                id: id.to_string(),
                name: id.to_string(),
                href: None,
            },
        }
    }

    /// Whom `user_id` names, as this browser knows it.
    fn who(&self, user_id: &UserId) -> Who {
        let visitor = self.visitor;
        let said = |name: String, detail: String| Who {
            name,
            detail,
            user_id: user_id.clone(),
        };
        let own = |id: &str| id == visitor.own_id().as_str();
        if own(user_id.as_str()) {
            let name = match &visitor.account {
                Some(account) => format!("you ({})", account.first_name),
                None => "you (guest)".to_string(),
            };
            return said(name, String::new());
        }
        if user_id == &visitor.anonymous_id {
            return said("you (as a guest)".into(), "before signing in".into());
        }
        // A shopper's own id (the events' user while emulating), or the cart-owner form
        // `S~<own id>` that keeps this browser's cart apart (see `shop::Buyer`).
        let (shopper_id, owner_here) = match user_id.as_str().split_once('~') {
            Some((shopper, browser)) => (shopper, own(browser)),
            None => (user_id.as_str(), false),
        };
        let Some(shopper) = self.shoppers.get(shopper_id) else {
            return said("another visitor".into(), String::new());
        };
        let emulated_now = visitor
            .emulated
            .as_ref()
            .is_some_and(|s| s.id.as_str() == shopper_id);
        let mut detail = shopper.persona.label().to_string();
        if emulated_now || owner_here {
            detail.push_str(" · emulated by you");
        }
        said(
            format!("{} {}", shopper.first_name, shopper.last_name),
            detail,
        )
    }

    /// The properties worth reading, in the order the event has them.
    fn facts(&self, event: &Event, item_shown: bool) -> Vec<Fact> {
        let mut facts = Vec::new();
        for (key, value) in &event.properties {
            let same_as_item = |v: &Value| v.as_str() == event.item_id.as_deref();
            let skip = match key.as_str() {
                // Already in the summary, by name.
                "productId" => same_as_item(value),
                "name" => item_shown,
                _ => is_blank(value),
            };
            if skip {
                continue;
            }
            let fact = |text: String, lines: Vec<LineView>| Fact {
                key: key.clone(),
                label: label_of(key),
                text,
                lines,
            };
            facts.push(match (key.as_str(), value) {
                ("lines", Value::Array(lines)) => fact(
                    String::new(),
                    lines.iter().filter_map(|l| self.line(l)).collect(),
                ),
                ("impression", Value::Array(ids)) => fact(
                    format!("{} shown", ids.len()),
                    ids.iter()
                        .filter_map(Value::as_str)
                        .map(|id| LineView {
                            product: self.product(id),
                            quantity: String::new(),
                            price: String::new(),
                        })
                        .collect(),
                ),
                ("productId", Value::String(id)) => fact(
                    String::new(),
                    vec![LineView {
                        product: self.product(id),
                        quantity: String::new(),
                        price: String::new(),
                    }],
                ),
                (k, v) if is_money(k) => fact(money(v), Vec::new()),
                (_, v) => fact(plain(v), Vec::new()),
            });
        }
        facts
    }

    /// A cart or order line as events carry it (`productId`, `quantity`, `price` in dollars).
    fn line(&self, line: &Value) -> Option<LineView> {
        let id = line.get("productId").and_then(Value::as_str)?;
        Some(LineView {
            product: self.product(id),
            quantity: line
                .get("quantity")
                .and_then(Value::as_i64)
                .map_or_else(String::new, |q| format!("{q} × ")),
            price: line.get("price").map_or_else(String::new, money),
        })
    }
}

/// What a shopper did, in words.
fn what_happened(t: EventType) -> &'static str {
    match t {
        EventType::ProductSearched => "searched",
        EventType::ProductViewed => "viewed a product",
        EventType::ProductAdded => "added to cart",
        EventType::ProductRemoved => "removed from cart",
        EventType::ProductQuantityUpdated => "changed a quantity",
        EventType::CartViewed => "viewed the cart",
        EventType::CheckoutStarted => "started checkout",
        EventType::OrderCompleted => "placed an order",
        EventType::ExperimentExposure => "saw an experiment's shelf",
    }
}

/// Events carry amounts as dollars (`price`, `cartTotal`, `orderTotal`, a line's `price`).
fn is_money(key: &str) -> bool {
    key == "price" || key.ends_with("Total") || key == "revenue"
}

/// "$12.34" for a dollar amount; anything else as it is.
fn money(v: &Value) -> String {
    v.as_f64()
        .and_then(|d| Money::from_dollars(d).ok())
        .map_or_else(|| plain(v), |m| m.to_string())
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Properties the shop writes empty when they do not apply (`feature` of a direct visit,
/// `experimentCorrelationId` outside experiments).
fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// A property's label: a few by what they mean, the others' camel case as words
/// (`resultCount` → "result count").
fn label_of(key: &str) -> String {
    let known = match key {
        "feature" => Some("shelf"),
        "productId" => Some("product"),
        "lines" => Some("products"),
        "impression" => Some("shelf showed"),
        "cartQuantity" => Some("items in cart"),
        "cartLines" => Some("lines in cart"),
        "experimentCorrelationId" => Some("experiment"),
        _ => None,
    };
    if let Some(label) = known {
        return label.to_string();
    }
    let mut words = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() && !words.is_empty() {
            words.push(' ');
        }
        words.push(c.to_ascii_lowercase());
    }
    words
}

/// Every destination the shop can have, each with what became of the event there, or "off"
/// when it is not configured; a sink the list does not know comes after, by its name.
fn destinations(
    event_type: EventType,
    deliveries: &[(&'static str, Delivery)],
) -> Vec<DestinationView> {
    let known = DESTINATIONS.iter().map(|&(key, name, setting)| {
        match deliveries.iter().find(|(sink, _)| *sink == key) {
            Some((_, d)) => delivered_to(key, name, event_type, *d),
            None => DestinationView {
                key,
                name,
                state: "off",
                mark: "off",
                title: format!("{name} is not configured ({setting})"),
            },
        }
    });
    let others = deliveries
        .iter()
        .filter(|(sink, _)| !DESTINATIONS.iter().any(|(key, ..)| key == sink))
        .map(|&(sink, d)| delivered_to(sink, sink, event_type, d));
    known.chain(others).collect()
}

fn delivered_to(
    key: &'static str,
    name: &'static str,
    event_type: EventType,
    delivery: Delivery,
) -> DestinationView {
    let (mark, title) = match delivery {
        Delivery::Delivered if key == "database" => {
            ("✓", "stored: the shop's record of every event".to_string())
        }
        Delivery::Delivered => ("✓", format!("{name} accepted it")),
        Delivery::Pending => ("pending", format!("waiting in {name}'s queue")),
        Delivery::NotTaken => (
            "not sent",
            format!("not sent: {name} does not take this {event_type} event"),
        ),
        Delivery::Failed => (
            "failed",
            format!("{name} refused its batch after retries (or part of it)"),
        ),
        Delivery::Dropped => ("dropped", format!("{name}'s queue was full: not sent")),
        Delivery::Unknown => (
            "?",
            "not known here: tracked before this server started, by another instance, or \
             too long ago to be remembered"
                .to_string(),
        ),
    };
    DestinationView {
        key,
        name,
        state: delivery.as_str(),
        mark,
        title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_amounts_read_as_words_and_money() {
        assert_eq!(label_of("resultCount"), "result count");
        assert_eq!(label_of("cartTotal"), "cart total");
        assert_eq!(label_of("feature"), "shelf");
        assert!(is_money("orderTotal") && is_money("price") && !is_money("quantity"));
        assert_eq!(money(&Value::from(12.3)), "$12.30");
        assert_eq!(money(&Value::from(0.1 + 0.2)), "$0.30");
        assert_eq!(money(&Value::from("n/a")), "n/a");
    }

    #[test]
    fn a_destination_not_configured_is_off_and_only_a_delivery_is_ticked() {
        let shown = destinations(
            EventType::ProductSearched,
            &[
                ("database", Delivery::Delivered),
                ("amplitude", Delivery::Pending),
            ],
        );
        let states: Vec<(&str, &str)> = shown.iter().map(|d| (d.key, d.state)).collect();
        assert_eq!(
            states,
            [
                ("database", "delivered"),
                ("personalize", "off"),
                ("amplitude", "pending")
            ]
        );
        assert!(shown[1].title.contains("personalize.tracking_id"));
        for d in [
            Delivery::Pending,
            Delivery::NotTaken,
            Delivery::Failed,
            Delivery::Dropped,
            Delivery::Unknown,
        ] {
            let view = delivered_to("amplitude", "Amplitude", EventType::ProductViewed, d);
            assert_ne!(view.mark, "✓", "{d:?}");
        }
    }
}
