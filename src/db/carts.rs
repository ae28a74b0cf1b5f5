//! Carts: their lines, and each change to them written with the event that records it.

use super::{EventRow, Store, StoreError};
use crate::clock::now_micros;
use crate::domain::{MAX_QUANTITY, UserId};
use crate::events::Event;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CartLine {
    pub product_id: String,
    pub quantity: i64,
}

impl Store {
    /// Lines in the order they were first added.
    pub async fn cart_lines(&self, user_id: &UserId) -> Result<Vec<CartLine>, StoreError> {
        let lines = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT product_id, quantity FROM cart_lines WHERE user_id = $1 \
                 ORDER BY added_at, product_id",
            )
            .bind(user_id.as_str())
            .fetch_all(pool)
            .await?
        });
        Ok(lines)
    }
}

/// One change to a cart line.
#[derive(Debug, Clone, Copy)]
pub enum CartEdit<'a> {
    /// Adds `quantity` (creating the line), capped at `MAX_QUANTITY`.
    Add { product_id: &'a str, quantity: i64 },
    /// Sets the quantity of a line the cart already holds.
    Set { product_id: &'a str, quantity: i64 },
    /// Takes the line out.
    Remove { product_id: &'a str },
}

impl CartEdit<'_> {
    pub fn product_id(&self) -> &str {
        match self {
            CartEdit::Add { product_id, .. }
            | CartEdit::Set { product_id, .. }
            | CartEdit::Remove { product_id } => product_id,
        }
    }
}

/// A cart edit as it was applied: the line's quantity it speaks of, and the cart afterwards.
#[derive(Debug, Clone, PartialEq)]
pub struct CartEdited {
    /// `Add`: the line's new quantity. `Set`: the line's previous quantity, `None` when the cart
    /// did not hold the product (nothing changed then). `Remove`: the quantity removed, `None`
    /// when there was no such line.
    pub quantity: Option<i64>,
    /// The cart's lines after the edit, in the order they were first added.
    pub lines: Vec<CartLine>,
    /// `Some(units in stock)` when the edit would have put more of the product in the cart than
    /// the store has: nothing changed then, no event was written and `lines` is empty.
    pub short: Option<i64>,
}

impl Store {
    /// Applies `edit` to `user_id`'s cart and writes the event `record` makes of the result (the
    /// cart as it now is) in the same transaction: a cart change and its event are stored
    /// together or not at all, and a failed write (a full disk) is an error, never a success.
    pub async fn edit_cart(
        &self,
        user_id: &UserId,
        edit: CartEdit<'_>,
        record: impl FnOnce(&CartEdited) -> Option<Event>,
    ) -> Result<(CartEdited, Option<Event>), StoreError> {
        let user = user_id.as_str();
        let product = edit.product_id();
        let outcome = with_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            // (what `CartEdited::quantity` reports, the line's quantity after the edit).
            let quantity: Option<(i64, i64)> = match edit {
                CartEdit::Add { quantity, .. } => Some(
                    sqlx::query_scalar(
                        "INSERT INTO cart_lines (user_id, product_id, quantity, added_at) \
                         VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (user_id, product_id) DO UPDATE \
                         SET quantity = CASE WHEN cart_lines.quantity + excluded.quantity > $5 THEN $5 \
                         ELSE cart_lines.quantity + excluded.quantity END \
                         RETURNING quantity",
                    )
                    .bind(user)
                    .bind(product)
                    .bind(quantity.min(MAX_QUANTITY))
                    .bind(now_micros())
                    .bind(MAX_QUANTITY)
                    .fetch_one(&mut *tx)
                    .await
                    .map(|now: i64| (now, now))?,
                ),
                CartEdit::Set { quantity, .. } => {
                    // Write first: it takes SQLite's write lock (waiting its busy timeout) before
                    // the read, where a read first would fail at once (SQLITE_BUSY) if the tracker
                    // committed events in between; on PostgreSQL it locks the line, so a change on
                    // another instance cannot slip between the read and the write.
                    sqlx::query(
                        "UPDATE cart_lines SET quantity = quantity WHERE user_id = $1 AND product_id = $2",
                    )
                    .bind(user)
                    .bind(product)
                    .execute(&mut *tx)
                    .await?;
                    let previous = sqlx::query_scalar(
                        "SELECT quantity FROM cart_lines WHERE user_id = $1 AND product_id = $2",
                    )
                    .bind(user)
                    .bind(product)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if previous.is_some() {
                        sqlx::query(
                            "UPDATE cart_lines SET quantity = $1 WHERE user_id = $2 AND product_id = $3",
                        )
                        .bind(quantity.min(MAX_QUANTITY))
                        .bind(user)
                        .bind(product)
                        .execute(&mut *tx)
                        .await?;
                    }
                    previous.map(|p| (p, quantity))
                }
                CartEdit::Remove { .. } => {
                    let removed: Option<i64> = sqlx::query_scalar(
                        "DELETE FROM cart_lines WHERE user_id = $1 AND product_id = $2 RETURNING quantity",
                    )
                    .bind(user)
                    .bind(product)
                    .fetch_optional(&mut *tx)
                    .await?;
                    removed.map(|r| (r, 0))
                }
            };
            // The cart may not hold more than the store has (read in the edit's transaction; an
            // order takes its units in its own, see `place_order`).
            if let Some((_, now)) = quantity.filter(|&(_, now)| now > 0) {
                let stock: Option<i64> =
                    sqlx::query_scalar("SELECT current_stock FROM products WHERE id = $1")
                        .bind(product)
                        .fetch_optional(&mut *tx)
                        .await?;
                if let Some(stock) = stock.filter(|&stock| now > stock) {
                    tx.rollback().await?;
                    let edited = CartEdited {
                        quantity: quantity.map(|(reported, _)| reported),
                        lines: Vec::new(),
                        short: Some(stock.max(0)),
                    };
                    return Ok((edited, None));
                }
            }
            let quantity = quantity.map(|(reported, _)| reported);
            let lines = sqlx::query_as(
                "SELECT product_id, quantity FROM cart_lines WHERE user_id = $1 \
                 ORDER BY added_at, product_id",
            )
            .bind(user)
            .fetch_all(&mut *tx)
            .await?;
            let edited = CartEdited {
                quantity,
                lines,
                short: None,
            };
            let event = record(&edited);
            if let Some(event) = &event {
                let (sql, rows) = self.event_insert(&[EventRow::from(event)]);
                sqlx::query(&sql).bind(rows).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            (edited, event)
        });
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::CartEdit;
    use crate::db::Store;
    use crate::domain::UserId;
    use crate::events::{Actor, Event, EventType};

    #[tokio::test]
    async fn quantity_changes_wait_for_the_event_writer_instead_of_failing() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("cart.db").display());
        let store = Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        let user = UserId::from("u");
        let add = CartEdit::Add {
            product_id: "p",
            quantity: 1,
        };
        store.edit_cart(&user, add, |_| None).await.unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let writer = tokio::spawn({
            let (store, stop) = (store.clone(), stop.clone());
            async move {
                let actor = Actor {
                    user_id: "a".into(),
                    session_id: "s".into(),
                    anonymous: false,
                    simulation: None,
                };
                while !stop.load(Ordering::Relaxed) {
                    let batch: Vec<Event> = (0..20)
                        .map(|_| Event::new(EventType::ProductViewed, &actor, Some("p")))
                        .collect();
                    store.insert_events(&batch).await.unwrap();
                }
            }
        });
        let mut failed = 0;
        for i in 0..500 {
            failed += usize::from(
                store
                    .edit_cart(
                        &user,
                        CartEdit::Set {
                            product_id: "p",
                            quantity: 1 + i % 5,
                        },
                        |_| None,
                    )
                    .await
                    .is_err(),
            );
        }
        stop.store(true, Ordering::Relaxed);
        writer.await.unwrap();
        assert_eq!(failed, 0, "changes refused while events were written");
    }
}
