//! The event digest: stored events packed in blocks for funnels to read
//! (`migrations/*/0007_event_digest.sql`, bodies in [`super::digest_body`]).
//!
//! A funnel over tens of millions of events spent its time stepping a row of `events` per
//! event and looking up the same few thousand user ids and property texts again on every row.
//! A block holds tens of thousands of events as numbers with its own dictionaries, so a funnel
//! reads a block's bytes in one go and looks each distinct text up once per block.
//!
//! The digest is derived data, never the record: [`Store::refresh_event_digest`] packs the
//! events no block covers yet, and a funnel reads whatever no block covers (the newest events,
//! or a block deleted since) from `events` itself. So it is never wrong, only sometimes
//! slower, and deleting every block is always safe.
//!
//! Keeping it true:
//! - Only complete ranges are packed. On SQLite one writer at a time commits sequence numbers
//!   in order, so every number up to the newest stored is final. On PostgreSQL a transaction
//!   can commit a lower number after a higher one is visible, so the builder first takes a
//!   short `SHARE` lock on `events`, which waits for the writing transactions in flight (every
//!   one that holds a sequence number) and reads the newest number under it.
//! - Stored events change in one place: a sign-in's adopted history rewrites the anonymous
//!   visitor's user id. That transaction raises `event_digest_epoch` and deletes the blocks
//!   holding the visitor's events; a builder writes a block only if the epoch it read before
//!   reading the events is still the current one.

use sqlx::Row;

use super::digest_body::{self, DecodedBlock, DigestRow, FORMAT, SourceEvent};
use super::funnel::{FunnelSelection, reader_threads};
use super::sqlite::{blocking, open_direct};
use super::{Backend, Pools, Store, StoreError};
use crate::analytics::rows::FunnelRows;
use crate::events::EventType;
use crate::hash::FxMap;

/// Events per block: a block's body is a few hundred kilobytes, and the newest events not yet
/// in a block (fewer than this) are read from the table in a few milliseconds.
pub(super) const BLOCK_EVENTS: usize = 32_768;

/// How long the builder waits on PostgreSQL for the writing transactions in flight before it
/// gives up for this time (and packs only ranges it knows are complete). Writers wait behind
/// the lock at most this long.
const SETTLE_WAIT: &str = "200ms";

/// What a refresh packed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DigestRefresh {
    pub blocks: u64,
    pub events: u64,
}

/// A block as listed for a funnel: its range of sequence numbers, its event count, and
/// whether its times meet the funnel's range.
struct ListedBlock {
    first_seq: i64,
    last_seq: i64,
    events: i64,
    wanted: bool,
}

/// The bodies of the wanted blocks among `blocks`, by first sequence number (with the last, to
/// check it is the block listed): a query per core, at once.
async fn fetch_bodies(
    pool: &sqlx::PgPool,
    blocks: &[ListedBlock],
) -> Result<FxMap<i64, (i64, Vec<u8>)>, StoreError> {
    let wanted: Vec<&ListedBlock> = blocks.iter().filter(|b| b.wanted).collect();
    if wanted.is_empty() {
        return Ok(FxMap::default());
    }
    let cores = reader_threads();
    let per_query = wanted.len().div_ceil(cores);
    let reads: Vec<_> = wanted
        .chunks(per_query)
        .map(|run| {
            let (first, last) = (run[0].first_seq, run[run.len() - 1].first_seq);
            let pool = pool.clone();
            tokio::spawn(async move {
                sqlx::query_as::<_, (i64, i64, Vec<u8>)>(
                    "SELECT first_seq, last_seq, body FROM event_digest \
                     WHERE first_seq >= $1 AND first_seq <= $2",
                )
                .bind(first)
                .bind(last)
                .fetch_all(&pool)
                .await
            })
        })
        .collect();
    let mut bodies = FxMap::default();
    for read in reads {
        let rows = read.await.map_err(|source| StoreError::Join {
            what: "reading the event digest's blocks",
            source,
        })??;
        bodies.extend(
            rows.into_iter()
                .map(|(first, last, body)| (first, (last, body))),
        );
    }
    Ok(bodies)
}

/// A funnel's read in stored order: blocks, and ranges of the table no block covers.
enum Piece {
    /// A block to unpack; without its body, the worker reads it from the SQLite file.
    Block {
        first_seq: i64,
        last_seq: i64,
        events: i64,
        body: Option<Vec<u8>>,
    },
    Table(FunnelRows),
}

impl Store {
    /// Packs the stored events no block covers yet: every range a deleted block left, and the
    /// newest events in whole blocks of [`BLOCK_EVENTS`]. Serving calls it every minute, and a
    /// funnel before it reads.
    pub async fn refresh_event_digest(&self) -> Result<DigestRefresh, StoreError> {
        self.refresh_event_digest_in(BLOCK_EVENTS).await
    }

    /// [`Store::refresh_event_digest`] with blocks of `block_events`.
    pub(super) async fn refresh_event_digest_in(
        &self,
        block_events: usize,
    ) -> Result<DigestRefresh, StoreError> {
        let covered = self.digest_ranges().await?;
        let end = covered.last().map_or(0, |&(_, last)| last);
        // (first, last, whether the range must be packed whole): the gaps between blocks first.
        let mut work: Vec<(i64, i64, bool)> = covered
            .windows(2)
            .filter(|w| w[1].0 > w[0].1 + 1)
            .map(|w| (w[0].1 + 1, w[1].0 - 1, true))
            .collect();
        if let Some(&(first, _)) = covered.first()
            && first > 1
        {
            work.insert(0, (1, first - 1, true));
        }
        if self.newest_seq().await? - end >= block_events as i64
            && let Some(settled) = self.settled_seq().await?
            && settled > end
        {
            work.push((end + 1, settled, false));
        }
        let mut done = DigestRefresh::default();
        if work.is_empty() {
            return Ok(done);
        }
        // Read before any event is: a change to stored events after this moves it.
        let epoch = self.digest_epoch().await?;
        for (first, last, whole) in work {
            let mut from = first;
            while from <= last {
                let mut events = self.events_to_digest(from, last, block_events).await?;
                let full = events.len() == block_events;
                if !full && !whole {
                    break;
                }
                let through = match events.last() {
                    Some(e) if full => e.seq,
                    _ => last,
                };
                let count = events.len() as u64;
                let (body, span) = digest_body::encode(&mut events, from);
                // An empty block covers numbers no event kept (rolled back): no range reads it.
                let (earliest, latest) = span.unwrap_or((i64::MAX, i64::MIN));
                if !self
                    .insert_digest_block(epoch, from, through, count, earliest, latest, &body)
                    .await?
                {
                    // Stored events changed since the epoch was read: the next refresh packs
                    // them as they are now.
                    return Ok(done);
                }
                done.blocks += 1;
                done.events += count;
                from = through + 1;
            }
        }
        Ok(done)
    }

    async fn digest_epoch(&self) -> Result<i64, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT epoch FROM event_digest_epoch WHERE id = 1")
                .fetch_one(pool)
                .await?
        }))
    }

    /// Every block's range of sequence numbers, in order.
    async fn digest_ranges(&self) -> Result<Vec<(i64, i64)>, StoreError> {
        let rows: Vec<(i64, i64)> = with_pool!(self, |pool| {
            sqlx::query_as("SELECT first_seq, last_seq FROM event_digest ORDER BY first_seq")
                .fetch_all(pool)
                .await?
        });
        Ok(rows)
    }

    /// The newest sequence number below which every event is committed (see the module's
    /// header); `None` when PostgreSQL's writers in flight did not finish within
    /// [`SETTLE_WAIT`].
    async fn settled_seq(&self) -> Result<Option<i64>, StoreError> {
        match &self.pools {
            Pools::Sqlite { .. } => Ok(Some(self.newest_seq().await?)),
            Pools::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query(&format!("SET LOCAL lock_timeout = '{SETTLE_WAIT}'"))
                    .execute(&mut *tx)
                    .await?;
                // The lock stops every writer until the transaction ends. A task dropped while
                // it holds it (the digest task aborted at shutdown) can leave the connection
                // idle in the transaction, its rollback never sent: seen once in CI, every
                // insert then waited for good. The server ends such a session itself.
                sqlx::query("SET LOCAL idle_in_transaction_session_timeout = '10s'")
                    .execute(&mut *tx)
                    .await?;
                match sqlx::query("LOCK TABLE events IN SHARE MODE")
                    .execute(&mut *tx)
                    .await
                {
                    Ok(_) => {}
                    // lock_not_available: a long writer (a bulk load) is in flight.
                    Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("55P03") => {
                        return Ok(None);
                    }
                    Err(e) => return Err(e.into()),
                }
                let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM events")
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Some(newest.unwrap_or(0)))
            }
        }
    }

    /// Up to `limit` stored events numbered `first..=last`, in stored order.
    async fn events_to_digest(
        &self,
        first: i64,
        last: i64,
        limit: usize,
    ) -> Result<Vec<SourceEvent>, StoreError> {
        const SQL: &str = "SELECT seq, event_type, user_id, session_id, occurred_at, properties, \
             simulated FROM events WHERE seq >= $1 AND seq <= $2 ORDER BY seq LIMIT $3";
        if let Some(path) = self.direct_sqlite() {
            // The bulk path's own connection: the pool's driver costs microseconds a row.
            let path = path.to_string();
            return blocking("packing events into the digest", move || {
                let conn = open_direct(&path)?;
                let mut statement = conn.prepare_cached(SQL)?;
                let rows = statement.query_map((first, last, limit as i64), |row| {
                    Ok(SourceEvent {
                        seq: row.get(0)?,
                        event_type: row.get(1)?,
                        user_id: row.get(2)?,
                        session_id: row.get(3)?,
                        occurred_at: row.get(4)?,
                        properties: row.get(5)?,
                        simulated: row.get::<_, i64>(6)? != 0,
                    })
                })?;
                Ok(rows.collect::<Result<Vec<_>, _>>()?)
            })
            .await;
        }
        let events = with_pool!(self, |pool| {
            sqlx::query(SQL)
                .bind(first)
                .bind(last)
                .bind(limit as i64)
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|row| {
                    Ok::<_, sqlx::Error>(SourceEvent {
                        seq: row.try_get("seq")?,
                        event_type: row.try_get("event_type")?,
                        user_id: row.try_get("user_id")?,
                        session_id: row.try_get("session_id")?,
                        occurred_at: row.try_get("occurred_at")?,
                        properties: row.try_get("properties")?,
                        simulated: row.try_get::<i32, _>("simulated")? != 0,
                    })
                })
                .collect::<Result<Vec<_>, _>>()?
        });
        Ok(events)
    }

    /// Stores a block if the digest's epoch is still `epoch` (and no builder stored the same
    /// range first); `false` when the epoch moved.
    #[allow(clippy::too_many_arguments)]
    async fn insert_digest_block(
        &self,
        epoch: i64,
        first_seq: i64,
        last_seq: i64,
        count: u64,
        earliest: i64,
        latest: i64,
        body: &[u8],
    ) -> Result<bool, StoreError> {
        // One statement: on SQLite it is atomic with respect to the adopting transaction; on
        // PostgreSQL `FOR SHARE` waits for an adopting transaction that raised the epoch and
        // then sees the raised value.
        let lock = match self.backend() {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR SHARE",
        };
        let sql = format!(
            "INSERT INTO event_digest (first_seq, last_seq, event_count, earliest, latest, body) \
             SELECT $1, $2, $3, $4, $5, $6 \
             WHERE (SELECT epoch FROM event_digest_epoch WHERE id = 1{lock}) = $7 \
             ON CONFLICT (first_seq) DO NOTHING"
        );
        let inserted = with_pool!(self, |pool| {
            sqlx::query(&sql)
                .bind(first_seq)
                .bind(last_seq)
                .bind(count as i64)
                .bind(earliest)
                .bind(latest)
                .bind(body)
                .bind(epoch)
                .execute(pool)
                .await?
                .rows_affected()
        });
        // Nothing inserted: the epoch moved, or another builder stored the same range first,
        // which counts as stored. Only the epoch stops a refresh.
        Ok(inserted == 1 || self.digest_epoch().await? == epoch)
    }

    /// A funnel's rows up to `selection.through_seq`: from the blocks that cover them and touch
    /// its time range, and from the table where no block covers them.
    pub(super) async fn read_funnel_rows_digested(
        &self,
        selection: &FunnelSelection,
    ) -> Result<FunnelRows, StoreError> {
        let through = selection.through_seq.unwrap_or(i64::MAX);
        // One statement, so one snapshot of which blocks exist.
        let blocks: Vec<ListedBlock> = with_pool!(self, |pool| {
            sqlx::query(
                "SELECT first_seq, last_seq, event_count, latest >= $1 AND earliest < $2 AS wanted \
                 FROM event_digest WHERE last_seq <= $3 ORDER BY first_seq",
            )
            .bind(selection.since.as_micros())
            .bind(selection.until.as_micros())
            .bind(through)
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|row| {
                Ok::<_, sqlx::Error>(ListedBlock {
                    first_seq: row.try_get("first_seq")?,
                    last_seq: row.try_get("last_seq")?,
                    events: row.try_get("event_count")?,
                    wanted: row.try_get("wanted")?,
                })
            })
            .collect::<Result<Vec<_>, _>>()?
        });
        // On SQLite's file the workers read the bodies themselves, borrowed from their rows
        // (copying a gigabyte of bodies out first, into fresh memory, was a third of a funnel
        // over 50 million events); PostgreSQL's come first, a query per core at once (one
        // server process reading every body's TOAST chunks took three seconds at 50 million).
        let direct = self.direct_sqlite().map(str::to_string);
        let mut bodies = match &self.pools {
            Pools::Postgres(pool) => fetch_bodies(pool, &blocks).await?,
            _ => FxMap::default(),
        };
        // Stored order: each block, and the table's ranges before, between and after them.
        let mut pieces = Vec::with_capacity(blocks.len() + 1);
        let mut end = 0;
        for block in blocks {
            if block.first_seq > end + 1 {
                pieces.push(Piece::Table(
                    self.read_range(selection, end, block.first_seq - 1).await?,
                ));
            }
            end = block.last_seq;
            if !block.wanted {
                continue;
            }
            let body = match bodies.remove(&block.first_seq) {
                Some((last_seq, body))
                    if last_seq == block.last_seq && body.first() == Some(&FORMAT) =>
                {
                    Some(body)
                }
                // The workers read it from the SQLite file.
                None if direct.is_some() => None,
                // Deleted or packed again since the list was read, or of another format: the
                // table has the events.
                _ => {
                    pieces.push(Piece::Table(
                        self.read_range(selection, block.first_seq - 1, block.last_seq)
                            .await?,
                    ));
                    continue;
                }
            };
            pieces.push(Piece::Block {
                first_seq: block.first_seq,
                last_seq: block.last_seq,
                events: block.events,
                body,
            });
        }
        if through > end {
            pieces.push(Piece::Table(
                self.read_range(selection, end, through).await?,
            ));
        }
        let selection = selection.clone();
        let mut rows = blocking("reading a funnel's events from the digest", move || {
            unpack_pieces(pieces, &selection, direct.as_deref())
        })
        .await?;
        rows.sort_by_time();
        Ok(rows)
    }

    /// The table's rows of `selection` numbered `after + 1..=through`.
    async fn read_range(
        &self,
        selection: &FunnelSelection,
        after: i64,
        through: i64,
    ) -> Result<FunnelRows, StoreError> {
        self.read_funnel_rows_table(&selection.numbered(after, through))
            .await
    }
}

/// The pieces' rows in stored order: runs of pieces unpacked on every core (at most four),
/// joined in their order. `direct`: the SQLite file the workers read bodies from.
fn unpack_pieces(
    pieces: Vec<Piece>,
    selection: &FunnelSelection,
    direct: Option<&str>,
) -> Result<FunnelRows, StoreError> {
    let cores = reader_threads();
    // Runs of about equal numbers of events to unpack (a table piece's rows are already read).
    let weight = |p: &Piece| match p {
        Piece::Block { events, .. } => *events as usize,
        Piece::Table(_) => 0,
    };
    let total: usize = pieces.iter().map(weight).sum();
    let share = total / cores + 1;
    let mut runs: Vec<Vec<Piece>> = vec![Vec::new()];
    let mut filled = 0;
    for piece in pieces {
        if filled >= share && runs.len() < cores {
            runs.push(Vec::new());
            filled = 0;
        }
        filled += weight(&piece);
        runs.last_mut().expect("one run at least").push(piece);
    }
    let parts: Vec<Result<FunnelRows, StoreError>> = std::thread::scope(|scope| {
        let workers: Vec<_> = runs
            .into_iter()
            .map(|run| scope.spawn(move || unpack_run(run, selection, direct)))
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join().unwrap_or_else(|payload| {
                    Err(StoreError::panicked("unpacking the event digest", payload))
                })
            })
            .collect()
    });
    Ok(FunnelRows::joined(
        parts.into_iter().collect::<Result<Vec<_>, _>>()?,
    ))
}

/// One run of pieces, in order, into one set of rows.
fn unpack_run(
    run: Vec<Piece>,
    selection: &FunnelSelection,
    direct: Option<&str>,
) -> Result<FunnelRows, StoreError> {
    let mut out = FunnelRows::new(&selection.properties);
    let upper_bound: i64 = run
        .iter()
        .map(|p| match p {
            Piece::Block { events, .. } => *events,
            Piece::Table(rows) => rows.len() as i64,
        })
        .sum();
    out.reserve(upper_bound as usize);
    let empty = out.string_number("");
    let conn = direct.map(open_direct).transpose()?;
    let mut scratch = Vec::new();
    for piece in run {
        match piece {
            Piece::Table(rows) => out.append(rows),
            Piece::Block {
                first_seq,
                body: Some(body),
                ..
            } => scratch = unpack_body(&body, first_seq, scratch, selection, empty, &mut out)?,
            Piece::Block {
                first_seq,
                last_seq,
                body: None,
                ..
            } => {
                let conn = conn
                    .as_ref()
                    .expect("bodies left out only for a SQLite file");
                let mut statement = conn.prepare_cached(
                    "SELECT last_seq, body FROM event_digest WHERE first_seq = ?1",
                )?;
                let mut rows = statement.query([first_seq])?;
                let row = rows.next()?;
                let body = match row {
                    Some(row) if row.get::<_, i64>(0)? == last_seq => {
                        Some(row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?)
                    }
                    _ => None,
                };
                match body {
                    Some(body) if body.first() == Some(&FORMAT) => {
                        scratch =
                            unpack_body(body, first_seq, scratch, selection, empty, &mut out)?;
                    }
                    // Deleted or packed again since the list was read, or of another format:
                    // the table has the events.
                    _ => out.append(super::funnel::read_funnel_rows_sqlite(
                        conn,
                        &selection.numbered(first_seq - 1, last_seq),
                    )?),
                }
            }
        }
    }
    Ok(out)
}

/// Decodes one body (its rows into `scratch`, handed back) and pushes the rows `selection`
/// takes onto `out`.
fn unpack_body(
    body: &[u8],
    first_seq: i64,
    scratch: Vec<DigestRow>,
    selection: &FunnelSelection,
    empty: u32,
    out: &mut FunnelRows,
) -> Result<Vec<DigestRow>, StoreError> {
    let mut block = digest_body::decode(body, first_seq, scratch).map_err(|e| {
        StoreError::Corrupt(format!(
            "event digest block {first_seq}: {e} (deleting its row of event_digest makes the \
             next funnel pack it again)"
        ))
    })?;
    unpack_block(&block, selection, empty, out);
    Ok(std::mem::take(&mut block.rows))
}

/// Numbers not yet looked up in a block's dictionaries.
const UNSEEN: u32 = u32::MAX;

/// The rows of one block that `selection` takes, pushed onto `out`: each distinct user,
/// session and property object of the block looked up once, and no JSON parsed.
fn unpack_block(
    block: &DecodedBlock<'_>,
    selection: &FunnelSelection,
    empty: u32,
    out: &mut FunnelRows,
) {
    let types: Vec<Option<EventType>> = block
        .types
        .iter()
        .map(|t| EventType::parse(t).filter(|t| selection.types.contains(t)))
        .collect();
    // The selected properties' key numbers in this block (`None`: no event here has it).
    let keys: Vec<Option<u32>> = selection
        .properties
        .iter()
        .map(|p| {
            block
                .keys
                .iter()
                .position(|k| *k == p.as_str())
                .map(|k| k as u32)
        })
        .collect();
    let mut users = vec![UNSEEN; block.users.len()];
    let mut sessions = vec![UNSEEN; block.sessions.len()];
    // A property set per (object, type): a property scoped to one type is absent on the
    // others. Objects differing only in properties the funnel does not look at (most do)
    // share the set of their selected values' numbers.
    let scoped = selection.property_scopes.iter().any(Option::is_some);
    let type_count = if scoped { types.len() } else { 1 };
    let mut sets = vec![UNSEEN; block.object_count() * type_count];
    let mut set_of_values: FxMap<Box<[u32]>, u32> = FxMap::default();
    let mut picked = Vec::with_capacity(keys.len());
    let since = selection.since.as_micros();
    let until = selection.until.as_micros();
    // Rows are in time order: start at the range's first and stop past its end.
    let start = block.rows.partition_point(|r| r.occurred_at < since);
    for row in &block.rows[start..] {
        if row.occurred_at >= until {
            break;
        }
        let Some(event_type) = types[row.event_type as usize] else {
            continue;
        };
        if selection.simulated.is_some_and(|s| s != row.simulated) {
            continue;
        }
        let user = &mut users[row.user as usize];
        if *user == UNSEEN {
            *user = out.string_number(block.users[row.user as usize]);
        }
        let session = if selection.sessions {
            let session = &mut sessions[row.session as usize];
            if *session == UNSEEN {
                *session = out.string_number(block.sessions[row.session as usize]);
            }
            *session
        } else {
            empty
        };
        let slot =
            row.properties as usize * type_count + if scoped { row.event_type as usize } else { 0 };
        if sets[slot] == UNSEEN {
            picked.clear();
            picked.extend(keys.iter().enumerate().map(|(i, key)| {
                let scope = selection.property_scopes.get(i).copied().flatten();
                match key {
                    Some(key) if scope.is_none_or(|t| t == event_type) => {
                        block.value_of(row.properties, *key).unwrap_or(UNSEEN)
                    }
                    _ => UNSEEN,
                }
            }));
            sets[slot] = if let Some(&set) = set_of_values.get(picked.as_slice()) {
                set
            } else {
                let set = out.property_set_number(
                    picked
                        .iter()
                        .map(|&v| (v != UNSEEN).then(|| block.values[v as usize])),
                );
                set_of_values.insert(picked.as_slice().into(), set);
                set
            };
        }
        out.push_numbered(*user, session, event_type, row.occurred_at, sets[slot]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::property::name;
    use crate::clock::Timestamp;
    use crate::db::testkit::events;
    use crate::domain::UserId;
    use crate::events::{Actor, Event};

    /// Rows as comparable values, in their order.
    fn flat(rows: &FunnelRows) -> Vec<(String, String, EventType, i64, String)> {
        rows.iter()
            .map(|r| {
                (
                    r.user_id.to_string(),
                    r.session_id.to_string(),
                    r.event_type,
                    r.timestamp,
                    serde_json::to_string(r.properties).unwrap(),
                )
            })
            .collect()
    }

    /// Events of another type, with a price, some at the very times of the views (ties
    /// between blocks and the table are broken by stored order).
    fn additions(n: usize) -> Vec<Event> {
        (0..n)
            .map(|i| {
                let actor = Actor {
                    user_id: format!("u{}", i % 3).into(),
                    session_id: format!("s{}", i % 4).into(),
                    anonymous: false,
                    simulation: None,
                };
                let mut e = Event::new(EventType::ProductAdded, &actor, Some("p2"))
                    .with("price", 10.5 + i as f64)
                    .with("feature", if i % 2 == 0 { "product_page" } else { "" });
                e.timestamp = Timestamp::from_micros(1_000_000 + 60_000_000 * (i as i64 * 3));
                e
            })
            .collect()
    }

    /// Selections that exercise every filter the digest applies itself.
    fn selections(through: i64) -> Vec<FunnelSelection> {
        let at = |minute: i64| Timestamp::from_micros(1_000_000 + 60_000_000 * minute);
        let all = FunnelSelection {
            types: vec![EventType::ProductViewed, EventType::ProductAdded],
            since: at(0),
            until: at(100_000),
            simulated: None,
            properties: vec![name("feature"), name("even-minute"), name("price")],
            property_scopes: Vec::new(),
            sessions: true,
            through_seq: Some(through),
            after_seq: None,
        };
        vec![
            all.clone(),
            FunnelSelection {
                since: at(37),
                until: at(411),
                sessions: false,
                ..all.clone()
            },
            FunnelSelection {
                simulated: Some(true),
                types: vec![EventType::ProductViewed],
                ..all.clone()
            },
            FunnelSelection {
                simulated: Some(false),
                properties: vec![name("price"), name("missing"), name("feature")],
                property_scopes: vec![
                    Some(EventType::ProductAdded),
                    None,
                    Some(EventType::ProductViewed),
                ],
                ..all.clone()
            },
            FunnelSelection {
                through_seq: Some(through / 2),
                ..all
            },
        ]
    }

    /// Every selection read through the digest gives the rows, in the order, the table gives.
    async fn same_as_table(store: &Store, context: &str) {
        let through = store.newest_seq().await.unwrap();
        for (i, selection) in selections(through).iter().enumerate() {
            let table = store.read_funnel_rows_table(selection).await.unwrap();
            let digested = store.read_funnel_rows_digested(selection).await.unwrap();
            assert!(
                !table.is_empty(),
                "{context}, selection {i}: nothing to compare"
            );
            assert_eq!(flat(&digested), flat(&table), "{context}, selection {i}");
        }
    }

    async fn keeps_the_table_answers(store: &Store) {
        let mut stored = events(500, 1_000_000);
        stored.extend(additions(120));
        store.insert_events(&stored[..300]).await.unwrap();
        store.insert_events(&stored[300..]).await.unwrap();
        same_as_table(store, "nothing packed").await;

        // Blocks of 64: 9 whole ones, the newest 44 events left to the table.
        let done = store.refresh_event_digest_in(64).await.unwrap();
        assert_eq!(
            done,
            DigestRefresh {
                blocks: 9,
                events: 576
            }
        );
        assert_eq!(
            store.digest_ranges().await.unwrap().last(),
            Some(&(513, 576))
        );
        same_as_table(store, "nine blocks and the table's newest").await;
        assert_eq!(
            store.refresh_event_digest_in(64).await.unwrap(),
            DigestRefresh::default()
        );

        // A block gone (as a sign-in deletes them): its range is read from the table, and the
        // next refresh packs exactly that range again, whatever the block size now.
        with_pool!(store, |pool| {
            sqlx::query("DELETE FROM event_digest WHERE first_seq IN (129, 449)")
                .execute(pool)
                .await
                .unwrap();
        });
        same_as_table(store, "two blocks deleted").await;
        let done = store.refresh_event_digest_in(50).await.unwrap();
        assert_eq!(
            done,
            DigestRefresh {
                blocks: 4,
                events: 128
            }
        );
        let ranges = store.digest_ranges().await.unwrap();
        assert!(
            ranges.windows(2).all(|w| w[1].0 == w[0].1 + 1),
            "{ranges:?}"
        );
        same_as_table(store, "gaps packed again").await;

        // A sign-in adopts u1's live history: the blocks holding it go in the same
        // transaction, so the funnel shows the new id at once, and again once packed.
        let adopted = store
            .adopt_history(&UserId::from("u1"), &UserId::from("member"))
            .await
            .unwrap();
        assert!(adopted.events > 100);
        let through = store.newest_seq().await.unwrap();
        let rows = store
            .read_funnel_rows_digested(&selections(through)[0])
            .await
            .unwrap();
        let users: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.user_id).collect();
        assert!(users.contains("member"), "{users:?}");
        assert!(
            rows.iter()
                .filter(|r| r.user_id == "u1")
                .all(|r| r.event_type == EventType::ProductViewed),
            "only u1's simulated views keep the old id: its additions were live"
        );
        same_as_table(store, "after a sign-in").await;
        store.refresh_event_digest_in(64).await.unwrap();
        same_as_table(store, "after a sign-in, packed again").await;

        // A builder that read the events before a sign-in writes nothing after it.
        let stale = store.digest_epoch().await.unwrap();
        store
            .adopt_history(&UserId::from("u2"), &UserId::from("member"))
            .await
            .unwrap();
        assert!(
            !store
                .insert_digest_block(stale, 10_000, 10_000, 0, i64::MAX, i64::MIN, &[FORMAT])
                .await
                .unwrap()
        );
        assert!(
            store
                .digest_ranges()
                .await
                .unwrap()
                .iter()
                .all(|r| r.0 != 10_000)
        );
        same_as_table(store, "after a second sign-in").await;
    }

    #[tokio::test]
    async fn the_digest_gives_what_the_table_gives_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::db::testkit::store(&dir).await;
        keeps_the_table_answers(&store).await;
    }

    #[tokio::test]
    async fn the_digest_gives_what_the_table_gives_on_postgres() {
        let Some(postgres) = crate::db::testkit::TempPostgres::create("sf_digest").await else {
            return;
        };
        postgres.store.migrate().await.unwrap();
        keeps_the_table_answers(&postgres.store).await;
        postgres.drop().await;
    }
}
