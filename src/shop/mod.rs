//! The shop's rules, between the handlers (which extract and render) and the store: the cart
//! and its pricing, checkout, orders, and who a shopper is and what carries over when they sign
//! up or in.

pub mod cart;
pub mod checkout;
pub mod identity;
pub mod orders;

/// 128 random bits as hex: ids (accounts, orders) and CSRF tokens.
pub fn new_token() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
