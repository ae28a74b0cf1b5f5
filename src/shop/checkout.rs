//! Checkout: placing an order from the cart — its id, its lines as sold, the cart emptied and
//! the OrderCompleted event stored in the same transaction — once per checkout form.

use super::Buyer;
use super::cart::{event_lines, priced_lines, totals};
use crate::catalog::Catalog;
use crate::db::{NewOrder, Placed, Store, StoreError};
use crate::domain::{OrderId, OrderLine, ShippingAddress};
use crate::events::{Event, EventType};

/// A fresh order id: 12 hex digits, random (so order pages cannot be guessed in sequence).
fn new_order_id() -> OrderId {
    let mut id = super::new_token();
    id.truncate(12);
    id.into()
}

/// A fresh checkout form's key (see [`place_order`]).
pub fn new_checkout_key() -> String {
    super::new_token()
}

/// Whether `key` could be a key [`new_checkout_key`] made: what a form may carry back.
pub fn is_checkout_key(key: &str) -> bool {
    (16..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Places the buyer's order for what their cart holds when the order is placed (read in the
/// order's transaction, priced from the catalog), shipped to an address already
/// [checked](ShippingAddress::checked). `checkout_key` is the checkout form's: posting the same
/// form again answers [`Placed::AlreadyPlaced`] and changes nothing.
pub async fn place_order(
    store: &Store,
    catalog: &Catalog,
    buyer: &Buyer,
    checkout_key: &str,
    shipping: &ShippingAddress,
) -> Result<Placed, StoreError> {
    let id = new_order_id();
    let new = NewOrder {
        id: &id,
        owner: &buyer.owner,
        checkout_key,
        shipping,
    };
    store
        .place_order(&new, |lines| {
            let cart = priced_lines(catalog, lines);
            if cart.is_empty() {
                return None;
            }
            let lines: Vec<OrderLine> = cart.items.iter().map(OrderLine::from).collect();
            let event = Event::new(EventType::OrderCompleted, &buyer.actor, None)
                .with("orderId", id.as_str())
                .with("orderTotal", cart.total().dollars())
                .with_lines(event_lines(&cart))
                .with_cart(&totals(&cart));
            Some((lines, event))
        })
        .await
}
