use super::{Store, StoreError};
use crate::clock::now_micros;

/// Models kept per catalog; older ones are deleted when a new one is saved.
const KEEP: i64 = 3;

impl Store {
    pub async fn save_model(
        &self,
        catalog_fingerprint: &str,
        interactions: u64,
        data: &[u8],
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO models (created_at, catalog_fingerprint, interactions, data) VALUES ($1, $2, $3, $4)",
            )
            .bind(now_micros())
            .bind(catalog_fingerprint)
            .bind(interactions as i64)
            .bind(data)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "DELETE FROM models WHERE catalog_fingerprint = $1 AND id NOT IN \
                 (SELECT id FROM models WHERE catalog_fingerprint = $2 ORDER BY id DESC LIMIT $3)",
            )
            .bind(catalog_fingerprint)
            .bind(catalog_fingerprint)
            .bind(KEEP)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The newest model trained for this catalog.
    pub async fn latest_model(
        &self,
        catalog_fingerprint: &str,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let data = with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT data FROM models WHERE catalog_fingerprint = $1 ORDER BY id DESC LIMIT 1",
            )
            .bind(catalog_fingerprint)
            .fetch_optional(pool)
            .await?
        });
        Ok(data)
    }
}
