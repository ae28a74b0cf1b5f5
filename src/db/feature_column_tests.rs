//! Migration 0006 on a database that already holds events: the `feature` column is filled from
//! each stored event's JSON, and a funnel's read through it gives what the JSON gives. On
//! SQLite always; on PostgreSQL too when `STOREFRONT_TEST_DATABASE_URL` names a server.

use std::borrow::Cow;

use super::event_writer::EventRow;
use super::funnel::FunnelSelection;
use super::testkit::events;
use super::{Pools, Store};
use crate::analytics::property::name;
use crate::clock::Timestamp;
use crate::events::EventType;

/// The migrations before the column.
fn before_the_column(mut migrator: sqlx::migrate::Migrator) -> sqlx::migrate::Migrator {
    let old: Vec<_> = migrator
        .migrations
        .iter()
        .filter(|m| m.version < 6)
        .cloned()
        .collect();
    migrator.migrations = Cow::Owned(old);
    migrator
}

/// Stores events as the writers before the column did, migrates, and reads them back.
async fn backfills(store: &Store) {
    match &store.pools {
        Pools::Sqlite { pool, .. } => before_the_column(sqlx::migrate!("./migrations/sqlite"))
            .run(pool)
            .await
            .unwrap(),
        Pools::Postgres(pool) => before_the_column(sqlx::migrate!("./migrations/postgres"))
            .run(pool)
            .await
            .unwrap(),
    }
    let stored = events(300, 1_000_000);
    for e in &stored {
        let row = EventRow::from(e);
        with_pool!(store, |pool| {
            sqlx::query(
                "INSERT INTO events (event_id, event_type, user_id, session_id, item_id, \
                 occurred_at, properties, simulated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(row.event_id.as_str())
            .bind(row.event_type.as_str())
            .bind(row.user_id.as_str())
            .bind(row.session_id.as_str())
            .bind(row.item_id.as_deref())
            .bind(row.occurred_at)
            .bind(&row.properties)
            .bind(i32::from(row.simulated))
            .execute(pool)
            .await
            .unwrap();
        });
    }
    store.migrate().await.unwrap();

    let column: Vec<Option<String>> = with_pool!(store, |pool| {
        sqlx::query_scalar("SELECT feature FROM events ORDER BY seq")
            .fetch_all(pool)
            .await
            .unwrap()
    });
    let expected: Vec<Option<String>> = stored.iter().map(|e| EventRow::from(e).feature).collect();
    assert_eq!(column, expected);
    assert_eq!(column[0].as_deref(), Some("\"home_product_recs\""));
    assert_eq!(column[1].as_deref(), Some("\"\""));

    let rows = store
        .funnel_rows(&FunnelSelection {
            types: vec![EventType::ProductViewed],
            since: Timestamp::from_micros(0),
            until: Timestamp::from_micros(i64::MAX / 2),
            properties: vec![name("feature"), name("even-minute")],
            ..FunnelSelection::default()
        })
        .await
        .unwrap();
    assert_eq!(rows.len(), 300);
    for (i, row) in rows.iter().enumerate() {
        let feature = if i % 3 == 0 { "home_product_recs" } else { "" };
        assert_eq!(row.properties["feature"], feature);
        assert_eq!(row.properties["even-minute"], i % 2 == 0);
    }
}

#[tokio::test]
async fn the_migration_fills_the_feature_column_of_stored_events_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("t.db").display()))
        .await
        .unwrap();
    backfills(&store).await;
}

#[tokio::test]
async fn the_migration_fills_the_feature_column_of_stored_events_on_postgres() {
    let Some(postgres) = super::testkit::TempPostgres::create("sf_backfill").await else {
        return;
    };
    backfills(&postgres.store).await;
    postgres.drop().await;
}
