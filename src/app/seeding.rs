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
use crate::simulate::HistoryOptions;

pub(super) const CATALOG_FINGERPRINT: &str = "catalog_fingerprint";
/// The catalog in the tables and the fingerprint its seed is to reach:
/// `"{fingerprint} {source}"` ([`CatalogSource::to_record`]), written before the seed changes
/// anything. It differs from [`CATALOG_FINGERPRINT`] while a seed is under way or was cut short.
const CATALOG_SOURCE: &str = "catalog_source";
/// Where a seed keeps its history's end and the settings it is drawn with (see
/// [`history_settings`]), under the catalog's fingerprint, until the history is written.
const HISTORY_END: &str = "seed_history_end";
/// The key a catalog's history ids carry (see [`history_ids`]), under its fingerprint.
const HISTORY_IDS: &str = "seed_history_ids";
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
    /// store, or a store an earlier version seeded without recording its source.
    source: Option<(String, CatalogSource)>,
    /// The source was not recorded but recognised (the built-in seeds of this version, by
    /// their fingerprint): the next look records it, so a newer version's seeds still know it.
    inferred: bool,
    /// Whether the tables hold a catalog: a store with no meta at all may hold one that an
    /// earlier version began to seed and did not finish.
    has_products: bool,
}

impl Held {
    async fn read(store: &Store) -> anyhow::Result<Held> {
        let finished = store.meta(CATALOG_FINGERPRINT).await?;
        let recorded = store.meta(CATALOG_SOURCE).await?.and_then(|record| {
            let (fingerprint, source) = record.split_once(' ')?;
            Some((fingerprint.to_string(), CatalogSource::from_record(source)?))
        });
        let mut inferred = false;
        let source = match (recorded, &finished) {
            (Some(recorded), _) => Some(recorded),
            (None, Some(finished)) if *finished == CatalogSource::Builtin.load()?.fingerprint => {
                inferred = true;
                Some((finished.clone(), CatalogSource::Builtin))
            }
            (None, _) => None,
        };
        let has_products = store.has_products().await?;
        Ok(Held {
            finished,
            source,
            inferred,
            has_products,
        })
    }

    fn is_empty(&self) -> bool {
        self.finished.is_none() && self.source.is_none() && !self.has_products
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
            None if self.finished.is_none() => "a catalog an earlier version began to seed, \
                 from a source it did not record, and did not finish"
                .to_string(),
            None => "a catalog an earlier version seeded without recording its source (a \
                     folder, or the built-in seeds of that version)"
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
    // The catalog a seed cut short began to write, to finish it: read with a message that says
    // what to do when it cannot be.
    let finishing = |source: &CatalogSource| {
        tracing::info!(catalog = %source.describe(), "finishing a seed cut short");
        source.load().map_err(|e| {
            anyhow::anyhow!(
                "a seed of {} was cut short and cannot be finished: {e}. Restore the folder, or \
                 replace the catalog on purpose with `storefront seed --catalog DIR --force`",
                source.describe()
            )
        })
    };
    if held.is_empty() {
        return seed(named.unwrap_or(CatalogSource::Builtin), None).await;
    }
    if intent == Intent::Replace {
        let Some(source) = named.or_else(|| held.source().cloned()) else {
            anyhow::bail!(
                "the database holds {}; name the catalog to replace it with: `storefront seed \
                 --catalog DIR --force`",
                held.describe()
            );
        };
        return seed(source, None).await;
    }
    let Some(named) = named else {
        if let Some(unfinished) = held.unfinished() {
            let data = finishing(unfinished)?;
            return seed(unfinished.clone(), Some(data)).await;
        }
        if held.source().is_none() {
            if held.finished.is_none() {
                anyhow::bail!(
                    "the database holds {}; nothing was changed. Run the seed again with the \
                     folder it began with (`storefront seed --catalog DIR`), or give an empty \
                     database",
                    held.describe()
                );
            }
            tracing::warn!(
                "the database holds {}; it is kept. `storefront seed --catalog DIR` records \
                 its folder, and `storefront seed --catalog DIR --force` replaces it",
                held.describe()
            );
            return Ok(kept(&held));
        }
        if intent == Intent::Follow && held.source() == Some(&CatalogSource::Builtin) {
            // The store's own seeds of this version: a newer version's replace an older's.
            let data = CatalogSource::Builtin.load()?;
            if held.finished.as_ref() != Some(&data.fingerprint) {
                return seed(CatalogSource::Builtin, Some(data)).await;
            }
        }
        if held.inferred
            && let Some((fingerprint, source)) = &held.source
        {
            record_source(store, fingerprint, source).await?;
        }
        return Ok(kept(&held));
    };
    let data = named.load()?;
    if let Some(unfinished) = held.unfinished() {
        if unfinished.same_place(&named) {
            tracing::info!(catalog = %named.describe(), "finishing a seed cut short");
            return seed(named, Some(data)).await;
        }
        anyhow::bail!(
            "a seed of {} was cut short; nothing was changed. Finish it first (run the command \
             again without --catalog), or replace it on purpose with `storefront seed --catalog \
             {} --force`",
            unfinished.describe(),
            named.describe()
        );
    }
    if held.finished.is_none() {
        // An earlier version's seed cut short, from a source it did not record: the folder
        // named now finishes it (the tables hold no finished catalog to protect).
        return seed(named, Some(data)).await;
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

/// What a store holds when it keeps its catalog.
fn kept(held: &Held) -> Seeding {
    Seeding {
        seeded: false,
        catalog: held.describe(),
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
    let catalog_key = history_ids(store, &data.fingerprint, begun.is_some()).await?;
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
    super::history::write_history(store, catalog, shoppers, engine, end, catalog_key).await?;
    // The history is whole: a seed redone from here (cut short before the next line) stores
    // nothing of it again whatever its end, as the events' ids do not depend on it, so the
    // end and settings are forgotten first and never outlive a finished seed.
    store.delete_meta(&history_key).await?;
    // Last: a seed cut short is redone on the next start.
    store.set_meta(CATALOG_FINGERPRINT, &fingerprint).await?;
    Ok(())
}

/// The key this catalog's history ids carry ([`HistoryOptions::catalog_key`]), the same for
/// every seed of it, so a seed redone (cut short, or `--force`) finds what it stored and skips
/// it: kept in the store the first time. A history an earlier version wrote, whose ids carry
/// none (a seed of it cut short, `cut_short_earlier`, or finished before sources were
/// recorded), goes on without one.
async fn history_ids(
    store: &Store,
    fingerprint: &str,
    cut_short_earlier: bool,
) -> anyhow::Result<u64> {
    let name = format!("{HISTORY_IDS}:{fingerprint}");
    if let Some(kept) = store.meta(&name).await? {
        return kept
            .parse()
            .map_err(|_| anyhow::anyhow!("the store's {name} is not a number: {kept}"));
    }
    let written_earlier = cut_short_earlier
        || (store.meta(CATALOG_SOURCE).await?.is_none()
            && store.meta(CATALOG_FINGERPRINT).await?.as_deref() == Some(fingerprint));
    let key = if written_earlier {
        0
    } else {
        HistoryOptions::catalog_key(fingerprint)
    };
    store.set_meta(&name, &key.to_string()).await?;
    Ok(key)
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
