//! The SQLite setup the pool and the bulk paths share: one PRAGMA set, applied to the pool's
//! connections (through sqlx's connect options) and to the connections the bulk paths open
//! themselves (through rusqlite).

use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;

use super::StoreError;

/// Every SQLite connection's settings. WAL lets pages read while the tracker writes; waiting
/// (`busy_timeout`) instead of failing when another writer holds the lock; a larger cache,
/// memory-mapped reads (2 GiB: a funnel over a million events reads the whole table) and
/// rarer checkpoints cut the cost of a steady stream of event batches by about a third.
const PRAGMAS: [(&str, &str); 8] = [
    ("journal_mode", "WAL"),
    ("synchronous", "NORMAL"),
    ("busy_timeout", "10000"),
    ("foreign_keys", "ON"),
    ("cache_size", "-65536"),
    ("mmap_size", "2147418112"),
    ("wal_autocheckpoint", "4000"),
    ("temp_store", "MEMORY"),
];

/// The pool's connect options for a normalized `sqlite://FILE?QUERY` URL, with [`PRAGMAS`].
pub(super) fn pool_options(url: &str) -> Result<SqliteConnectOptions, StoreError> {
    let options = SqliteConnectOptions::from_str(url)?;
    Ok(PRAGMAS
        .iter()
        .fold(options, |options, &(key, value)| options.pragma(key, value)))
}

/// A connection of the bulk paths' own, set up as the pool's are ([`PRAGMAS`]).
pub(super) fn open_direct(path: &str) -> Result<rusqlite::Connection, StoreError> {
    // Never create: the pool made the file, and a path read differently must fail loudly
    // rather than fill a new, empty database.
    use rusqlite::OpenFlags;
    let conn = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let pragmas: String = PRAGMAS
        .iter()
        .map(|(key, value)| format!("PRAGMA {key} = {value}; "))
        .collect();
    conn.execute_batch(&pragmas)?;
    Ok(conn)
}

/// The connection the shop's own event batches are written through on an SQLite file (see
/// `Store::insert_event_rows`): statements prepared once and parameters bound in place, where
/// the pool's one statement per batch had SQLite unpack a JSON parameter field by field, a
/// third of the CPU a product view's event cost. Opened on first use, only while the file is
/// still the one the store opened (`check_file`); a connection an error left inside a
/// transaction is dropped and opened again by the next batch; closed with the store, after
/// which it refuses batches as the closed pool does.
#[derive(Clone)]
pub(super) struct DirectWriter {
    path: std::sync::Arc<str>,
    opened: Option<FileId>,
    held: std::sync::Arc<std::sync::Mutex<Held>>,
}

#[derive(Default)]
struct Held {
    conn: Option<rusqlite::Connection>,
    closed: bool,
}

impl std::fmt::Debug for DirectWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectWriter")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Statements the direct writer keeps prepared: its insert's chunk sizes (see
/// `insert_rows_sqlite`), with room.
const WRITER_STATEMENTS: usize = 32;

impl DirectWriter {
    pub(super) fn new(path: std::sync::Arc<str>, opened: Option<FileId>) -> DirectWriter {
        DirectWriter {
            path,
            opened,
            held: std::sync::Arc::default(),
        }
    }

    /// Runs `work` in one transaction, on a blocking thread (`what`, for the error), one batch
    /// at a time.
    pub(super) async fn transaction<T: Send + 'static>(
        &self,
        what: &'static str,
        work: impl FnOnce(&rusqlite::Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let writer = self.clone();
        blocking(what, move || {
            let mut held = writer
                .held
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if held.closed {
                return Err(StoreError::Unavailable(format!(
                    "{}: the store is closed",
                    writer.path
                )));
            }
            let conn = match &mut held.conn {
                Some(conn) => conn,
                none @ None => {
                    check_file(&writer.path, writer.opened)?;
                    let conn = open_direct(&writer.path)?;
                    conn.set_prepared_statement_cache_capacity(WRITER_STATEMENTS);
                    none.insert(conn)
                }
            };
            // A transaction rolls back when dropped: on an error, and on a panic too.
            let outcome = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(StoreError::from)
                .and_then(|tx| {
                    let done = work(&tx)?;
                    tx.commit()?;
                    Ok(done)
                });
            if held.conn.as_ref().is_some_and(|conn| !conn.is_autocommit()) {
                // Still inside a transaction its rollback could not end: start afresh.
                held.conn = None;
            }
            outcome
        })
        .await
    }

    /// Closes the connection; later batches are refused.
    pub(super) async fn close(&self) {
        let held = self.held.clone();
        let closed = blocking("closing the SQLite event writer", move || {
            let mut held = held
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            held.conn = None;
            held.closed = true;
            Ok(())
        })
        .await;
        if let Err(e) = closed {
            tracing::warn!(error = %e, "closing the SQLite event writer failed");
        }
    }
}

/// Column `i` of a SQLite row as text, borrowed.
pub(super) fn text<'r>(row: &'r rusqlite::Row, i: usize) -> Result<&'r str, StoreError> {
    Ok(row.get_ref(i)?.as_str().map_err(rusqlite::Error::from)?)
}

/// Column `i` of a SQLite row as text or NULL, borrowed.
pub(super) fn optional_text<'r>(
    row: &'r rusqlite::Row,
    i: usize,
) -> Result<Option<&'r str>, StoreError> {
    Ok(row
        .get_ref(i)?
        .as_str_or_null()
        .map_err(rusqlite::Error::from)?)
}

impl super::Store {
    /// The SQLite file the bulk paths open themselves, when there is one (an in-memory
    /// database is private to the pool's connection, so it takes the pool).
    pub(super) fn direct_sqlite(&self) -> Option<&str> {
        match &self.pools {
            super::Pools::Sqlite { file, .. } => file.as_deref(),
            super::Pools::Postgres(_) => None,
        }
    }

    /// The connection the shop's event batches are written through, when the store is a file.
    pub(super) fn direct_writer(&self) -> Option<&DirectWriter> {
        match &self.pools {
            super::Pools::Sqlite { writer, .. } => writer.as_ref(),
            super::Pools::Postgres(_) => None,
        }
    }
}

/// Runs `work` (`what`, for the error) on a blocking thread of tokio's: the bulk paths step
/// SQLite synchronously.
pub(super) async fn blocking<T: Send + 'static>(
    what: &'static str,
    work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|source| StoreError::Join { what, source })?
}

/// A file's identity: its device and inode.
pub(super) type FileId = (u64, u64);

/// The identity of the file at `path`, when there is one.
pub(super) fn file_id(path: &str) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// The database file is still at `path`, is the one opened (`opened`) and can be written.
pub(super) fn check_file(path: &str, opened: Option<FileId>) -> Result<(), StoreError> {
    let unavailable = |why: String| StoreError::Unavailable(format!("{path}: {why}"));
    let now = file_id(path).ok_or_else(|| unavailable("the file is gone".into()))?;
    if opened.is_some_and(|opened| opened != now) {
        return Err(unavailable(
            "the file was replaced since the shop opened it".into(),
        ));
    }
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| unavailable(format!("cannot be written: {e}")))?;
    Ok(())
}
