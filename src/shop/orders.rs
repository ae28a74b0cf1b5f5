//! Orders after they are placed: the one a shopper asks to see, and their latest ones.

use crate::db::{Store, StoreError};
use crate::domain::{Order, OrderId, UserId};

/// How many orders the profile page lists.
pub const RECENT: i64 = 20;

/// The order `id`, if one of `owners` (the ids a browser shops under: its cart's owner, the
/// account, the anonymous id) placed it. Anyone else's order is as absent as one that never
/// existed, so order ids cannot be probed.
pub async fn owned_by(
    store: &Store,
    id: &OrderId,
    owners: &[UserId],
) -> Result<Option<Order>, StoreError> {
    let order = store.order(id).await?;
    Ok(order.filter(|o| owners.contains(&o.user_id)))
}

/// `user_id`'s latest orders, newest first.
pub async fn recent(store: &Store, user_id: &UserId) -> Result<Vec<Order>, StoreError> {
    store.orders_for(user_id, RECENT).await
}
