//! Which catalog a store holds. Commands without `--catalog` work on it; a store follows its own
//! folder's updated files and finishes a seed cut short; switching it to another catalog takes
//! `seed --force`. (Before, `serve` without `--catalog` wrote the built-in seeds, and their
//! history, over a million-product store.) On PostgreSQL too when a server is configured.

use std::path::Path;

use storefront::config::Settings;
use storefront::db::{EventFilter, Store};

use crate::helpers::*;

fn generate(out: &Path, products: usize, seed: u64) {
    stdout_of(
        storefront()
            .args(["generate-seeds", "--products", &products.to_string()])
            .args(["--shoppers", "12", "--seed", &seed.to_string(), "--out"])
            .arg(out),
    );
}

/// `storefront seed` on `url` with `flags`: whether it succeeded, and what it said.
fn seed(url: &str, flags: &[&str], catalog: Option<&Path>) -> (bool, String) {
    let mut command = storefront();
    command
        .args(["seed", "--database", url, "--history-interactions", "400"])
        .args(flags);
    if let Some(dir) = catalog {
        command.arg("--catalog").arg(dir);
    }
    let out = command.output().unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

/// The product ids the store holds, sorted, and how many events.
async fn holds(url: &str) -> (Vec<String>, usize) {
    let store = Store::connect(url).await.unwrap();
    let mut ids: Vec<String> = store
        .load_products()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id.as_str().to_string())
        .collect();
    ids.sort();
    let events = store.events(&EventFilter::default()).await.unwrap().len();
    store.close().await;
    (ids, events)
}

fn ids_of(dir: &Path) -> Vec<String> {
    let mut ids: Vec<String> = storefront::catalog::CatalogSource::Dir(dir.to_path_buf())
        .load()
        .unwrap()
        .products
        .into_iter()
        .map(|p| p.id.as_str().to_string())
        .collect();
    ids.sort();
    ids
}

/// A database seeded from a generated folder `mine`, and another folder `other` with other
/// products and the same shoppers beside it.
fn seeded_with_mine() -> (
    tempfile::TempDir,
    crate::testdb::TestDatabase,
    std::path::PathBuf,
    std::path::PathBuf,
) {
    let dir = tempfile::tempdir().unwrap();
    let (mine, other) = (dir.path().join("mine"), dir.path().join("other"));
    generate(&mine, 30, 1);
    generate(&other, 20, 2);
    // The same shoppers in both, as when folders without shoppers take the store's own: their
    // histories must still not share an event id.
    std::fs::copy(mine.join("users.json.gz"), other.join("users.json.gz")).unwrap();
    let database = crate::testdb::empty_database(dir.path());
    assert!(seed(&database.url, &[], Some(&mine)).0);
    (dir, database, mine, other)
}

#[tokio::test]
async fn without_catalog_serve_and_seed_keep_the_catalog_the_database_holds() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine");
    generate(&mine, 30, 1);
    let database = crate::testdb::empty_database(dir.path());
    let (ok, said) = seed(&database.url, &[], Some(&mine));
    assert!(ok && said.contains("seeded from"), "{said}");
    let (products, events) = holds(&database.url).await;
    assert_eq!(products, ids_of(&mine));
    assert!(events > 0, "the folder's history is drawn");

    let (ok, said) = seed(&database.url, &[], None);
    assert!(
        ok && said.contains("already seeded with the catalog from"),
        "{said}"
    );
    assert_eq!(holds(&database.url).await, (products.clone(), events));

    // The shop started without --catalog serves the held catalog.
    let app = spawn_with(|s| s.database_url = database.url.clone()).await;
    let (status, _) = app.get_page(&format!("/product/{}", products[0])).await;
    assert_eq!(status, 200, "a product of the held catalog has its page");
    let builtin = storefront::catalog::CatalogSource::Builtin.load().unwrap();
    let foreign = builtin
        .products
        .iter()
        .map(|p| p.id.as_str().to_string())
        .find(|id| !products.contains(id))
        .unwrap();
    let (status, _) = app.get_page(&format!("/product/{foreign}")).await;
    assert_eq!(
        status, 404,
        "the built-in seeds are not written over the held catalog"
    );
    let _stopped = app.stop().await;
    let (after, events_after) = holds(&database.url).await;
    assert_eq!(after, products);
    assert!(
        (events..=events + 2).contains(&events_after),
        "only the visit's own events were added, no other history: {events} → {events_after}"
    );
}

#[tokio::test]
async fn switching_a_store_to_another_catalog_is_refused_unless_forced() {
    let (_dir, database, mine, other) = seeded_with_mine();
    let before = holds(&database.url).await;

    // Forced with the files it holds, the seed finds its history stored and draws none twice.
    let (ok, said) = seed(&database.url, &["--force"], Some(&mine));
    assert!(ok && said.contains("seeded from"), "{said}");
    assert_eq!(holds(&database.url).await, before);

    let (ok, said) = seed(&database.url, &[], Some(&other));
    assert!(!ok, "{said}");
    assert!(
        said.contains("holds the catalog from")
            && said.contains("nothing was changed")
            && said.contains("--force"),
        "the refusal names the held catalog and the way to replace it: {said}"
    );
    assert_eq!(
        holds(&database.url).await,
        before,
        "the refused seed changed nothing"
    );

    // `serve --catalog other` is refused the same way before it serves anything.
    let settings = Settings {
        bind: "127.0.0.1:0".into(),
        database_url: database.url.clone(),
        catalog_dir: Some(other.clone()),
        ..Settings::default()
    };
    let refused = match storefront::app::Application::build(settings).await {
        Ok(_) => panic!("serve on another catalog than the held one is refused"),
        Err(e) => e.to_string(),
    };
    assert!(refused.contains("--force"), "{refused}");
    assert_eq!(holds(&database.url).await, before);

    // `train` (a command that works on the store) says how to replace it.
    let out = storefront()
        .args(["train", "--database", &database.url, "--catalog"])
        .arg(&other)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && said.contains("--force"), "{said}");

    let (ok, said) = seed(&database.url, &["--force"], Some(&other));
    assert!(ok && said.contains("seeded from"), "{said}");
    let (products, events) = holds(&database.url).await;
    assert_eq!(
        products,
        ids_of(&other),
        "forced, the other catalog replaces it"
    );
    let alone_dir = tempfile::tempdir().unwrap();
    let alone = crate::testdb::empty_database(alone_dir.path());
    assert!(seed(&alone.url, &[], Some(&other)).0);
    let other_history = holds(&alone.url).await.1;
    assert!(other_history > 0);
    assert_eq!(
        events,
        before.1 + other_history,
        "the other catalog's whole history is drawn beside the events it held"
    );
    let (ok, said) = seed(&database.url, &[], None);
    assert!(ok && said.contains("already seeded"), "{said}");
    assert_eq!(holds(&database.url).await.0, ids_of(&other));
}

#[tokio::test]
async fn a_store_follows_its_folders_new_files_and_finishes_a_seed_cut_short() {
    let (dir, database, mine, other) = seeded_with_mine();

    // The operator rewrote the folder's files: the store follows them.
    generate(&mine, 36, 3);
    let (ok, said) = seed(&database.url, &[], Some(&mine));
    assert!(ok && said.contains("seeded from"), "{said}");
    assert_eq!(holds(&database.url).await.0, ids_of(&mine));

    // A forced seed of the other catalog cut short: it recorded its source and may have
    // written its tables, but never finished. A start without --catalog finishes it rather
    // than keeping a half-written store; naming a third catalog is refused.
    let store = Store::connect(&database.url).await.unwrap();
    let finished = store.meta("catalog_fingerprint").await.unwrap().unwrap();
    let other_fingerprint = storefront::catalog::CatalogSource::Dir(other.clone())
        .load()
        .unwrap()
        .fingerprint;
    store
        .set_meta(
            "catalog_source",
            &format!(
                "{other_fingerprint} dir:{}",
                other.canonicalize().unwrap().display()
            ),
        )
        .await
        .unwrap();
    let third = dir.path().join("third");
    generate(&third, 10, 4);
    let (ok, said) = seed(&database.url, &[], Some(&third));
    assert!(!ok && said.contains("cut short"), "{said}");
    assert_eq!(
        store.meta("catalog_fingerprint").await.unwrap(),
        Some(finished),
        "the refusal changed nothing"
    );
    let (ok, said) = seed(&database.url, &[], None);
    assert!(ok && said.contains("seeded from"), "{said}");
    assert_eq!(holds(&database.url).await.0, ids_of(&other));
    assert_eq!(
        store.meta("catalog_fingerprint").await.unwrap(),
        Some(other_fingerprint.clone()),
        "the seed finished"
    );

    // A store seeded before sources were recorded keeps its catalog, and naming its folder
    // records it.
    store.delete_meta("catalog_source").await.unwrap();
    let (ok, said) = seed(&database.url, &[], None);
    assert!(ok && said.contains("already seeded"), "{said}");
    assert_eq!(holds(&database.url).await.0, ids_of(&other));
    let (ok, said) = seed(&database.url, &[], Some(&other));
    assert!(ok && said.contains("already seeded"), "{said}");
    assert!(
        store
            .meta("catalog_source")
            .await
            .unwrap()
            .is_some_and(|r| r.starts_with(&other_fingerprint)),
        "the folder is recorded"
    );

    // Without a record, `seed --force` cannot know what to seed again: it asks for the folder.
    store.delete_meta("catalog_source").await.unwrap();
    let (ok, said) = seed(&database.url, &["--force"], None);
    assert!(!ok && said.contains("--catalog DIR --force"), "{said}");
    assert_eq!(holds(&database.url).await.0, ids_of(&other));
    // An earlier version's seed cut short, from a folder it did not record (no meta at all,
    // products in the tables): kept and named, not written over with the built-in seeds.
    store.delete_meta("catalog_fingerprint").await.unwrap();
    let (ok, said) = seed(&database.url, &[], None);
    assert!(!ok && said.contains("did not finish"), "{said}");
    assert_eq!(holds(&database.url).await.0, ids_of(&other));
    let (ok, said) = seed(&database.url, &[], Some(&other));
    assert!(ok && said.contains("seeded from"), "{said}");
    assert_eq!(
        store.meta("catalog_fingerprint").await.unwrap(),
        Some(other_fingerprint),
        "named, its folder finishes it"
    );
    store.close().await;
}

#[tokio::test]
async fn a_store_of_the_built_in_seeds_from_before_sources_were_recorded_is_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let database = crate::testdb::empty_database(dir.path());
    let (ok, said) = seed(&database.url, &[], None);
    assert!(
        ok && said.contains("seeded from the store's own seeds"),
        "{said}"
    );
    let store = Store::connect(&database.url).await.unwrap();
    let record = store.meta("catalog_source").await.unwrap().unwrap();
    assert!(record.ends_with(" builtin"), "{record}");
    store.delete_meta("catalog_source").await.unwrap();
    let (ok, said) = seed(&database.url, &[], None);
    assert!(
        ok && said.contains("already seeded with the store's own seeds"),
        "{said}"
    );
    assert_eq!(
        store.meta("catalog_source").await.unwrap(),
        Some(record),
        "recognised by its fingerprint and recorded again"
    );
    store.close().await;
}
