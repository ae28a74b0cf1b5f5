//! Writing events: the [`EventRow`] encoding, the shop's batches, and the bulk [`EventLoader`]
//! (a simulation, a seed history).
//!
//! On an SQLite file both step prepared multi-row inserts directly through rusqlite (over the
//! same libsqlite3 sqlx links): the loader on a thread of its own, the shop's batches through
//! the store's `DirectWriter`. sqlx's SQLite driver costs several microseconds a row, which is
//! the simulator's whole budget (200,000 events a second), and its one-JSON-parameter batch
//! had SQLite unpack every field. PostgreSQL takes `COPY` (`event_copy.rs`) for the loader and
//! the JSON batch for the shop's.

use super::event_copy::PgLoader;
use super::sqlite::{blocking, open_direct};
use super::{Backend, Store, StoreError, insert_sql};
use crate::domain::{EventId, SessionId, UserId};
use crate::events::{Event, EventType};

/// One event encoded as the `events` table stores it. Encoding (the properties as JSON text)
/// is the costly part of a write, so producers do it on their own thread.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub event_id: EventId,
    pub event_type: EventType,
    pub user_id: UserId,
    pub session_id: SessionId,
    pub item_id: Option<String>,
    pub occurred_at: i64,
    pub properties: String,
    /// Written by the simulator (its events carry `"simulated": true`).
    pub simulated: bool,
    /// The `feature` property's JSON text, stored in a column of its own for funnels
    /// ([`FEATURE`]); `None` when the event has none.
    pub feature: Option<String>,
}

/// The property that has a column of its own in `events` (of the same name), holding its JSON
/// text: the shelf a view came from, which funnels filter and group by most. A funnel's read
/// takes the column instead of searching each row's JSON (`db::funnel`).
pub const FEATURE: &str = "feature";

/// The [`FEATURE`] column's value for an event with these properties.
fn feature_of(properties: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    properties.get(FEATURE).map(serde_json::Value::to_string)
}

impl From<&Event> for EventRow {
    fn from(e: &Event) -> Self {
        EventRow {
            simulated: e.is_simulated(),
            feature: feature_of(&e.properties),
            event_id: e.event_id.clone(),
            event_type: e.event_type,
            user_id: e.user_id.clone(),
            session_id: e.session_id.clone(),
            item_id: e.item_id.clone(),
            occurred_at: e.timestamp.as_micros(),
            properties: serde_json::to_string(&e.properties).unwrap_or_else(|_| "{}".into()),
        }
    }
}

impl From<Event> for EventRow {
    fn from(e: Event) -> Self {
        EventRow {
            simulated: e.is_simulated(),
            feature: feature_of(&e.properties),
            properties: serde_json::to_string(&e.properties).unwrap_or_else(|_| "{}".into()),
            event_id: e.event_id,
            event_type: e.event_type,
            user_id: e.user_id,
            session_id: e.session_id,
            item_id: e.item_id,
            occurred_at: e.timestamp.as_micros(),
        }
    }
}

/// The `events` table's columns as [`EventRow`] fills them, in its fields' order.
pub(super) const EVENT_COLUMNS: [&str; 9] = [
    "event_id",
    "event_type",
    "user_id",
    "session_id",
    "item_id",
    "occurred_at",
    "properties",
    "simulated",
    FEATURE,
];

/// What makes a repeated event (a retry, a second writer) a no-op.
pub(super) const SKIP_STORED: &str = " ON CONFLICT (event_id) DO NOTHING";

/// Rows per multi-row `INSERT` on SQLite: each statement also updates the `AUTOINCREMENT`
/// counter once, so fewer, larger statements cost less (9 × 100 parameters stays far below
/// SQLite's limit).
const ROWS_PER_STATEMENT: usize = 100;

/// Rows per transaction on SQLite. Shoppers' events land all over the index by user, so a
/// transaction rewrites most of its pages whatever its size: few large transactions write
/// (and later checkpoint) far less than many small ones.
const ROWS_PER_TRANSACTION: usize = 250_000;

/// Rows per transaction of a loader in [`LoadMode::Exclusive`] on SQLite: few enough commits
/// to write each page rarely, and a write-ahead log of a few gigabytes at most.
const EXCLUSIVE_ROWS_PER_TRANSACTION: usize = 4_000_000;

/// The longest a bulk transaction stays open: the shop's own writers wait for it.
const MAX_TRANSACTION_TIME: std::time::Duration = std::time::Duration::from_secs(1);

/// Rows per statement through the pool: one JSON parameter per 10,000 rows keeps each
/// statement a few megabytes.
const ROWS_PER_POOL_STATEMENT: usize = 10_000;

/// The SQLite page cache of a loader in [`LoadMode::Exclusive`] (KiB, as `cache_size` takes
/// it negative): the events' indexes take rows in random order (event ids, times), so a load
/// of millions rewrites pages all over them; a cache that holds them writes each page once.
const EXCLUSIVE_CACHE_KIB: i64 = 1 << 20;

/// How a loader commits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadMode {
    /// In short transactions (on SQLite at most a second, and whenever the producer is behind),
    /// so that a running shop's own writers get in between: `storefront simulate`.
    Shared,
    /// In large transactions: the seed's history, written while no shop serves from the
    /// database (an instance seeds before it serves, under the seed lock). On PostgreSQL one
    /// transaction; on an SQLite file one per few million rows (an in-memory one commits each
    /// statement through its pool), because a transaction's pages stay in
    /// SQLite's write-ahead log until it commits, and fifty million events in one would need
    /// the database's size twice over on disk. A seed cut short is redone, and the events it
    /// had stored are skipped by id.
    Exclusive,
}

/// What the errors of the SQLite writer thread say failed.
const WRITING_EVENTS: &str = "writing events (SQLite event loader)";
const WRITING_SHOP_EVENTS: &str = "writing the shop's events (SQLite)";

impl Store {
    /// Writes rows in one transaction, on an SQLite file through the store's own connection
    /// (`DirectWriter`), else through the pool; events already stored (same `event_id`) are
    /// skipped. Returns how many were new.
    pub(super) async fn insert_event_rows(&self, rows: Vec<EventRow>) -> Result<u64, StoreError> {
        if rows.is_empty() {
            return Ok(0);
        }
        if let Some(writer) = self.direct_writer() {
            return writer
                .transaction(WRITING_SHOP_EVENTS, move |conn| {
                    insert_rows_sqlite(conn, &rows)
                })
                .await;
        }
        let (sql, rows) = self.event_insert(&rows);
        let inserted = with_pool!(self, |pool| {
            sqlx::query(&sql)
                .bind(rows)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(inserted)
    }

    /// The statement that writes `rows` and its one parameter, for the pool (PostgreSQL, an
    /// in-memory SQLite) or for the transaction of a change the events record (a cart change,
    /// an order). The whole batch goes as one JSON parameter that the database unpacks itself:
    /// binding eight parameters per row through sqlx cost five times the insert.
    pub(super) fn event_insert(&self, rows: &[EventRow]) -> (String, String) {
        let rows = serde_json::Value::Array(
            rows.iter()
                .map(|r| {
                    serde_json::json!([
                        r.event_id,
                        r.event_type.as_str(),
                        r.user_id,
                        r.session_id,
                        r.item_id,
                        r.occurred_at,
                        r.properties,
                        i64::from(r.simulated),
                        r.feature,
                    ])
                })
                .collect(),
        )
        .to_string();
        let columns = EVENT_COLUMNS.join(", ");
        let sql = match self.backend() {
            Backend::Sqlite => format!(
                "INSERT INTO events ({columns}) \
                 SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8 \
                 FROM json_each(?) WHERE true{SKIP_STORED}"
            ),
            Backend::Postgres => format!(
                "INSERT INTO events ({columns}) \
                 SELECT r->>0, r->>1, r->>2, r->>3, r->>4, (r->>5)::BIGINT, r->>6, (r->>7)::INTEGER, r->>8 \
                 FROM json_array_elements($1::json) AS r{SKIP_STORED}"
            ),
        };
        (sql, rows)
    }

    /// A writer for large numbers of events (a simulation, a seed history): `write` hands it
    /// rows, `finish` waits until all are stored and says how many were new (events already
    /// stored, by `event_id`, are skipped). `mode`: how it commits.
    pub async fn event_loader(&self, mode: LoadMode) -> Result<EventLoader, StoreError> {
        if let super::Pools::Postgres(pool) = &self.pools {
            return Ok(EventLoader {
                target: LoaderTarget::Postgres(Box::new(PgLoader::new(pool.clone(), mode))),
            });
        }
        let target = match self.direct_sqlite() {
            Some(path) => {
                let path = path.to_string();
                let conn = blocking("opening SQLite for the event loader", move || {
                    let conn = open_direct(&path)?;
                    if mode == LoadMode::Exclusive {
                        conn.execute_batch(&format!("PRAGMA cache_size = -{EXCLUSIVE_CACHE_KIB}"))?;
                    }
                    Ok(conn)
                })
                .await?;
                let commits = match mode {
                    LoadMode::Shared => Commits::SHARED,
                    LoadMode::Exclusive => Commits::EXCLUSIVE,
                };
                // A few batches in flight: enough to keep the writer busy, bounded in memory.
                let (rows, received) = tokio::sync::mpsc::channel(4);
                let writer = std::thread::Builder::new()
                    .name("event-loader".into())
                    .spawn(move || write_rows_sqlite(conn, received, commits))
                    .map_err(|source| StoreError::Spawn {
                        what: WRITING_EVENTS,
                        source,
                    })?;
                LoaderTarget::Sqlite {
                    rows,
                    writer: Some(writer),
                }
            }
            None => LoaderTarget::Pool {
                store: self.clone(),
                written: 0,
            },
        };
        Ok(EventLoader { target })
    }
}

/// Writes event rows in bulk; see [`Store::event_loader`].
pub struct EventLoader {
    target: LoaderTarget,
}

enum LoaderTarget {
    /// A thread of its own with its own connection, so producing the next rows and writing
    /// these overlap.
    Sqlite {
        rows: tokio::sync::mpsc::Sender<Vec<EventRow>>,
        writer: Option<std::thread::JoinHandle<Result<u64, StoreError>>>,
    },
    /// PostgreSQL, through `COPY`.
    Postgres(Box<PgLoader>),
    /// An in-memory SQLite database, private to the pool's connection.
    Pool { store: Store, written: u64 },
}

impl EventLoader {
    /// Hands over rows to be written; waits only while the writer is several batches behind.
    pub async fn write(&mut self, rows: Vec<EventRow>) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        match &mut self.target {
            LoaderTarget::Postgres(loader) => loader.write(&rows).await,
            LoaderTarget::Pool { store, written } => {
                for chunk in rows.chunks(ROWS_PER_POOL_STATEMENT) {
                    *written += store.insert_event_rows(chunk.to_vec()).await?;
                }
                Ok(())
            }
            LoaderTarget::Sqlite {
                rows: queue,
                writer,
            } => {
                if queue.send(rows).await.is_ok() {
                    return Ok(());
                }
                // The writer stopped early, which only an error makes it do: report that.
                join_writer(writer.take()).await.map(|_| ())
            }
        }
    }

    /// Waits until every row handed over is stored; returns how many were new.
    pub async fn finish(self) -> Result<u64, StoreError> {
        match self.target {
            LoaderTarget::Postgres(loader) => loader.finish().await,
            LoaderTarget::Pool { written, .. } => Ok(written),
            LoaderTarget::Sqlite { rows, writer } => {
                drop(rows);
                join_writer(writer).await
            }
        }
    }
}

/// The writer thread's outcome. `None`: it was already joined, and its error reported.
async fn join_writer(
    writer: Option<std::thread::JoinHandle<Result<u64, StoreError>>>,
) -> Result<u64, StoreError> {
    let Some(writer) = writer else {
        return Err(StoreError::Stopped {
            what: WRITING_EVENTS,
        });
    };
    blocking(WRITING_EVENTS, move || {
        writer
            .join()
            .unwrap_or_else(|payload| Err(StoreError::panicked(WRITING_EVENTS, payload)))
    })
    .await
}

/// When the SQLite writer thread commits (besides at the end).
#[derive(Debug, Clone, Copy)]
struct Commits {
    /// After this many rows.
    rows: usize,
    /// After a transaction was open this long.
    time: Option<std::time::Duration>,
    /// Before waiting for the producer.
    when_idle: bool,
}

impl Commits {
    const SHARED: Commits = Commits {
        rows: ROWS_PER_TRANSACTION,
        time: Some(MAX_TRANSACTION_TIME),
        when_idle: true,
    };
    const EXCLUSIVE: Commits = Commits {
        rows: EXCLUSIVE_ROWS_PER_TRANSACTION,
        time: None,
        when_idle: false,
    };
}

/// The SQLite writer thread: rows as they come, committed as `commits` says and at the end.
fn write_rows_sqlite(
    conn: rusqlite::Connection,
    mut received: tokio::sync::mpsc::Receiver<Vec<EventRow>>,
    commits: Commits,
) -> Result<u64, StoreError> {
    use tokio::sync::mpsc::error::TryRecvError;
    let mut written = 0u64;
    // The open transaction: when it began and its rows. On an error the connection is dropped
    // with it, which rolls it back.
    let mut open: Option<(std::time::Instant, usize)> = None;
    loop {
        let rows = match received.try_recv() {
            Ok(rows) => rows,
            Err(TryRecvError::Disconnected) => break,
            Err(TryRecvError::Empty) => {
                // Nothing waiting: commit before waiting, so the shop's own writers never wait
                // on a producer (they give up after the busy timeout).
                if commits.when_idle && open.take().is_some() {
                    conn.execute_batch("COMMIT")?;
                }
                match received.blocking_recv() {
                    Some(rows) => rows,
                    None => break,
                }
            }
        };
        let (began, pending) = open.get_or_insert_with(|| (std::time::Instant::now(), 0));
        if *pending == 0 {
            conn.execute_batch("BEGIN IMMEDIATE")?;
        }
        written += insert_rows_sqlite(&conn, &rows)?;
        *pending += rows.len();
        if *pending >= commits.rows || commits.time.is_some_and(|t| began.elapsed() >= t) {
            conn.execute_batch("COMMIT")?;
            open = None;
        }
    }
    if open.is_some() {
        conn.execute_batch("COMMIT")?;
    }
    Ok(written)
}

/// Writes `rows` in statements of `ROWS_PER_STATEMENT` rows and, for the rest, of powers of
/// two: a few statement shapes, each prepared once per connection, whatever the batch sizes.
fn insert_rows_sqlite(conn: &rusqlite::Connection, rows: &[EventRow]) -> Result<u64, StoreError> {
    let mut written = 0u64;
    let mut rest = rows;
    while !rest.is_empty() {
        let size = if rest.len() >= ROWS_PER_STATEMENT {
            ROWS_PER_STATEMENT
        } else {
            1 << rest.len().ilog2()
        };
        let (chunk, after) = rest.split_at(size);
        rest = after;
        let sql = insert_sql(Backend::Sqlite, "events", &EVENT_COLUMNS, chunk.len()) + SKIP_STORED;
        let mut statement = conn.prepare_cached(&sql)?;
        let mut n = 0;
        for row in chunk {
            // In EVENT_COLUMNS' order.
            statement.raw_bind_parameter(n + 1, row.event_id.as_str())?;
            statement.raw_bind_parameter(n + 2, row.event_type.as_str())?;
            statement.raw_bind_parameter(n + 3, row.user_id.as_str())?;
            statement.raw_bind_parameter(n + 4, row.session_id.as_str())?;
            statement.raw_bind_parameter(n + 5, &row.item_id)?;
            statement.raw_bind_parameter(n + 6, row.occurred_at)?;
            statement.raw_bind_parameter(n + 7, &row.properties)?;
            statement.raw_bind_parameter(n + 8, i64::from(row.simulated))?;
            statement.raw_bind_parameter(n + 9, &row.feature)?;
            n += EVENT_COLUMNS.len();
        }
        written += statement.raw_execute()? as u64;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testkit::{events, store};

    #[tokio::test]
    async fn the_loader_commits_every_batch_once_across_transactions() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir).await;
        let conn = open_direct(store.direct_sqlite().unwrap()).unwrap();
        let (send, received) = tokio::sync::mpsc::channel(8);
        // Transactions of 40 rows or more: the 100 rows below take three.
        let commits = Commits {
            rows: 40,
            ..Commits::SHARED
        };
        let writer = std::thread::spawn(move || write_rows_sqlite(conn, received, commits));
        let all = events(110, 1_000_000);
        for chunk in all[..100].chunks(30) {
            send.send(chunk.iter().map(EventRow::from).collect())
                .await
                .unwrap();
        }
        // A batch partly repeated (a retry) writes only its new rows, in the last transaction.
        let last = all[..10].iter().chain(&all[100..]).map(EventRow::from);
        send.send(last.collect()).await.unwrap();
        drop(send);
        assert_eq!(writer.join().unwrap().unwrap(), 110);
        let stored = store
            .events(&crate::db::EventFilter::default())
            .await
            .unwrap();
        assert_eq!(stored.len(), 110);
        assert_eq!(
            stored[7].event,
            Event {
                anonymous: false,
                ..all[7].clone()
            }
        );
        let simulated = store
            .events(&crate::db::EventFilter {
                simulated: Some(true),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(simulated.len(), 28);

        // Through the public loader too: everything is already there.
        let mut loader = store.event_loader(LoadMode::Exclusive).await.unwrap();
        loader
            .write(all.iter().map(EventRow::from).collect())
            .await
            .unwrap();
        assert_eq!(loader.finish().await.unwrap(), 0);
    }

    /// The shop's own batches on a file go through the direct connection: in their order,
    /// repeated events skipped, and a batch that fails leaves nothing of itself behind and does
    /// not stop the next one.
    #[tokio::test]
    async fn the_shops_batches_are_written_whole_and_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir).await;
        let stored = |store: Store| async move {
            store
                .events(&crate::db::EventFilter::default())
                .await
                .unwrap()
        };
        let all = events(300, 1_000_000);
        // 237 rows: statements of 100, 100, 32, 4 and 1 rows.
        assert_eq!(store.insert_events(&all[..237]).await.unwrap(), 237);
        let ids: Vec<_> = stored(store.clone())
            .await
            .into_iter()
            .map(|e| e.event.event_id)
            .collect();
        let expected: Vec<_> = all[..237].iter().map(|e| e.event_id.clone()).collect();
        assert_eq!(ids, expected, "stored once each, in the batch's order");
        // A retried batch with a few new events writes only those.
        assert_eq!(store.insert_events(&all[200..250]).await.unwrap(), 13);

        with_pool!(store, |pool| sqlx::query(
            "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.user_id = 'refused' \
             BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
        .execute(pool)
        .await
        .map(|_| ())
        .unwrap());
        let mut failing = all[250..].to_vec();
        failing[40].user_id = "refused".into();
        assert!(store.insert_events(&failing).await.is_err());
        assert_eq!(stored(store.clone()).await.len(), 250, "nothing of it kept");
        with_pool!(store, |pool| sqlx::query("DROP TRIGGER refuse")
            .execute(pool)
            .await
            .map(|_| ())
            .unwrap());
        assert_eq!(store.insert_events(&failing).await.unwrap(), 50);
        assert_eq!(stored(store.clone()).await.len(), 300);
        store.close().await;
        assert!(
            store.insert_events(&events(1, 0)).await.is_err(),
            "a closed store takes no more events"
        );
    }

    /// The writer opens its connection only on the file the store opened: a file put in its
    /// place is not written (the pool would go on with the old one, and the two would share a
    /// write-ahead log by name).
    #[tokio::test]
    async fn a_file_put_in_the_stores_place_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir).await;
        let path = dir.path().join("t.db");
        std::fs::rename(&path, dir.path().join("moved.db")).unwrap();
        std::fs::write(&path, b"").unwrap();
        let refused = store.insert_events(&events(3, 0)).await.unwrap_err();
        assert!(refused.to_string().contains("replaced"), "{refused}");
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
    }
}
