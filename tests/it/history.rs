//! The seed's synthetic history as the bulk loader stores it (on PostgreSQL too when
//! `STOREFRONT_TEST_DATABASE_URL` names a server): the generator's events in the generator's
//! order, the same for the same seed, another history for another seed.

use storefront::app::seed_if_needed;
use storefront::catalog::{Catalog, CatalogSource};
use storefront::config::EngineSettings;
use storefront::db::{EventFilter, Store};
use storefront::events::Event;
use storefront::simulate::{HistoryGenerator, HistoryOptions};

const INTERACTIONS: usize = 30_000;

/// Seeds the store's own catalog with a history of `seed` into a fresh database; its events in
/// the order they were stored.
async fn loaded(seed: u64) -> Vec<Event> {
    let dir = tempfile::tempdir().unwrap();
    let (_database, store, engine) = empty_store(&dir, seed).await;
    assert!(
        seed_if_needed(&store, &CatalogSource::Builtin, true, &engine)
            .await
            .unwrap()
    );
    let events = store.events(&EventFilter::default()).await.unwrap();
    store.close().await;
    events.into_iter().map(|e| e.event).collect()
}

/// A fresh, migrated database in `dir` (on SQLite the database is a file in it; on PostgreSQL it
/// is dropped with the returned `TestDatabase`, which the test keeps), and the engine settings of
/// a history of `seed`.
async fn empty_store(
    dir: &tempfile::TempDir,
    seed: u64,
) -> (crate::testdb::TestDatabase, Store, EngineSettings) {
    let database = crate::testdb::empty_database(dir.path());
    let store = Store::connect(&database.url).await.unwrap();
    store.migrate().await.unwrap();
    let engine = EngineSettings {
        history_interactions: INTERACTIONS,
        history_seed: seed,
        ..EngineSettings::default()
    };
    (database, store, engine)
}

/// An event without its time, and its time from the history's first event: the history ends
/// when it is written, so two loads differ by a constant shift.
fn relative(events: &[Event]) -> Vec<(Event, i64)> {
    let first = events[0].timestamp;
    events
        .iter()
        .map(|e| {
            let at = e.timestamp - first;
            (
                Event {
                    timestamp: storefront::clock::Timestamp::default(),
                    anonymous: false,
                    ..e.clone()
                },
                at,
            )
        })
        .collect()
}

/// Fails at the first event that differs (times taken from each history's first event).
fn assert_same(a: &[Event], b: &[Event], what: &str) {
    let (a, b) = (relative(a), relative(b));
    if let Some(at) = (0..a.len().min(b.len())).find(|&i| a[i] != b[i]) {
        panic!("{what}: event {at} differs:\n{:?}\n{:?}", a[at], b[at]);
    }
    assert_eq!(a.len(), b.len(), "{what}: as many events");
}

#[tokio::test]
async fn the_loaded_history_is_the_generators_the_same_per_seed_and_another_for_another_seed() {
    let a = loaded(7).await;
    let b = loaded(7).await;
    let c = loaded(8).await;
    // Events count carts and orders besides the interactions, and every one of the 6,000
    // shoppers gets a session however small the history: 47,294 events at 30,000.
    assert!(
        (INTERACTIONS..INTERACTIONS * 2).contains(&a.len()),
        "about the requested size: {}",
        a.len()
    );
    assert_same(&a, &b, "same seed, same stored history");

    // What was stored is what the generator draws, shopper after shopper, however the loader
    // split the work between threads.
    let data = CatalogSource::Builtin.load().unwrap();
    let catalog = Catalog::new(data.categories.clone(), data.products.clone());
    let options = HistoryOptions {
        interactions: INTERACTIONS,
        seed: 7,
        catalog_key: HistoryOptions::catalog_key(&data.fingerprint),
        ..HistoryOptions::default()
    };
    let generator = HistoryGenerator::new(&catalog, data.shoppers.len(), &options);
    let generated: Vec<Event> = data
        .shoppers
        .iter()
        .flat_map(|s| generator.for_shopper(s))
        .collect();
    assert_same(&a, &generated, "the generator's events");

    let ids: std::collections::HashSet<_> = a.iter().map(|e| &e.event_id).collect();
    let shared = c.iter().filter(|e| ids.contains(&e.event_id)).count();
    assert_eq!(shared, 0, "another seed, other events");
    assert!(
        a.iter()
            .zip(&c)
            .filter(|(x, y)| x.item_id != y.item_id)
            .count()
            > a.len().min(c.len()) / 2,
        "another seed, other items"
    );
}

/// A seed cut short is redone with the history it had begun: the same events to the same end,
/// so the ones it had stored are skipped, not stored twice. (Its history commits as it goes.)
#[tokio::test]
async fn a_seed_redone_draws_the_history_it_began_and_stores_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (_database, store, engine) =
        empty_store(&dir, EngineSettings::default().history_seed).await;
    let fingerprint = CatalogSource::Builtin.load().unwrap().fingerprint;
    let key = format!("seed_history_end:{fingerprint}");
    // The end a seed wrote when it began, a day ago, before it was cut short.
    let begun = storefront::clock::Timestamp::now().as_micros() - storefront::clock::DAY;
    // What a seed leaves while it writes its history: the end, and the settings it draws with.
    let left = format!(
        "{begun} {INTERACTIONS} interactions over {} days, seed {}",
        engine.history_days, engine.history_seed
    );
    let seed = async || {
        store.set_meta(&key, &left).await.unwrap();
        seed_if_needed(&store, &CatalogSource::Builtin, true, &engine)
            .await
            .unwrap();
        store.events(&EventFilter::default()).await.unwrap()
    };
    let first = seed().await;
    let newest = first.iter().map(|e| e.event.timestamp.as_micros()).max();
    assert!(
        newest.is_some_and(|t| t <= begun && t > begun - storefront::clock::DAY),
        "the history ends where the seed began it: {newest:?} against {begun}"
    );
    assert_eq!(
        store.meta(&key).await.unwrap(),
        None,
        "a finished seed forgets its history's end"
    );
    let again = seed().await;
    assert_eq!(
        again.len(),
        first.len(),
        "the redone seed stored nothing twice"
    );
    store.close().await;
}

/// A seed cut short and redone with other history settings is refused before it changes
/// anything: it would draw other events beside the ones the first seed stored. Redone with the
/// settings it began with, it finishes.
#[tokio::test]
async fn a_seed_redone_with_other_history_settings_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_database, store, engine) = empty_store(&dir, 7).await;
    let fingerprint = CatalogSource::Builtin.load().unwrap().fingerprint;
    let key = format!("seed_history_end:{fingerprint}");
    let end = storefront::clock::Timestamp::now().as_micros();
    // What the seed leaves when it is cut short while writing its history of seed 7.
    let left = format!("{end} {INTERACTIONS} interactions over 90 days, seed 7");
    store.set_meta(&key, &left).await.unwrap();
    assert!(
        seed_if_needed(&store, &CatalogSource::Builtin, true, &engine)
            .await
            .unwrap()
    );
    let stored = store.events(&EventFilter::default()).await.unwrap().len();
    assert_eq!(
        store.meta(&key).await.unwrap(),
        None,
        "a finished seed forgets its history's end and settings"
    );
    store.set_meta(&key, &left).await.unwrap();
    let other = EngineSettings {
        history_seed: 8,
        ..engine.clone()
    };
    let refused = seed_if_needed(&store, &CatalogSource::Builtin, true, &other)
        .await
        .expect_err("a history of another seed on top of the stored one is refused");
    let message = refused.to_string();
    assert!(
        message.contains("interactions over 90 days, seed 7") && message.contains("seed 8"),
        "the message names both histories: {message}"
    );
    assert_eq!(
        store.events(&EventFilter::default()).await.unwrap().len(),
        stored,
        "the refused seed stored nothing"
    );
    assert_eq!(store.meta(&key).await.unwrap(), Some(left));
    seed_if_needed(&store, &CatalogSource::Builtin, true, &engine)
        .await
        .unwrap();
    assert_eq!(
        store.events(&EventFilter::default()).await.unwrap().len(),
        stored,
        "redone with its own settings, the seed stored nothing twice"
    );
    assert_eq!(store.meta(&key).await.unwrap(), None);
    store.close().await;
}
