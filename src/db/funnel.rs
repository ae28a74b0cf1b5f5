//! A funnel's read: the events of a few types over a time range, oldest first, with the
//! properties the funnel looks at, into analytics' [`FunnelRows`].
//!
//! On SQLite the read steps statements directly through rusqlite, one slice of the range per
//! thread: sqlx's SQLite driver cost several microseconds a row, which turned a funnel over a
//! million stored events into a twenty-second read. PostgreSQL (and an in-memory SQLite) take
//! the pool, one query per slice at once.

use sqlx::Row;

use super::event_writer::FEATURE;
use super::sqlite::{blocking, open_direct, optional_text, text};
use super::{Backend, Pools, Store, StoreError};
use crate::analytics::property::PropertyName;
use crate::analytics::rows::FunnelRows;
use crate::clock::Timestamp;
use crate::events::EventType;

/// What a funnel reads: which events, over which range, from which source, and which of their
/// properties.
#[derive(Debug, Clone, Default)]
pub struct FunnelSelection {
    pub types: Vec<EventType>,
    /// Inclusive lower bound.
    pub since: Timestamp,
    /// Exclusive upper bound.
    pub until: Timestamp,
    /// Only the simulator's events (`Some(true)`), or only the others (`Some(false)`).
    pub simulated: Option<bool>,
    /// The properties the funnel looks at (filters, hold-constant, group-by).
    pub properties: Vec<PropertyName>,
    /// Per property (by position), the one event type it is read from; the others' rows get
    /// none, without their JSON being searched. Missing or `None`: every type.
    pub property_scopes: Vec<Option<EventType>>,
    /// Whether it looks at session ids; without them every row's is empty (interning a
    /// session id per row is a tenth of the read).
    pub sessions: bool,
    /// Only events stored up to this sequence number (set by [`Store::funnel_rows`]).
    pub through_seq: Option<i64>,
    /// Only events stored after this sequence number (set by [`Store::funnel_rows`] for a
    /// range of the table the event digest does not cover).
    pub after_seq: Option<i64>,
}

/// A range of sequence numbers up to this long is read by the table's primary key (on SQLite,
/// which would otherwise walk the time index over the whole range of times); a longer one by
/// time, in slices on every core.
const SEQUENCE_READ_LIMIT: i64 = 4 * super::event_digest::BLOCK_EVENTS as i64;

/// The statement's columns, by name (the pool's reads) and by position (rusqlite's raw rows):
/// the user, the session (empty unless selected), the event type, the time, then one column per
/// selected property, `p0`, `p1`, … in the selection's order.
mod column {
    pub const USER_ID: usize = 0;
    pub const SESSION_ID: usize = 1;
    pub const EVENT_TYPE: usize = 2;
    pub const OCCURRED_AT: usize = 3;
    pub const FIRST_PROPERTY: usize = 4;
}

/// What the errors of the slice readers say failed.
const READING_FUNNEL: &str = "reading a funnel's events";

impl Store {
    /// The rows a funnel reads: events of `selection.types` in its time range, oldest first (ties
    /// in stored order), with only the properties it names.
    ///
    /// The events the event digest covers are read from its blocks, the others (the newest)
    /// from the table; the digest is first brought up to date ([`Store::refresh_event_digest`]).
    pub async fn funnel_rows(&self, selection: &FunnelSelection) -> Result<FunnelRows, StoreError> {
        if let Err(error) = self.refresh_event_digest().await {
            // The funnel still answers, from the table where the digest is behind.
            tracing::warn!(%error, "the event digest could not be brought up to date");
        }
        let selection = FunnelSelection {
            through_seq: Some(self.newest_seq().await?),
            after_seq: None,
            ..selection.clone()
        };
        self.read_funnel_rows_digested(&selection).await
    }

    /// The rows of `selection` read from the table itself, its sequence range (`after_seq`,
    /// `through_seq`) included.
    pub(super) async fn read_funnel_rows_table(
        &self,
        selection: &FunnelSelection,
    ) -> Result<FunnelRows, StoreError> {
        // Reading a slice is CPU work for the database and for us, so one slice per core (at
        // most four) read at once use every core. Each slice reads on its own connection, so all
        // read up to one sequence number: a commit landing meanwhile is in none or all of them.
        // A short range of sequence numbers is read at once, by them.
        let cores = if selection.by_sequence() {
            1
        } else {
            reader_threads()
        };
        let selection = selection.clone();
        if let Some(path) = self.direct_sqlite() {
            let path = path.to_string();
            blocking(READING_FUNNEL, move || {
                read_funnel_rows_parallel(&path, &selection, cores)
            })
            .await
        } else {
            // One query per slice, at once, on connections of the pool.
            let reads: Vec<_> = selection
                .slices(cores)
                .into_iter()
                .map(|slice| {
                    let store = self.clone();
                    tokio::spawn(async move {
                        match &store.pools {
                            Pools::Postgres(pool) => {
                                super::funnel_copy::read_funnel_rows_copy(pool, &slice).await
                            }
                            Pools::Sqlite { .. } => store.read_funnel_rows_pool(&slice).await,
                        }
                    })
                })
                .collect();
            let mut parts = Vec::with_capacity(reads.len());
            for read in reads {
                parts.push(read.await.map_err(|source| StoreError::Join {
                    what: READING_FUNNEL,
                    source,
                })??);
            }
            Ok(FunnelRows::joined(parts))
        }
    }

    async fn read_funnel_rows_pool(
        &self,
        selection: &FunnelSelection,
    ) -> Result<FunnelRows, StoreError> {
        let sql = selection.sql(self.backend());
        let property_columns: Vec<String> = (0..selection.properties.len())
            .map(property_column)
            .collect();
        let mut out = FunnelRows::new(&selection.properties);
        with_pool!(self, |pool| {
            let mut query = sqlx::query(&sql)
                .bind(selection.since.as_micros())
                .bind(selection.until.as_micros());
            for t in &selection.types {
                query = query.bind(t.as_str());
            }
            for row in &query.fetch_all(pool).await? {
                let Some(event_type) = EventType::parse(row.try_get("event_type")?) else {
                    continue;
                };
                let mut values = Vec::with_capacity(property_columns.len());
                for name in &property_columns {
                    values.push(row.try_get::<Option<String>, _>(name.as_str())?);
                }
                out.push(
                    row.try_get("user_id")?,
                    row.try_get("session_id")?,
                    event_type,
                    row.try_get("occurred_at")?,
                    values,
                );
            }
        });
        Ok(out)
    }
}

/// How many threads a funnel's read uses: one per core, at most four. Reading is CPU work for
/// the database and for us.
pub(super) fn reader_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// The name of the statement's column of the `i`th selected property.
fn property_column(i: usize) -> String {
    format!("p{i}")
}

impl FunnelSelection {
    /// The range cut into `count` slices in time order.
    fn slices(&self, count: usize) -> Vec<FunnelSelection> {
        let count = count as i64;
        let span = self
            .until
            .as_micros()
            .saturating_sub(self.since.as_micros());
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

    /// The same selection over the events numbered `after + 1..=through` only.
    pub(super) fn numbered(&self, after: i64, through: i64) -> FunnelSelection {
        FunnelSelection {
            after_seq: Some(after),
            through_seq: Some(through),
            ..self.clone()
        }
    }

    /// Whether the selection is a short range of sequence numbers, read by them
    /// ([`SEQUENCE_READ_LIMIT`]).
    fn by_sequence(&self) -> bool {
        matches!((self.after_seq, self.through_seq),
            (Some(after), Some(through)) if through - after <= SEQUENCE_READ_LIMIT)
    }

    /// The statement (columns as [`column`] says): parameters 1 and 2 are the range, then the
    /// event types.
    fn sql(&self, backend: Backend) -> String {
        self.sql_with(backend, |i| match backend {
            Backend::Sqlite => format!("?{i}"),
            Backend::Postgres => format!("${i}"),
        })
    }

    /// The PostgreSQL statement with the parameters' values written in, for `COPY`, which
    /// takes none: they are numbers and event type names, which hold no quote.
    pub(super) fn sql_inline(&self) -> String {
        self.sql_with(Backend::Postgres, |i| match i {
            1 => self.since.as_micros().to_string(),
            2 => self.until.as_micros().to_string(),
            _ => format!("'{}'", self.types[i - 3].as_str()),
        })
    }

    /// The statement, parameter `i` written as `mark(i)`.
    fn sql_with(&self, backend: Backend, mark: impl Fn(usize) -> String) -> String {
        // Each yields a property as JSON text, NULL when absent: the column of its own for
        // `feature`, which every event writer fills (no JSON to search), else from the JSON. A
        // `PropertyName` holds no quote, so it goes into the path as it is.
        let extract = |key: &PropertyName| match backend {
            _ if key.as_str() == FEATURE => FEATURE.to_string(),
            Backend::Sqlite => format!("properties -> '$.\"{key}\"'"),
            Backend::Postgres => format!("(properties::json -> '{key}')::text"),
        };
        let columns: String = self
            .properties
            .iter()
            .enumerate()
            .map(
                |(i, key)| match self.property_scopes.get(i).copied().flatten() {
                    // An event type's name is a fixed identifier: no quote to escape.
                    Some(t) => format!(
                        ", CASE WHEN event_type = '{t}' THEN {} END AS {}",
                        extract(key),
                        property_column(i)
                    ),
                    None => format!(", {} AS {}", extract(key), property_column(i)),
                },
            )
            .collect();
        let types: Vec<String> = (0..self.types.len()).map(|i| mark(i + 3)).collect();
        let session = if self.sessions { "session_id" } else { "''" };
        // SQLite would walk the time index over every time in the range and drop the rows
        // outside the sequence range: a short one is read by its primary key instead.
        let table = match backend {
            Backend::Sqlite if self.by_sequence() => "events NOT INDEXED",
            _ => "events",
        };
        let mut sql = format!(
            "SELECT user_id, {session} AS session_id, event_type, occurred_at{columns} FROM {table} \
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
        if let Some(seq) = self.after_seq {
            sql.push_str(&format!(" AND seq > {seq}"));
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
                    .unwrap_or_else(|payload| Err(StoreError::panicked(READING_FUNNEL, payload)))
            })
            .collect()
    });
    Ok(FunnelRows::joined(
        parts.into_iter().collect::<Result<Vec<_>, _>>()?,
    ))
}

pub(super) fn read_funnel_rows_sqlite(
    conn: &rusqlite::Connection,
    selection: &FunnelSelection,
) -> Result<FunnelRows, StoreError> {
    let mut statement = conn.prepare(&selection.sql(Backend::Sqlite))?;
    statement.raw_bind_parameter(1, selection.since.as_micros())?;
    statement.raw_bind_parameter(2, selection.until.as_micros())?;
    for (i, t) in selection.types.iter().enumerate() {
        statement.raw_bind_parameter(i + 3, t.as_str())?;
    }
    let properties = column::FIRST_PROPERTY..column::FIRST_PROPERTY + selection.properties.len();
    let mut out = FunnelRows::new(&selection.properties);
    let mut rows = statement.raw_query();
    while let Some(row) = rows.next()? {
        let Some(event_type) = EventType::parse(text(row, column::EVENT_TYPE)?) else {
            continue;
        };
        // Borrowed from the row (a string per value and row was a tenth of the read); checked
        // first, so that a value SQLite cannot give as text is an error, not a missing value.
        for i in properties.clone() {
            optional_text(row, i)?;
        }
        let values = properties
            .clone()
            .map(|i| optional_text(row, i).ok().flatten());
        out.push_borrowed(
            text(row, column::USER_ID)?,
            text(row, column::SESSION_ID)?,
            event_type,
            row.get(column::OCCURRED_AT)?,
            values,
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::property::name;
    use crate::db::testkit::{events, store};

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
    async fn funnel_rows_read_in_slices_match_one_read_and_pick_their_properties() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir).await;
        store.insert_events(&events(500, 1_000_000)).await.unwrap();
        let path = store.direct_sqlite().unwrap().to_string();
        // Two slices that meet the property values in different orders (the first starts on an
        // empty `feature`, the second on home_product_recs), so joining must remap them.
        let at = |i: i64| Timestamp::from_micros(1_000_000 + 60_000_000 * i);
        let mut selection = FunnelSelection {
            types: vec![EventType::ProductViewed],
            since: at(10),
            until: at(494),
            simulated: None,
            properties: vec![name("feature")],
            property_scopes: Vec::new(),
            sessions: true,
            through_seq: None,
            after_seq: None,
        };
        let feature = |i: i64| if i % 3 == 0 { "home_product_recs" } else { "" };
        let one = read_funnel_rows_sqlite(&open_direct(&path).unwrap(), &selection).unwrap();
        let sliced = read_funnel_rows_parallel(&path, &selection, 2).unwrap();
        assert_eq!(selection.slices(2)[1].since, at(252));
        assert_eq!(one.len(), 484);
        assert_eq!(flat(&one), flat(&sliced));
        for row in sliced.iter() {
            let i = (row.timestamp - at(0).as_micros()) / 60_000_000;
            assert_eq!(row.properties["feature"], feature(i));
            assert_eq!(row.user_id, format!("u{}", i % 5));
            assert_eq!(row.session_id, format!("s{}", i % 7));
        }
        let first = one.iter().next().unwrap();
        assert_eq!(first.timestamp, selection.since.as_micros());
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

        // Two properties, one with a `-` in its name; simulated events without session ids.
        selection.properties = vec![name("feature"), name("even-minute")];
        selection.simulated = Some(true);
        selection.sessions = false;
        let simulated = read_funnel_rows_parallel(&path, &selection, 3).unwrap();
        assert_eq!(simulated.len(), 121);
        for row in simulated.iter() {
            assert_eq!(row.session_id, "");
            let i = (row.timestamp - 1_000_000) / 60_000_000;
            assert_eq!(i % 4, 0, "only simulated events");
            assert_eq!(row.properties["even-minute"], i % 2 == 0);
            assert_eq!(row.properties["feature"], feature(i));
        }
        // Live events only, and a property nobody has.
        selection.simulated = Some(false);
        selection.properties = vec![name("missing")];
        let live = read_funnel_rows_parallel(&path, &selection, 4).unwrap();
        assert_eq!(live.len(), 363);
        assert!(live.iter().all(|r| r.properties.is_empty()));

        // The pool's read (PostgreSQL's, and an in-memory SQLite's) gives the same rows.
        selection.simulated = None;
        selection.sessions = true;
        selection.properties = vec![name("feature"), name("even-minute")];
        let direct = read_funnel_rows_parallel(&path, &selection, 3).unwrap();
        let pooled = store.read_funnel_rows_pool(&selection).await.unwrap();
        assert_eq!(flat(&direct), flat(&pooled));
        assert_eq!(pooled.len(), 484);
    }
}
