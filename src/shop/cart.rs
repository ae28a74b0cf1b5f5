//! The cart: priced from the current catalog, changed line by line, and described the way cart,
//! checkout and order events carry it.

use crate::catalog::Catalog;
use crate::db::{Store, StoreError};
use crate::domain::{Cart, CartItem, Feature, Product, Quantity, UserId};
use crate::events::{Actor, CartTotals, Event, EventLine, EventType};

/// `user_id`'s cart priced from the catalog. Lines whose product left the catalog are not
/// shown (and not sold).
pub async fn priced(
    store: &Store,
    catalog: &Catalog,
    user_id: &UserId,
) -> Result<Cart, StoreError> {
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

/// Catalog positions of the products in `user_id`'s cart (those still in the catalog).
pub async fn items(
    store: &Store,
    catalog: &Catalog,
    user_id: &UserId,
) -> Result<Vec<usize>, StoreError> {
    let lines = store.cart_lines(user_id).await?;
    Ok(lines
        .iter()
        .filter_map(|l| catalog.index_of(&l.product_id))
        .collect())
}

/// How many units `user_id`'s cart holds, for the header's count (no pricing needed).
pub async fn units(store: &Store, user_id: &UserId) -> Result<i64, StoreError> {
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
pub fn event_lines(cart: &Cart) -> impl Iterator<Item = EventLine<'_>> {
    cart.items
        .iter()
        .map(|i| EventLine::new(&i.product, i.quantity))
}

/// What a change to the cart did: the cart as it now is, priced, and the event that records the
/// change (`None` when nothing changed, such as setting the quantity a line already has).
pub struct CartChange {
    pub cart: Cart,
    pub event: Option<Event>,
}

/// Adds `quantity` of `product` to the actor's cart; says how many of it the cart now holds.
/// `feature` is the shelf the shopper added it from.
pub async fn add(
    store: &Store,
    catalog: &Catalog,
    actor: &Actor,
    product: &Product,
    quantity: Quantity,
    feature: Option<Feature>,
) -> Result<(i64, CartChange), StoreError> {
    let now_in_cart = store
        .add_to_cart(&actor.user_id, product.id.as_str(), quantity.get())
        .await?;
    let cart = priced(store, catalog, &actor.user_id).await?;
    let event = Event::product(EventType::ProductAdded, actor, product, feature)
        .with("quantity", quantity.get())
        .with_cart(&totals(&cart));
    Ok((
        now_in_cart,
        CartChange {
            cart,
            event: Some(event),
        },
    ))
}

/// Sets how many of `product` the actor's cart holds; `None` when it holds none.
pub async fn set_quantity(
    store: &Store,
    catalog: &Catalog,
    actor: &Actor,
    product: &Product,
    quantity: Quantity,
) -> Result<Option<CartChange>, StoreError> {
    let previous = store
        .set_cart_quantity(&actor.user_id, product.id.as_str(), quantity.get())
        .await?;
    let Some(previous) = previous else {
        return Ok(None);
    };
    let cart = priced(store, catalog, &actor.user_id).await?;
    let event = (previous != quantity.get()).then(|| {
        Event::product(EventType::ProductQuantityUpdated, actor, product, None)
            .with("quantity", quantity.get())
            .with("previousQuantity", previous)
            .with_cart(&totals(&cart))
    });
    Ok(Some(CartChange { cart, event }))
}

/// Takes `product_id` out of the actor's cart. Says which product was removed, when a line of
/// a product still in the catalog was (only then is there an event).
pub async fn remove<'c>(
    store: &Store,
    catalog: &'c Catalog,
    actor: &Actor,
    product_id: &str,
) -> Result<(Option<&'c Product>, CartChange), StoreError> {
    let removed = store.remove_from_cart(&actor.user_id, product_id).await?;
    let cart = priced(store, catalog, &actor.user_id).await?;
    let removed = removed.zip(catalog.product(product_id));
    let event = removed.map(|(quantity, product)| {
        Event::product(EventType::ProductRemoved, actor, product, None)
            .with("quantity", quantity)
            .with_cart(&totals(&cart))
    });
    Ok((
        removed.map(|(_, product)| product),
        CartChange { cart, event },
    ))
}
