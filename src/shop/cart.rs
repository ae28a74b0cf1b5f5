//! The cart: priced from the current catalog, changed line by line, and described the way cart,
//! checkout and order events carry it.

use super::Buyer;
use crate::catalog::Catalog;
use crate::db::{CartEdit, CartLine, Store, StoreError};
use crate::domain::{Cart, CartItem, Feature, Product, Quantity, UserId};
use crate::events::{CartTotals, Event, EventLine, EventType};

/// `owner`'s cart priced from the catalog. Lines whose product left the catalog are not shown
/// (and not sold).
pub async fn priced(store: &Store, catalog: &Catalog, owner: &UserId) -> Result<Cart, StoreError> {
    let lines = store.cart_lines(owner).await?;
    Ok(priced_lines(catalog, &lines))
}

/// Stored cart lines priced from the catalog (lines of products no longer sold left out).
pub fn priced_lines(catalog: &Catalog, lines: &[CartLine]) -> Cart {
    let items = lines
        .iter()
        .filter_map(|l| {
            let index = catalog.index_of(&l.product_id)?;
            Some(CartItem {
                index,
                product: catalog.at(index).clone(),
                quantity: l.quantity,
            })
        })
        .collect();
    Cart { items }
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

/// How many of `product` the owner's cart holds.
pub async fn quantity_of(
    store: &Store,
    owner: &UserId,
    product: &Product,
) -> Result<i64, StoreError> {
    let lines = store.cart_lines(owner).await?;
    Ok(lines
        .iter()
        .find(|l| l.product_id == product.id.as_str())
        .map_or(0, |l| l.quantity))
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
/// change, already stored with it (`None` when nothing changed, such as setting the quantity a
/// line already has). The caller hands the event to `Tracker::track_stored`.
pub struct CartChange {
    pub cart: Cart,
    pub event: Option<Event>,
}

/// What an add or a quantity change came to.
pub enum Edited {
    /// The line now holds `in_cart` units.
    Changed { in_cart: i64, change: CartChange },
    /// The cart does not hold the product (a quantity change only); nothing changed.
    NotInCart,
    /// The cart would hold more than the store's `left` units; nothing changed.
    Short { left: i64 },
}

/// Adds `quantity` of `product` to the buyer's cart; says how many of it the cart now holds.
/// `feature` is the shelf the shopper added it from.
pub async fn add(
    store: &Store,
    catalog: &Catalog,
    buyer: &Buyer,
    product: &Product,
    quantity: Quantity,
    feature: Option<Feature>,
) -> Result<Edited, StoreError> {
    let edit = CartEdit::Add {
        product_id: product.id.as_str(),
        quantity: quantity.get(),
    };
    let mut cart = None;
    let (edited, event) = store
        .edit_cart(&buyer.owner, edit, |edited| {
            let priced = priced_lines(catalog, &edited.lines);
            let event = Event::product(EventType::ProductAdded, &buyer.actor, product, feature)
                .with("quantity", quantity.get())
                .with_cart(&totals(&priced));
            cart = Some(priced);
            Some(event)
        })
        .await?;
    Ok(match (edited.short, cart) {
        (Some(left), _) => Edited::Short { left },
        (None, Some(cart)) => Edited::Changed {
            in_cart: edited.quantity.unwrap_or(0),
            change: CartChange { cart, event },
        },
        (None, None) => Edited::NotInCart,
    })
}

/// Sets how many of `product` the buyer's cart holds.
pub async fn set_quantity(
    store: &Store,
    catalog: &Catalog,
    buyer: &Buyer,
    product: &Product,
    quantity: Quantity,
) -> Result<Edited, StoreError> {
    let edit = CartEdit::Set {
        product_id: product.id.as_str(),
        quantity: quantity.get(),
    };
    let mut cart = None;
    let (edited, event) = store
        .edit_cart(&buyer.owner, edit, |edited| {
            edited.quantity?;
            let priced = priced_lines(catalog, &edited.lines);
            let event = edited
                .quantity
                .filter(|&p| p != quantity.get())
                .map(|previous| {
                    Event::product(
                        EventType::ProductQuantityUpdated,
                        &buyer.actor,
                        product,
                        None,
                    )
                    .with("quantity", quantity.get())
                    .with("previousQuantity", previous)
                    .with_cart(&totals(&priced))
                });
            cart = Some(priced);
            event
        })
        .await?;
    Ok(match (edited.short, cart) {
        (Some(left), _) => Edited::Short { left },
        (None, Some(cart)) => Edited::Changed {
            in_cart: quantity.get(),
            change: CartChange { cart, event },
        },
        (None, None) => Edited::NotInCart,
    })
}

/// Takes `product_id` out of the buyer's cart. Says which product was removed, when a line of
/// a product still in the catalog was (only then is there an event).
pub async fn remove<'c>(
    store: &Store,
    catalog: &'c Catalog,
    buyer: &Buyer,
    product_id: &str,
) -> Result<(Option<&'c Product>, CartChange), StoreError> {
    let product = catalog.product(product_id);
    let mut cart = None;
    let (edited, event) = store
        .edit_cart(&buyer.owner, CartEdit::Remove { product_id }, |edited| {
            let priced = priced_lines(catalog, &edited.lines);
            let event = edited.quantity.zip(product).map(|(quantity, product)| {
                Event::product(EventType::ProductRemoved, &buyer.actor, product, None)
                    .with("quantity", quantity)
                    .with_cart(&totals(&priced))
            });
            cart = Some(priced);
            event
        })
        .await?;
    let removed = edited.quantity.and(product);
    let cart = cart.unwrap_or_default();
    Ok((removed, CartChange { cart, event }))
}
