//! The event table's bulk paths: writing a simulation or a seed history, and reading the rows a
//! funnel needs.
//!
//! On SQLite they step statements directly through rusqlite (over the same libsqlite3 sqlx
//! links) on a blocking thread: sqlx's SQLite driver and its `Any` layer cost several
//! microseconds a row, which is the simulator's whole budget (200,000 events a second) and
//! turned a funnel over a million stored events into a twenty-second read. PostgreSQL takes
//! the pool.

use serde_json::{Map, Value};
use sqlx::Row;

use super::events::{INTERACTIONS_SQL, push_interactions};
use super::{Backend, Interaction, Store, StoreError};
use crate::events::{Event, EventType};
use crate::hash::FxMap;

/// One event encoded as the `events` table stores it. Encoding (the properties as JSON text)
/// is the costly part of a write, so producers do it on their own thread.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub event_id: String,
    pub event_type: EventType,
    pub user_id: String,
    pub session_id: String,
    pub item_id: Option<String>,
    pub occurred_at: i64,
    pub properties: String,
    /// Written by the simulator (its events carry `"simulated": true`).
    pub simulated: bool,
}

impl From<&Event> for EventRow {
    fn from(e: &Event) -> Self {
        EventRow {
            simulated: e.is_simulated(),
            event_id: e.event_id.clone(),
            event_type: e.event_type,
            user_id: e.user_id.clone(),
            session_id: e.session_id.clone(),
            item_id: e.item_id.clone(),
            occurred_at: e.timestamp,
            properties: serde_json::to_string(&e.properties).unwrap_or_else(|_| "{}".into()),
        }
    }
}

impl From<Event> for EventRow {
    fn from(e: Event) -> Self {
        EventRow {
            simulated: e.is_simulated(),
            properties: serde_json::to_string(&e.properties).unwrap_or_else(|_| "{}".into()),
            event_id: e.event_id,
            event_type: e.event_type,
            user_id: e.user_id,
            session_id: e.session_id,
            item_id: e.item_id,
            occurred_at: e.timestamp,
        }
    }
}

pub(super) const EVENT_COLUMNS: [&str; 8] = [
    "event_id",
    "event_type",
    "user_id",
    "session_id",
    "item_id",
    "occurred_at",
    "properties",
    "simulated",
];

/// Rows per multi-row `INSERT` on SQLite: each statement also updates the `AUTOINCREMENT`
/// counter once, so fewer, larger statements cost less (8 × 100 parameters stays far below
/// SQLite's limit).
const ROWS_PER_STATEMENT: usize = 100;

/// Rows per transaction on SQLite. Shoppers' events land all over the index by user, so a
/// transaction rewrites most of its pages whatever its size: few large transactions write
/// (and later checkpoint) far less than many small ones.
const ROWS_PER_TRANSACTION: usize = 250_000;

/// The longest a bulk transaction stays open: the shop's own writers wait for it.
const MAX_TRANSACTION_TIME: std::time::Duration = std::time::Duration::from_secs(1);

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
    Pool {
        store: Store,
        written: u64,
    },
}

impl Store {
    /// A writer for large numbers of events (a simulation, a seed history): `write` hands it
    /// rows, `finish` waits until all are stored and says how many were new (events already
    /// stored, by `event_id`, are skipped).
    pub async fn event_loader(&self) -> Result<EventLoader, StoreError> {
        let target = match self.direct_sqlite() {
            Some(path) => {
                let path = path.to_string();
                let conn = tokio::task::spawn_blocking(move || open_direct(&path))
                    .await
                    .map_err(|e| StoreError::Corrupt(format!("opening SQLite: {e}")))??;
                // A few batches in flight: enough to keep the writer busy, bounded in memory.
                let (rows, received) = tokio::sync::mpsc::channel(4);
                let writer = std::thread::Builder::new()
                    .name("event-loader".into())
                    .spawn(move || write_rows_sqlite(conn, received, ROWS_PER_TRANSACTION))
                    .map_err(|e| StoreError::Corrupt(format!("starting the event writer: {e}")))?;
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

    /// The rows a funnel reads: events of `selection.types` in its time range, oldest first (ties
    /// in stored order), with only the properties it names.
    pub async fn funnel_rows(&self, selection: &FunnelSelection) -> Result<FunnelRows, StoreError> {
        // Reading a slice is CPU work for the database and for us, so one slice per core (at
        // most four) read at once use every core. Each slice reads on its own connection, so all
        // read up to one sequence number: a commit landing meanwhile is in none or all of them.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let newest: Option<i64> = sqlx::query("SELECT MAX(seq) FROM events")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        let selection = &FunnelSelection {
            through_seq: Some(newest.unwrap_or(0)),
            ..selection.clone()
        };
        match self.direct_sqlite() {
            Some(path) => {
                let (path, selection) = (path.to_string(), selection.clone());
                tokio::task::spawn_blocking(move || {
                    read_funnel_rows_parallel(&path, &selection, cores)
                })
                .await
                .map_err(|e| StoreError::Corrupt(format!("reading events: {e}")))?
            }
            None => {
                // One query per slice, at once, on connections of the pool.
                let reads: Vec<_> = selection
                    .slices(cores)
                    .into_iter()
                    .map(|slice| {
                        let store = self.clone();
                        tokio::spawn(async move { store.read_funnel_rows_pool(&slice).await })
                    })
                    .collect();
                let mut parts = Vec::with_capacity(reads.len());
                for read in reads {
                    parts.push(read.await.unwrap_or_else(|e| {
                        Err(StoreError::Corrupt(format!("reading events: {e}")))
                    }));
                }
                FunnelRows::joined(parts)
            }
        }
    }

    /// [`Store::interactions`] stepped directly on SQLite (half a million rows read in a
    /// fraction of what the pool takes, at every start and training); `None` elsewhere.
    pub(super) async fn read_interactions_directly(
        &self,
    ) -> Option<Result<Vec<Interaction>, StoreError>> {
        let path = self.direct_sqlite()?.to_string();
        let read = tokio::task::spawn_blocking(move || {
            let conn = open_direct(&path)?;
            let mut statement = conn.prepare(INTERACTIONS_SQL)?;
            let mut rows = statement.raw_query();
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                push_interactions(
                    &mut out,
                    text(row, 0)?,
                    optional_text(row, 1)?,
                    text(row, 2)?,
                    row.get(3)?,
                    optional_text(row, 4)?,
                );
            }
            Ok(out)
        })
        .await;
        Some(
            read.unwrap_or_else(|e| Err(StoreError::Corrupt(format!("reading interactions: {e}")))),
        )
    }

    /// The SQLite file the bulk paths open themselves, when there is one (an in-memory
    /// database is private to the pool's connection, so it takes the pool).
    fn direct_sqlite(&self) -> Option<&str> {
        match self.backend {
            Backend::Sqlite => self.sqlite_file.as_deref().filter(|f| *f != ":memory:"),
            Backend::Postgres => None,
        }
    }
}

impl EventLoader {
    /// Hands over rows to be written; waits only while the writer is several batches behind.
    pub async fn write(&mut self, rows: Vec<EventRow>) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        match &mut self.target {
            LoaderTarget::Pool { store, written } => {
                // One JSON parameter per 10,000 rows keeps each statement a few megabytes.
                for chunk in rows.chunks(10_000) {
                    *written += store.insert_event_rows(chunk).await?;
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
                match writer.take() {
                    Some(writer) => join_writer(writer).await.map(|_| ()),
                    None => Err(StoreError::Corrupt("the event writer has stopped".into())),
                }
            }
        }
    }

    /// Waits until every row handed over is stored; returns how many were new.
    pub async fn finish(self) -> Result<u64, StoreError> {
        match self.target {
            LoaderTarget::Pool { store, written } => {
                // Fresh statistics after a bulk load, or PostgreSQL plans the next funnel for the
                // table it knew (an index scan and a sort spilled to disk, twice the time).
                if store.backend() == Backend::Postgres && written > 0 {
                    sqlx::query("ANALYZE events").execute(&store.pool).await?;
                }
                Ok(written)
            }
            LoaderTarget::Sqlite { rows, writer } => {
                drop(rows);
                match writer {
                    Some(writer) => join_writer(writer).await,
                    None => Err(StoreError::Corrupt("the event writer has stopped".into())),
                }
            }
        }
    }
}

async fn join_writer(
    writer: std::thread::JoinHandle<Result<u64, StoreError>>,
) -> Result<u64, StoreError> {
    tokio::task::spawn_blocking(move || {
        writer
            .join()
            .unwrap_or_else(|_| Err(StoreError::Corrupt("the event writer panicked".into())))
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("writing events: {e}")))?
}

/// A connection of the bulk paths' own, set up as the pool's are (WAL, waiting for the other
/// writers instead of failing).
fn open_direct(path: &str) -> Result<rusqlite::Connection, StoreError> {
    // Never create: the pool made the file, and a path read differently must fail loudly
    // rather than fill a new, empty database.
    use rusqlite::OpenFlags;
    let conn = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; \
         PRAGMA cache_size = -65536; PRAGMA mmap_size = 2147418112; \
         PRAGMA wal_autocheckpoint = 4000; PRAGMA temp_store = MEMORY;",
    )?;
    Ok(conn)
}

/// The SQLite writer thread: rows as they come, committed every [`ROWS_PER_TRANSACTION`], after
/// [`MAX_TRANSACTION_TIME`], whenever it would otherwise wait for the producer, and at the end.
fn write_rows_sqlite(
    conn: rusqlite::Connection,
    mut received: tokio::sync::mpsc::Receiver<Vec<EventRow>>,
    rows_per_transaction: usize,
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
                if open.take().is_some() {
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
        if *pending >= rows_per_transaction || began.elapsed() >= MAX_TRANSACTION_TIME {
            conn.execute_batch("COMMIT")?;
            open = None;
        }
    }
    if open.is_some() {
        conn.execute_batch("COMMIT")?;
    }
    Ok(written)
}

fn insert_rows_sqlite(conn: &rusqlite::Connection, rows: &[EventRow]) -> Result<u64, StoreError> {
    let mut written = 0u64;
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = sqlite_insert_sql(chunk.len());
        let mut statement = conn.prepare_cached(&sql)?;
        let mut n = 0;
        for row in chunk {
            statement.raw_bind_parameter(n + 1, &row.event_id)?;
            statement.raw_bind_parameter(n + 2, row.event_type.as_str())?;
            statement.raw_bind_parameter(n + 3, &row.user_id)?;
            statement.raw_bind_parameter(n + 4, &row.session_id)?;
            statement.raw_bind_parameter(n + 5, &row.item_id)?;
            statement.raw_bind_parameter(n + 6, row.occurred_at)?;
            statement.raw_bind_parameter(n + 7, &row.properties)?;
            statement.raw_bind_parameter(n + 8, i64::from(row.simulated))?;
            n += EVENT_COLUMNS.len();
        }
        written += statement.raw_execute()? as u64;
    }
    Ok(written)
}

fn sqlite_insert_sql(rows: usize) -> String {
    let one = format!("({})", vec!["?"; EVENT_COLUMNS.len()].join(", "));
    format!(
        "INSERT INTO events ({}) VALUES {} ON CONFLICT (event_id) DO NOTHING",
        EVENT_COLUMNS.join(", "),
        vec![one; rows].join(", ")
    )
}

/// What a funnel reads: which events, over which range, from which source, and which of their
/// properties.
#[derive(Debug, Clone, Default)]
pub struct FunnelSelection {
    pub types: Vec<EventType>,
    /// Inclusive lower bound, UTC microseconds.
    pub since: i64,
    /// Exclusive upper bound, UTC microseconds.
    pub until: i64,
    /// Only the simulator's events (`Some(true)`), or only the others (`Some(false)`).
    pub simulated: Option<bool>,
    /// The properties the funnel looks at (filters, hold-constant, group-by).
    pub properties: Vec<String>,
    /// Whether it looks at session ids; without them every row's is empty (interning a
    /// session id per row is a tenth of the read).
    pub sessions: bool,
    /// Only events stored up to this sequence number (set by [`Store::funnel_rows`]).
    pub through_seq: Option<i64>,
}

/// The events a funnel reads. A million rows repeat a few thousand shoppers and a handful of
/// property values, so each distinct string and property set is kept once and the rows point
/// at them: a map per row cost more (in fresh memory pages) than reading the rows did.
#[derive(Debug, Default)]
pub struct FunnelRows {
    rows: Vec<FunnelRow>,
    strings: Vec<Box<str>>,
    string_ids: FxMap<Box<str>, u32>,
    property_sets: Vec<Map<String, Value>>,
    property_set_ids: FxMap<Vec<Option<String>>, u32>,
}

#[derive(Debug, Clone, Copy)]
struct FunnelRow {
    user: u32,
    session: u32,
    event_type: EventType,
    timestamp: i64,
    properties: u32,
}

/// One event as a funnel sees it: `properties` holds only the selected ones that it has.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FunnelRowRef<'a> {
    pub user_id: &'a str,
    pub session_id: &'a str,
    pub event_type: EventType,
    pub timestamp: i64,
    pub properties: &'a Map<String, Value>,
}

impl FunnelRows {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = FunnelRowRef<'_>> {
        self.rows.iter().map(|r| FunnelRowRef {
            user_id: &self.strings[r.user as usize],
            session_id: &self.strings[r.session as usize],
            event_type: r.event_type,
            timestamp: r.timestamp,
            properties: &self.property_sets[r.properties as usize],
        })
    }

    /// Slices read separately, joined in their order.
    fn joined(parts: Vec<Result<FunnelRows, StoreError>>) -> Result<FunnelRows, StoreError> {
        let mut all = FunnelRows::default();
        for part in parts {
            all.append(part?);
        }
        Ok(all)
    }

    /// Adds `later`'s rows after these.
    fn append(&mut self, later: FunnelRows) {
        let strings: Vec<u32> = later.strings.iter().map(|s| self.intern(s)).collect();
        let mut sets = vec![0; later.property_sets.len()];
        for (values, id) in later.property_set_ids {
            let set = &later.property_sets[id as usize];
            sets[id as usize] = self
                .property_set_ids
                .get(&values)
                .copied()
                .unwrap_or_else(|| {
                    let mine = self.property_sets.len() as u32;
                    self.property_sets.push(set.clone());
                    self.property_set_ids.insert(values, mine);
                    mine
                });
        }
        self.rows.extend(later.rows.into_iter().map(|r| FunnelRow {
            user: strings[r.user as usize],
            session: strings[r.session as usize],
            properties: sets[r.properties as usize],
            ..r
        }));
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.string_ids.get(s) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(s.into());
        self.string_ids.insert(s.into(), id);
        id
    }

    /// `values` are the selected properties' JSON texts, in the selection's order.
    fn property_set(&mut self, keys: &[String], values: Vec<Option<String>>) -> u32 {
        if let Some(&id) = self.property_set_ids.get(&values) {
            return id;
        }
        let mut set = Map::new();
        for (key, value) in keys.iter().zip(&values) {
            if let Some(value) = value.as_deref().and_then(|v| serde_json::from_str(v).ok()) {
                set.insert(key.clone(), value);
            }
        }
        let id = self.property_sets.len() as u32;
        self.property_sets.push(set);
        self.property_set_ids.insert(values, id);
        id
    }

    /// Adds a row; `column(i)` reads the row's text column `i` (the selected properties start at
    /// column 4).
    fn push(
        &mut self,
        properties: &PropertyColumns,
        user_id: &str,
        session_id: &str,
        event_type: EventType,
        timestamp: i64,
        column: impl Fn(usize) -> Option<String>,
    ) {
        let values = match properties.read {
            PropertyRead::None => Vec::new(),
            PropertyRead::Each => (0..properties.keys.len()).map(|i| column(4 + i)).collect(),
            PropertyRead::Whole => {
                let all =
                    column(4).and_then(|p| serde_json::from_str::<Map<String, Value>>(&p).ok());
                properties
                    .keys
                    .iter()
                    .map(|k| all.as_ref().and_then(|m| m.get(k)).map(Value::to_string))
                    .collect()
            }
        };
        let row = FunnelRow {
            user: self.intern(user_id),
            session: self.intern(session_id),
            event_type,
            timestamp,
            properties: self.property_set(properties.keys, values),
        };
        self.rows.push(row);
    }
}

/// How the selected properties come out of the stored JSON: each one by itself when its name
/// can be written in a JSON path as is, else the whole object, parsed here.
#[derive(Debug, Clone, Copy)]
enum PropertyRead {
    None,
    Each,
    Whole,
}

/// The selected properties and how they are read, worked out once per read.
struct PropertyColumns<'a> {
    keys: &'a [String],
    read: PropertyRead,
}

impl FunnelSelection {
    /// The range cut into `count` slices in time order.
    fn slices(&self, count: usize) -> Vec<FunnelSelection> {
        let count = count as i64;
        let span = self.until.saturating_sub(self.since);
        if count < 2 || span < count {
            return vec![self.clone()];
        }
        (0..count)
            .map(|i| FunnelSelection {
                since: self.since + span / count * i,
                until: if i + 1 == count {
                    self.until
                } else {
                    self.since + span / count * (i + 1)
                },
                ..self.clone()
            })
            .collect()
    }

    fn property_columns(&self) -> PropertyColumns<'_> {
        PropertyColumns {
            keys: &self.properties,
            read: self.property_read(),
        }
    }

    fn property_read(&self) -> PropertyRead {
        let plain = |p: &String| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        };
        if self.properties.is_empty() {
            PropertyRead::None
        } else if self.properties.iter().all(plain) {
            PropertyRead::Each
        } else {
            PropertyRead::Whole
        }
    }

    /// The statement: parameters 1 and 2 are the range, then the event types.
    fn sql(&self, backend: Backend) -> String {
        // Each yields a property as JSON text, NULL when absent.
        let extract = |key: &str| match backend {
            Backend::Sqlite => format!("properties -> '$.\"{key}\"'"),
            Backend::Postgres => format!("(properties::json -> '{key}')::text"),
        };
        let mark = |i: usize| match backend {
            Backend::Sqlite => format!("?{i}"),
            Backend::Postgres => format!("${i}"),
        };
        let columns = match self.property_read() {
            PropertyRead::None => String::new(),
            PropertyRead::Each => self
                .properties
                .iter()
                .map(|k| format!(", {}", extract(k)))
                .collect(),
            PropertyRead::Whole => ", properties".to_string(),
        };
        let types: Vec<String> = (0..self.types.len()).map(|i| mark(i + 3)).collect();
        let session = if self.sessions { "session_id" } else { "''" };
        let mut sql = format!(
            "SELECT user_id, {session}, event_type, occurred_at{columns} FROM events \
             WHERE occurred_at >= {} AND occurred_at < {} AND event_type IN ({})",
            mark(1),
            mark(2),
            types.join(", ")
        );
        match self.simulated {
            Some(true) => sql.push_str(" AND simulated = 1"),
            Some(false) => sql.push_str(" AND simulated = 0"),
            None => {}
        }
        if let Some(seq) = self.through_seq {
            sql.push_str(&format!(" AND seq <= {seq}"));
        }
        // Time order with ties in stored order, as the time index already holds them: no sort.
        sql.push_str(" ORDER BY occurred_at, seq");
        sql
    }
}

/// Reads the selection's time range in slices, each on its own SQLite connection and thread,
/// and joins them in time order. Stepping the rows (and their JSON) is what costs, and SQLite's
/// readers in WAL mode do not wait for each other.
fn read_funnel_rows_parallel(
    path: &str,
    selection: &FunnelSelection,
    count: usize,
) -> Result<FunnelRows, StoreError> {
    let slices = selection.slices(count);
    let parts: Vec<Result<FunnelRows, StoreError>> = std::thread::scope(|scope| {
        let workers: Vec<_> = slices
            .iter()
            .map(|slice| scope.spawn(move || read_funnel_rows_sqlite(&open_direct(path)?, slice)))
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(StoreError::Corrupt("a reader stopped".into())))
            })
            .collect()
    });
    FunnelRows::joined(parts)
}

fn read_funnel_rows_sqlite(
    conn: &rusqlite::Connection,
    selection: &FunnelSelection,
) -> Result<FunnelRows, StoreError> {
    let mut statement = conn.prepare(&selection.sql(Backend::Sqlite))?;
    statement.raw_bind_parameter(1, selection.since)?;
    statement.raw_bind_parameter(2, selection.until)?;
    for (i, t) in selection.types.iter().enumerate() {
        statement.raw_bind_parameter(i + 3, t.as_str())?;
    }
    let properties = selection.property_columns();
    let mut out = FunnelRows::default();
    let mut rows = statement.raw_query();
    while let Some(row) = rows.next()? {
        let Some(event_type) = EventType::parse(text(row, 2)?) else {
            continue;
        };
        out.push(
            &properties,
            text(row, 0)?,
            text(row, 1)?,
            event_type,
            row.get(3)?,
            |i| row.get::<_, Option<String>>(i).ok().flatten(),
        );
    }
    Ok(out)
}

/// Column `i` of a SQLite row as text, borrowed.
fn text<'r>(row: &'r rusqlite::Row, i: usize) -> Result<&'r str, StoreError> {
    Ok(row.get_ref(i)?.as_str().map_err(rusqlite::Error::from)?)
}

/// Column `i` of a SQLite row as text or NULL, borrowed.
fn optional_text<'r>(row: &'r rusqlite::Row, i: usize) -> Result<Option<&'r str>, StoreError> {
    Ok(row
        .get_ref(i)?
        .as_str_or_null()
        .map_err(rusqlite::Error::from)?)
}

impl Store {
    async fn read_funnel_rows_pool(
        &self,
        selection: &FunnelSelection,
    ) -> Result<FunnelRows, StoreError> {
        let sql = selection.sql(self.backend);
        let mut query = sqlx::query(&sql)
            .bind(selection.since)
            .bind(selection.until);
        for t in &selection.types {
            query = query.bind(t.as_str());
        }
        let properties = selection.property_columns();
        let mut out = FunnelRows::default();
        for row in &query.fetch_all(&self.pool).await? {
            let event_type: &str = row.try_get(2)?;
            let Some(event_type) = EventType::parse(event_type) else {
                continue;
            };
            out.push(
                &properties,
                row.try_get(0)?,
                row.try_get(1)?,
                event_type,
                row.try_get(3)?,
                |i| row.try_get::<Option<String>, _>(i).ok().flatten(),
            );
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Actor;

    async fn store(dir: &tempfile::TempDir) -> Store {
        let store = Store::connect(&format!("sqlite://{}", dir.path().join("t.db").display()))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        store
    }

    /// `n` events, one a minute from `start`: views by five shoppers in seven sessions, every
    /// third from a shelf, every fourth simulated.
    fn events(n: usize, start: i64) -> Vec<Event> {
        (0..n)
            .map(|i| {
                let actor = Actor {
                    user_id: format!("u{}", i % 5),
                    session_id: format!("s{}", i % 7),
                    anonymous: false,
                };
                let mut e = Event::new(EventType::ProductViewed, &actor, Some("p1"))
                    .with("feature", if i % 3 == 0 { "home_product_recs" } else { "" })
                    .with("odd key.with \"quotes\"", i.is_multiple_of(2));
                e.timestamp = start + i as i64 * 60_000_000;
                if i % 4 == 0 {
                    e = e.with("simulated", true);
                }
                e
            })
            .collect()
    }

    fn flat(rows: &FunnelRows) -> Vec<(String, String, i64, String)> {
        rows.iter()
            .map(|r| {
                (
                    r.user_id.to_string(),
                    r.session_id.to_string(),
                    r.timestamp,
                    serde_json::to_string(r.properties).unwrap(),
                )
            })
            .collect()
    }

    #[tokio::test]
    async fn the_loader_commits_every_batch_once_across_transactions() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir).await;
        let conn = open_direct(store.direct_sqlite().unwrap()).unwrap();
        let (send, received) = tokio::sync::mpsc::channel(8);
        // Transactions of 40 rows or more: the 100 rows below take three.
        let writer = std::thread::spawn(move || write_rows_sqlite(conn, received, 40));
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
        let stored = store.events(&Default::default()).await.unwrap();
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
        let mut loader = store.event_loader().await.unwrap();
        loader
            .write(all.iter().map(EventRow::from).collect())
            .await
            .unwrap();
        assert_eq!(loader.finish().await.unwrap(), 0);
    }

    #[tokio::test]
    async fn interactions_are_items_and_order_lines_of_the_shops_own_events() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir).await;
        let actor = Actor {
            user_id: "u1".into(),
            session_id: "s1".into(),
            anonymous: false,
        };
        let view = Event::new(EventType::ProductViewed, &actor, Some("p1"));
        let order = Event::new(EventType::OrderCompleted, &actor, None).with(
            "lines",
            serde_json::json!([{"productId": "p2"}, {"productId": "p3"}, {"quantity": 1}]),
        );
        let search = Event::new(EventType::ProductSearched, &actor, None);
        let simulated =
            Event::new(EventType::ProductAdded, &actor, Some("p9")).with("simulated", true);
        store
            .insert_events(&[view.clone(), order.clone(), search, simulated])
            .await
            .unwrap();
        let got: Vec<(String, String, EventType)> = store
            .interactions()
            .await
            .unwrap()
            .into_iter()
            .map(|i| (i.user_id, i.item_id, i.event_type))
            .collect();
        let want = |item: &str, t| ("u1".to_string(), item.to_string(), t);
        assert_eq!(
            got,
            vec![
                want("p1", EventType::ProductViewed),
                want("p2", EventType::OrderCompleted),
                want("p3", EventType::OrderCompleted),
            ]
        );
    }

    #[tokio::test]
    async fn funnel_rows_read_in_slices_match_one_read_and_pick_their_properties() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir).await;
        store.insert_events(&events(500, 1_000_000)).await.unwrap();
        let path = store.direct_sqlite().unwrap().to_string();
        // Two slices that meet the property values in different orders (the first starts on an
        // empty `feature`, the second on home_product_recs), so joining must remap them.
        let at = |i: i64| 1_000_000 + 60_000_000 * i;
        let mut selection = FunnelSelection {
            types: vec![EventType::ProductViewed],
            since: at(10),
            until: at(494),
            simulated: None,
            properties: vec!["feature".into()],
            sessions: true,
            through_seq: None,
        };
        let feature = |i: i64| if i % 3 == 0 { "home_product_recs" } else { "" };
        let one = read_funnel_rows_sqlite(&open_direct(&path).unwrap(), &selection).unwrap();
        let sliced = read_funnel_rows_parallel(&path, &selection, 2).unwrap();
        assert_eq!(selection.slices(2)[1].since, at(252));
        assert_eq!(one.len(), 484);
        assert_eq!(flat(&one), flat(&sliced));
        for row in sliced.iter() {
            let i = (row.timestamp - 1_000_000) / 60_000_000;
            assert_eq!(row.properties["feature"], feature(i));
            assert_eq!(row.user_id, format!("u{}", i % 5));
            assert_eq!(row.session_id, format!("s{}", i % 7));
        }
        let first = one.iter().next().unwrap();
        assert_eq!(first.timestamp, selection.since);
        assert_eq!(first.properties.len(), 1);
        // Up to a sequence number: the first hundred events stored.
        selection.through_seq = Some(100);
        assert_eq!(
            read_funnel_rows_parallel(&path, &selection, 3)
                .unwrap()
                .len(),
            90
        );
        selection.through_seq = None;

        // A name no JSON path can hold as is is read from the whole object instead.
        selection.properties = vec!["feature".into(), "odd key.with \"quotes\"".into()];
        selection.simulated = Some(true);
        selection.sessions = false;
        let odd = read_funnel_rows_parallel(&path, &selection, 3).unwrap();
        assert_eq!(odd.len(), 121);
        for row in odd.iter() {
            assert_eq!(row.session_id, "");
            let i = (row.timestamp - 1_000_000) / 60_000_000;
            assert_eq!(i % 4, 0, "only simulated events");
            assert_eq!(row.properties["odd key.with \"quotes\""], i % 2 == 0);
            assert_eq!(row.properties["feature"], feature(i));
        }
        // Live events only, and a property nobody has.
        selection.simulated = Some(false);
        selection.properties = vec!["missing".into()];
        let live = read_funnel_rows_parallel(&path, &selection, 4).unwrap();
        assert_eq!(live.len(), 363);
        assert!(live.iter().all(|r| r.properties.is_empty()));
    }
}
