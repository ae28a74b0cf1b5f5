//! The store's vocabulary: products, shoppers, personas, carts, orders, money and the shelves
//! (features) products are shown on. No I/O here.

mod cart;
mod feature;
mod money;
mod order;
mod product;
mod shopper;

pub use cart::{Cart, CartItem, MAX_QUANTITY, Quantity, QuantityError};
pub use feature::Feature;
pub use money::{Money, MoneyError};
pub use order::{Order, OrderLine, ShippingAddress, looks_like_email};
pub use product::{Category, Gender, Product, ProductId};
pub use shopper::{Address, Persona, Shopper};

/// The id under which a shopper's events, cart and orders are kept: an emulated shopper's id, an
/// account's id, or the provisional id of an anonymous browser.
pub type UserId = String;
