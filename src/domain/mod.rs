//! The store's vocabulary: products, shoppers, personas, carts, orders, money, the shelves
//! (features) products are shown on, and the ids of users, sessions, orders and events. No I/O here.

mod cart;
mod feature;
mod ids;
mod money;
mod order;
mod product;
mod shopper;

pub use cart::{Cart, CartItem, MAX_QUANTITY, Quantity, QuantityError};
pub use feature::Feature;
pub use ids::{EventId, OrderId, SessionId, UserId};
pub use money::{Money, MoneyError};
pub use order::{Order, OrderLine, ShippingAddress, looks_like_email};
pub use product::{Category, Gender, Product, ProductId};
pub use shopper::{Address, Persona, Shopper};
