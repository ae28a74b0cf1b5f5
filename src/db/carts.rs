use super::{Store, StoreError};
use crate::clock::now_micros;

use crate::domain::{MAX_QUANTITY, UserId};

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

    /// Adds `quantity` to the line (creating it), capped at `MAX_QUANTITY`; returns the new
    /// quantity.
    pub async fn add_to_cart(
        &self,
        user_id: &UserId,
        product_id: &str,
        quantity: i64,
    ) -> Result<i64, StoreError> {
        let quantity = with_pool!(self, |pool| {
            sqlx::query_scalar(
                "INSERT INTO cart_lines (user_id, product_id, quantity, added_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (user_id, product_id) DO UPDATE \
                 SET quantity = CASE WHEN cart_lines.quantity + excluded.quantity > $5 THEN $5 \
                 ELSE cart_lines.quantity + excluded.quantity END \
                 RETURNING quantity",
            )
            .bind(user_id.as_str())
            .bind(product_id)
            .bind(quantity.min(MAX_QUANTITY))
            .bind(now_micros())
            .bind(MAX_QUANTITY)
            .fetch_one(pool)
            .await?
        });
        Ok(quantity)
    }

    /// Sets the quantity of an existing line; returns the previous quantity, or `None` when
    /// the product is not in the cart (nothing changes then).
    pub async fn set_cart_quantity(
        &self,
        user_id: &UserId,
        product_id: &str,
        quantity: i64,
    ) -> Result<Option<i64>, StoreError> {
        let previous = with_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            // Write first: it takes SQLite's write lock (waiting its busy timeout) before the read,
            // where a read first would fail at once (SQLITE_BUSY) if the tracker committed events
            // in between; on PostgreSQL it locks the line, so a concurrent change on another
            // instance cannot slip between the read and the write.
            sqlx::query(
                "UPDATE cart_lines SET quantity = quantity WHERE user_id = $1 AND product_id = $2",
            )
            .bind(user_id.as_str())
            .bind(product_id)
            .execute(&mut *tx)
            .await?;
            let previous = sqlx::query_scalar(
                "SELECT quantity FROM cart_lines WHERE user_id = $1 AND product_id = $2",
            )
            .bind(user_id.as_str())
            .bind(product_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(previous): Option<i64> = previous else {
                return Ok(None);
            };
            sqlx::query(
                "UPDATE cart_lines SET quantity = $1 WHERE user_id = $2 AND product_id = $3",
            )
            .bind(quantity)
            .bind(user_id.as_str())
            .bind(product_id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            previous
        });
        Ok(Some(previous))
    }

    /// Removes the line; returns its quantity, or `None` when it was not there.
    pub async fn remove_from_cart(
        &self,
        user_id: &UserId,
        product_id: &str,
    ) -> Result<Option<i64>, StoreError> {
        let quantity = with_pool!(self, |pool| {
            sqlx::query_scalar(
                "DELETE FROM cart_lines WHERE user_id = $1 AND product_id = $2 RETURNING quantity",
            )
            .bind(user_id.as_str())
            .bind(product_id)
            .fetch_optional(pool)
            .await?
        });
        Ok(quantity)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

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
        store.add_to_cart(&user, "p", 1).await.unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let writer = tokio::spawn({
            let (store, stop) = (store.clone(), stop.clone());
            async move {
                let actor = Actor {
                    user_id: "a".into(),
                    session_id: "s".into(),
                    anonymous: false,
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
                    .set_cart_quantity(&user, "p", 1 + i % 5)
                    .await
                    .is_err(),
            );
        }
        stop.store(true, Ordering::Relaxed);
        writer.await.unwrap();
        assert_eq!(failed, 0, "changes refused while events were written");
    }
}
