//! Which catalog a store holds, and when a command may seed or replace it.
//!
//! A store remembers the catalog it was seeded from (the built-in seeds or a folder). Without
//! `--catalog`, every command works on that catalog: an operator who seeded a million products
//! and starts `serve` without the flag gets the million products, not the built-in 2,400 written
//! over them with their own history beside the million products' events. A store follows
//! updates of its own source (the built-in seeds of a newer version, a folder whose files
//! changed) and finishes a seed cut short; switching it to another catalog takes
//! `seed --force`.

use std::path::Path;

use crate::catalog::{Catalog, CatalogSource, SeedData};
use crate::config::{EngineSettings, Settings};
use crate::db::Store;

pub(super) const CATALOG_FINGERPRINT: &str = "catalog_fingerprint";
/// The catalog in the tables and the fingerprint its seed is to reach:
/// `"{fingerprint} {source}"` ([`CatalogSource::to_record`]), written before the seed changes
/// anything. It differs from [`CATALOG_FINGERPRINT`] while a seed is under way or was cut short.
const CATALOG_SOURCE: &str = "catalog_source";
/// Where a seed keeps its history's end and the settings it is drawn with (see
/// [`history_settings`]), under the catalog's fingerprint, until the history is written.
const HISTORY_END: &str = "seed_history_end";
/// The database-wide lock held while seeding.
const SEED_LOCK: i64 = 0x5eed_5707;

/// What a command may do to the catalog a store holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// `serve` and `seed`: seed an empty store, follow updates of the source it was seeded from,
    /// finish a seed cut short; never switch to another catalog.
    Follow,
    /// `train`, `simulate`, `export`: work on what the store holds; seed only an empty store and
    /// finish a seed cut short.
    UseHeld,
    /// `seed --force`: write the named catalog (without `--catalog`, the held one again).
    Replace,
}

/// What settling the catalog did.
#[derive(Debug, Clone)]
pub struct Seeding {
    /// Whether it seeded now.
    pub seeded: bool,
    /// The catalog the store holds now, in words.
    pub catalog: String,
}

/// Connects and migrates; seeds the catalog when the database has none, or follows an update of
/// the one it holds ([`Intent::Follow`]). Returns the store and what was done.
pub async fn prepare_database(settings: &Settings) -> anyhow::Result<(Store, Seeding)> {
    let store = super::connect_and_migrate(settings).await?;
    let seeding = settle_catalog(&store, settings, Intent::Follow).await?;
    Ok((store, seeding))
}

/// Connects and migrates for a command that works on what the store holds (`train`,
/// `simulate`, `export personalize`): seeds it only when it holds no catalog yet (or finishes a
/// seed cut short). Naming another catalog than the held one (`--catalog`) is an error.
pub async fn open_seeded_database(settings: &Settings) -> anyhow::Result<Store> {
    let store = super::connect_and_migrate(settings).await?;
    settle_catalog(&store, settings, Intent::UseHeld).await?;
    Ok(store)
}

/// Brings the store's catalog to what `intent` allows for the catalog the settings name, under
/// the database-wide seed lock: instances starting together on an empty database, one seeds,
/// the others wait for it and then find the catalog there.
pub async fn settle_catalog(
    store: &Store,
    settings: &Settings,
    intent: Intent,
) -> anyhow::Result<Seeding> {
    let lock = store.exclusive(SEED_LOCK).await?;
    let settled = settle_locked(
        store,
        settings.catalog_dir.as_deref(),
        intent,
        &settings.engine,
    )
    .await;
    lock.release().await;
    settled
}

/// What the store's meta says about its catalog.
struct Held {
    /// The fingerprint of the last seed that finished; `None`: no seed ever finished.
    finished: Option<String>,
    /// The catalog in the tables and the fingerprint its seed is to reach; `None` for an empty
    /// store, or a store seeded by a version that did not record it from a folder.
    source: Option<(String, CatalogSource)>,
}

impl Held {
    async fn read(store: &Store) -> anyhow::Result<Held> {
        let finished = store.meta(CATALOG_FINGERPRINT).await?;
        let recorded = store.meta(CATALOG_SOURCE).await?.and_then(|record| {
            let (fingerprint, source) = record.split_once(' ')?;
            Some((fingerprint.to_string(), CatalogSource::from_record(source)?))
        });
        let source = match (recorded, &finished) {
            (Some(recorded), _) => Some(recorded),
            // Seeded before the source was recorded: the built-in seeds are recognised by
            // their fingerprint; a folder cannot be named.
            (None, Some(finished)) if *finished == CatalogSource::Builtin.load()?.fingerprint => {
                Some((finished.clone(), CatalogSource::Builtin))
            }
            (None, _) => None,
        };
        Ok(Held { finished, source })
    }

    fn is_empty(&self) -> bool {
        self.finished.is_none() && self.source.is_none()
    }

    fn source(&self) -> Option<&CatalogSource> {
        self.source.as_ref().map(|(_, source)| source)
    }

    /// The source whose seed began and did not finish.
    fn unfinished(&self) -> Option<&CatalogSource> {
        self.source
            .as_ref()
            .filter(|(fingerprint, _)| self.finished.as_ref() != Some(fingerprint))
            .map(|(_, source)| source)
    }

    fn describe(&self) -> String {
        match self.source() {
            Some(CatalogSource::Builtin) => "the store's own seeds".to_string(),
            Some(dir) => format!("the catalog from {}", dir.describe()),
            None => "a catalog seeded by an earlier version, which did not record its folder"
                .to_string(),
        }
    }
}

async fn settle_locked(
    store: &Store,
    named: Option<&Path>,
    intent: Intent,
    engine: &EngineSettings,
) -> anyhow::Result<Seeding> {
    let held = Held::read(store).await?;
    let named = named.map(|dir| CatalogSource::Dir(dir.to_path_buf()));
    let seed = |source: CatalogSource, data: Option<SeedData>| async move {
        let data = match data {
            Some(data) => data,
            None => source.load()?,
        };
        write_seed(store, &source, data, engine).await?;
        anyhow::Ok(Seeding {
            seeded: true,
            catalog: source.describe(),
        })
    };
    let kept = |held: &Held| Seeding {
        seeded: false,
        catalog: held.describe(),
    };
    if held.is_empty() {
        return seed(named.unwrap_or(CatalogSource::Builtin), None).await;
    }
    if intent == Intent::Replace {
        let source = named
            .or_else(|| held.source().cloned())
            .unwrap_or(CatalogSource::Builtin);
        return seed(source, None).await;
    }
    let Some(named) = named else {
        if let Some(unfinished) = held.unfinished() {
            tracing::info!(catalog = %unfinished.describe(), "finishing a seed cut short");
            return seed(unfinished.clone(), None).await;
        }
        if intent == Intent::Follow && held.source() == Some(&CatalogSource::Builtin) {
            // The store's own seeds of this version: a newer version's replace an older's.
            let data = CatalogSource::Builtin.load()?;
            if held.finished.as_ref() != Some(&data.fingerprint) {
                return seed(CatalogSource::Builtin, Some(data)).await;
            }
        }
        if held.source().is_none() {
            tracing::warn!(
                "the database holds a catalog seeded by an earlier version from a folder it did \
                 not record; it is kept. `storefront seed --catalog DIR` records it"
            );
        }
        return Ok(kept(&held));
    };
    let data = named.load()?;
    if let Some(unfinished) = held.unfinished() {
        if unfinished.same_place(&named) {
            tracing::info!(catalog = %named.describe(), "finishing a seed cut short");
            return seed(named, Some(data)).await;
        }
        let began = unfinished.describe();
        anyhow::bail!(
            "a seed of {began} was cut short; nothing was changed. Finish it first (run the \
             command again without --catalog), or replace it on purpose with `storefront seed --catalog {} --force`",
            named.describe()
        );
    }
    if held.finished.as_ref() == Some(&data.fingerprint) {
        if !held
            .source()
            .is_some_and(|source| source.same_place(&named))
        {
            // The same files (moved, or seeded before sources were recorded): from now on
            // the store knows them by this folder.
            record_source(store, &data.fingerprint, &named).await?;
        }
        return Ok(Seeding {
            seeded: false,
            catalog: named.describe(),
        });
    }
    let own_source = held
        .source()
        .is_some_and(|source| source.same_place(&named));
    if own_source && intent == Intent::Follow {
        // The folder's files changed.
        return seed(named, Some(data)).await;
    }
    let dir = named.describe();
    match intent {
        Intent::UseHeld if own_source => anyhow::bail!(
            "the database holds another version of the catalog in {dir}; `storefront seed \
             --catalog {dir}` updates it, or leave out --catalog to use the one it holds"
        ),
        Intent::UseHeld => anyhow::bail!(
            "the database holds another catalog than {dir} ({}); `storefront seed --catalog \
             {dir} --force` replaces it, or leave out --catalog to use the one it holds",
            held.describe()
        ),
        _ => anyhow::bail!(
            "the database holds {}, not the catalog in {dir}; nothing was changed. Leave out \
             --catalog to use the one it holds, give an empty database (--database), or \
             replace it on purpose with `storefront seed --catalog {dir} --force` (the events \
             it holds stay, about products it will no longer have, and {dir}'s history is \
             drawn beside them)",
            held.describe()
        ),
    }
}

async fn record_source(
    store: &Store,
    fingerprint: &str,
    source: &CatalogSource,
) -> anyhow::Result<()> {
    store
        .set_meta(
            CATALOG_SOURCE,
            &format!("{fingerprint} {}", source.to_record()),
        )
        .await?;
    Ok(())
}

/// Writes the catalog and shoppers of `source` unless the database already holds exactly
/// these files (or `force`), whatever catalog it holds: the seed step itself, below the rules
/// of [`settle_catalog`].
pub async fn seed_if_needed(
    store: &Store,
    source: &CatalogSource,
    force: bool,
    engine: &EngineSettings,
) -> anyhow::Result<bool> {
    let data = source.load()?;
    if !force && store.meta(CATALOG_FINGERPRINT).await?.as_deref() == Some(&data.fingerprint) {
        return Ok(false);
    }
    write_seed(store, source, data, engine).await?;
    Ok(true)
}

/// Replaces the catalog with `data` (from `source`) and writes its synthetic history.
async fn write_seed(
    store: &Store,
    source: &CatalogSource,
    data: SeedData,
    engine: &EngineSettings,
) -> anyhow::Result<()> {
    // The history commits as it goes (`LoadMode::Exclusive`): a seed cut short and redone must
    // draw the same history to the same end, so that what it stored is skipped, not doubled.
    // Redone with other settings it would draw other events beside those, so it is refused
    // before anything changes.
    let history_key = format!("{HISTORY_END}:{}", data.fingerprint);
    let settings = history_settings(engine);
    let begun = store.meta(&history_key).await?;
    match begun.as_deref().map(|record| history_record(record).1) {
        Some(Some(began_with)) if began_with != settings => anyhow::bail!(
            "a seed of this catalog was cut short after storing part of a history drawn with \
             {began_with}; this one asks for {settings}. Seed again with the settings it began \
             with to finish it (the rest is drawn, what it stored is skipped), or seed an empty \
             database"
        ),
        // Left by a version that did not record its settings: they cannot be compared.
        Some(None) => tracing::warn!(
            "a seed of this catalog was cut short by an earlier version, which did not record its \
             history's settings; if they were not {settings}, this history is drawn beside the \
             one it stored"
        ),
        _ => {}
    }
    tracing::info!(
        source = %source.describe(),
        products = data.products.len(),
        shoppers = data.shoppers.len(),
        "seeding the catalog"
    );
    // First: from here on the tables may hold this catalog, and a start without `--catalog`
    // finishes its seed rather than keeping a half-written one.
    record_source(store, &data.fingerprint, source).await?;
    let bar = super::progress_bar(
        data.rows(),
        "seeding {bar:40.cyan/blue} {pos}/{len} rows {msg}",
    );
    store
        .replace_catalog(&data.categories, &data.products, &data.shoppers, &|n| {
            bar.set_position(n);
        })
        .await?;
    bar.finish_with_message("done");
    let SeedData {
        categories,
        products,
        shoppers,
        fingerprint,
    } = data;
    let now = crate::clock::Timestamp::now();
    let end = if engine.history_interactions > 0 && !shoppers.is_empty() {
        let began = store
            .meta_get_or_insert(&history_key, &format!("{} {settings}", now.as_micros()))
            .await?;
        history_record(&began)
            .0
            .map_or(now, crate::clock::Timestamp::from_micros)
    } else {
        now
    };
    let catalog = Catalog::new(categories, products);
    super::history::write_history(store, catalog, shoppers, engine, end, &fingerprint).await?;
    // The history is whole: a seed redone from here (cut short before the next line) stores
    // nothing of it again whatever its end, as the events' ids do not depend on it, so the
    // end and settings are forgotten first and never outlive a finished seed.
    store.delete_meta(&history_key).await?;
    // Last: a seed cut short is redone on the next start.
    store.set_meta(CATALOG_FINGERPRINT, &fingerprint).await?;
    Ok(())
}

/// A seed's record of the history it is writing (under [`HISTORY_END`]): `"{end} {settings}"`,
/// the end in UTC µs; a version before the settings were kept wrote the end alone.
fn history_record(record: &str) -> (Option<i64>, Option<&str>) {
    match record.split_once(' ') {
        Some((end, settings)) => (end.parse().ok(), Some(settings)),
        None => (record.parse().ok(), None),
    }
}

/// The settings that decide which synthetic history a seed draws, in words (`--history-
/// interactions` and the `engine.history_*` settings).
fn history_settings(engine: &EngineSettings) -> String {
    format!(
        "{} interactions over {} days, seed {}",
        engine.history_interactions, engine.history_days, engine.history_seed
    )
}
