//! The shop's rules, between the handlers (which extract and render) and the store: the cart
//! and its pricing, checkout, orders, and who a shopper is and what carries over when they sign
//! up or in.

pub mod cart;
pub mod checkout;
pub mod identity;
pub mod orders;
pub mod stock;

use crate::domain::UserId;
use crate::events::Actor;

/// Who is shopping: whose cart and orders these are (`owner`) and who the events are about
/// (`actor`). They differ while a presenter emulates a stored shopper: the events are the
/// shopper's, so recommendations follow them, but the cart and the orders are this browser's
/// own, so another presenter emulating the same shopper never sees them.
#[derive(Debug, Clone)]
pub struct Buyer {
    pub owner: UserId,
    pub actor: Actor,
}

/// 128 random bits as hex: ids (accounts, orders) and CSRF tokens.
pub fn new_token() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
