//! The cart: priced from the current catalog, changed line by line, and described the way cart,
//! checkout and order events carry it.

use serde_json::Value;

use crate::catalog::Catalog;
use crate::db::{Store, StoreError};
use crate::domain::{Cart, CartItem};
use crate::events::{CartTotals, order_line_json};

/// `user_id`'s cart priced from the catalog. Lines whose product left the catalog are not
/// shown (and not sold).
pub async fn priced(store: &Store, catalog: &Catalog, user_id: &str) -> Result<Cart, StoreError> {
    let lines = store.cart_lines(user_id).await?;
    let items = lines
        .into_iter()
        .filter_map(|l| {
            let index = catalog.index_of(&l.product_id)?;
            Some(CartItem {
                index,
                product: catalog.at(index).clone(),
                quantity: l.quantity,
            })
        })
        .collect();
    Ok(Cart { items })
}

/// How many units `user_id`'s cart holds, for the header's count (no pricing needed).
pub async fn units(store: &Store, user_id: &str) -> Result<i64, StoreError> {
    let lines = store.cart_lines(user_id).await?;
    Ok(lines.iter().map(|l| l.quantity).sum())
}

/// The totals cart, checkout and order events carry (`cartTotal`, `cartQuantity`,
/// `cartLines`).
pub fn totals(cart: &Cart) -> CartTotals {
    CartTotals {
        total: cart.total(),
        quantity: cart.units(),
        lines: cart.items.len() as i64,
    }
}

/// The cart's lines as cart, checkout and order events carry them (`lines`; Personalize gets
/// one interaction per line).
pub fn lines_json(cart: &Cart) -> Vec<Value> {
    cart.items
        .iter()
        .map(|i| {
            let p = &i.product;
            order_line_json(p.id.as_str(), &p.name, &p.category, p.price, i.quantity)
        })
        .collect()
}
