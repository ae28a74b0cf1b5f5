//! Checkout: placing an order from the cart — its id, its lines as sold, the cart emptied in the
//! same transaction — and the OrderCompleted event that records it.

use crate::db::{NewOrder, Store, StoreError};
use crate::domain::{Cart, Order, OrderId, OrderLine, ShippingAddress};
use crate::events::{Actor, Event, EventType};

use super::cart::{event_lines, totals};

/// A fresh order id: 12 hex digits, random (so order pages cannot be guessed in sequence).
fn new_order_id() -> OrderId {
    let mut id = super::new_token();
    id.truncate(12);
    id.into()
}

/// Places `user_id`'s order for what the cart holds, shipped to an address already
/// [checked](ShippingAddress::checked). Returns the order and the event to track.
pub async fn place_order(
    store: &Store,
    actor: &Actor,
    cart: &Cart,
    shipping: &ShippingAddress,
) -> Result<(Order, Event), StoreError> {
    let lines: Vec<OrderLine> = cart.items.iter().map(OrderLine::from).collect();
    let id = new_order_id();
    let order = store
        .place_order(&NewOrder {
            id: &id,
            user_id: &actor.user_id,
            lines: &lines,
            shipping,
        })
        .await?;
    let event = Event::new(EventType::OrderCompleted, actor, None)
        .with("orderId", order.id.as_str())
        .with("orderTotal", order.total.dollars())
        .with_lines(event_lines(cart))
        .with_cart(&totals(cart));
    Ok((order, event))
}
