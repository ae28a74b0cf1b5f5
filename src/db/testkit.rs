//! Stores and event logs for the store's unit tests.

use super::Store;
use crate::clock::Timestamp;
use crate::events::{Actor, Event, EventType};

/// A migrated store on a fresh SQLite file in `dir`.
pub(super) async fn store(dir: &tempfile::TempDir) -> Store {
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("t.db").display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    store
}

/// A fresh, empty database on the PostgreSQL server `STOREFRONT_TEST_DATABASE_URL` names
/// (not migrated), dropped by [`TempPostgres::drop`].
pub(super) struct TempPostgres {
    admin: Store,
    name: String,
    pub store: Store,
}

impl TempPostgres {
    /// `None` when no server is named: the test has nothing to run against.
    pub async fn create(prefix: &str) -> Option<TempPostgres> {
        let server = std::env::var("STOREFRONT_TEST_DATABASE_URL").ok()?;
        let admin = Store::connect(&server).await.unwrap();
        let name = format!("{prefix}_{}", uuid::Uuid::new_v4().simple());
        with_pool!(admin, |pool| {
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(pool)
                .await
                .unwrap();
        });
        let base = server
            .rsplit_once('/')
            .map_or(server.as_str(), |(base, _)| base);
        let store = Store::connect(&format!("{base}/{name}")).await.unwrap();
        Some(TempPostgres { admin, name, store })
    }

    pub async fn drop(self) {
        self.store.close().await;
        with_pool!(self.admin, |pool| {
            // FORCE: a connection of the store's pool may still be closing.
            sqlx::query(&format!("DROP DATABASE {} WITH (FORCE)", self.name))
                .execute(pool)
                .await
                .unwrap();
        });
    }
}

/// `n` events, one a minute from `start`: views by five shoppers in seven sessions, every
/// third from a shelf, every other on an even minute, every fourth simulated.
pub(super) fn events(n: usize, start: i64) -> Vec<Event> {
    (0..n)
        .map(|i| {
            let actor = Actor {
                user_id: format!("u{}", i % 5).into(),
                session_id: format!("s{}", i % 7).into(),
                anonymous: false,
                simulation: None,
            };
            let mut e = Event::new(EventType::ProductViewed, &actor, Some("p1"))
                .with("feature", if i % 3 == 0 { "home_product_recs" } else { "" })
                .with("even-minute", i.is_multiple_of(2));
            e.timestamp = Timestamp::from_micros(start + i as i64 * 60_000_000);
            if i % 4 == 0 {
                e = e.with("simulated", true);
            }
            e
        })
        .collect()
}
