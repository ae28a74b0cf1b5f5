//! The `Store`: every read and write of the shop's durable state, over SQLite (default) or
//! PostgreSQL through one interface.
//!
//! Queries are written in the SQL both databases accept (`$n` placeholders, `ON CONFLICT`,
//! integers for booleans and UTC timestamps in microseconds), once each: [`with_pool!`] expands
//! a query's body for the SQLite and the PostgreSQL pool, so the compiler checks it against both
//! drivers. Rows are read by column name into structs.
//!
//! Modules: the shop's tables (`accounts`, `carts`, `catalog`, `orders`, `models`), the event
//! table's reads (`events`), its bulk writer (`event_writer`), a funnel's read (`funnel`) and
//! the blocks of packed events it reads most of them from (`event_digest`, `digest_body`),
//! and the SQLite setup the pool and the bulk paths share (`sqlite`: one PRAGMA set).

/// Runs `$body` once per driver with `$pool` bound to the store's typed pool (`&SqlitePool` or
/// `&PgPool`): each query's source is written once and type-checked against both drivers,
/// where a runtime `Any` layer would check neither (and cost microseconds a row).
macro_rules! with_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.pools {
            $crate::db::Pools::Sqlite { pool: $pool, .. } => $body,
            $crate::db::Pools::Postgres($pool) => $body,
        }
    };
}

mod accounts;
mod carts;
mod catalog;
mod digest_body;
mod event_copy;
mod event_digest;
mod event_writer;
mod events;
mod experiments;
#[cfg(test)]
mod feature_column_tests;
mod funnel;
mod funnel_copy;
mod models;
mod orders;
mod sqlite;
#[cfg(test)]
mod testkit;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqlitePool, SqlitePoolOptions};

pub use accounts::{Account, AdoptedHistory, NewAccount};
pub use carts::{CartEdit, CartEdited, CartLine};
pub use event_digest::DigestRefresh;
pub use event_writer::{EventLoader, EventRow, LoadMode};
pub use events::{EventFilter, InteractionSink, StoredEvent, StoredInteraction};
pub use experiments::{Allocation, Transition};
pub use funnel::FunnelSelection;
pub use orders::{NewOrder, Placed, PlacedOrder, Shortage};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("SQLite error (bulk path): {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL `{0}`: use sqlite://PATH or postgres://...")]
    UnsupportedUrl(String),
    #[error("cannot create the database directory {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("{0} already exists")]
    Duplicate(&'static str),
    /// A blocking task of the bulk paths was cancelled or panicked.
    #[error("{what} failed: its blocking task ended abnormally: {source}")]
    Join {
        what: &'static str,
        source: tokio::task::JoinError,
    },
    /// A thread of the bulk paths could not be started.
    #[error("cannot start a thread for {what}: {source}")]
    Spawn {
        what: &'static str,
        source: std::io::Error,
    },
    /// A thread of the bulk paths panicked; `message` is its panic's.
    #[error("{what} failed: its thread panicked: {message}")]
    WorkerPanicked { what: &'static str, message: String },
    /// A bulk writer handed more work after it had stopped on an error (reported then).
    #[error("{what} had already stopped on an earlier error")]
    Stopped { what: &'static str },
    /// A row just written could not be read back (another writer deleted it in between).
    #[error("{0} was written but could not be read back")]
    Vanished(String),
    /// The database cannot take writes (its file deleted, replaced or read-only).
    #[error("the database cannot take writes: {0}")]
    Unavailable(String),
    /// Data read back that the shop could not have written (an unknown persona, properties
    /// that are not a JSON object).
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// The error of a thread that panicked with `payload` while doing `what`.
    fn panicked(what: &'static str, payload: Box<dyn std::any::Any + Send>) -> StoreError {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_string());
        StoreError::WorkerPanicked { what, message }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Store {
    pools: Pools,
}

/// The store's database: one typed pool per backend (see [`with_pool!`]).
#[derive(Clone, Debug)]
enum Pools {
    Sqlite {
        pool: SqlitePool,
        /// The database's file, which the bulk paths open themselves; `None` in memory (the
        /// database is private to the pool's connection then, so the bulk paths take the pool).
        file: Option<std::sync::Arc<str>>,
        /// The file's identity when the pool opened it (see `check_writable`).
        opened: Option<sqlite::FileId>,
        /// The connection the shop's event batches are written through, on a file.
        writer: Option<sqlite::DirectWriter>,
    },
    Postgres(PgPool),
}

impl Store {
    /// Connects, creating the SQLite file (and its folder) when missing.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        let pools = match normalize_url(url)? {
            (Backend::Sqlite, url) => {
                let file = sqlite_file_of(&url);
                let file = (file != ":memory:").then(|| file.into());
                let pool = SqlitePoolOptions::new()
                    // SQLite allows one writer at a time; a few connections serve the readers.
                    .max_connections(8)
                    .connect_with(sqlite::pool_options(&url)?)
                    .await?;
                let opened = file.as_deref().and_then(sqlite::file_id);
                let writer = file
                    .clone()
                    .map(|file| sqlite::DirectWriter::new(file, opened));
                Pools::Sqlite {
                    pool,
                    file,
                    opened,
                    writer,
                }
            }
            (Backend::Postgres, url) => Pools::Postgres(
                PgPoolOptions::new()
                    .max_connections(16)
                    .connect(&url)
                    .await?,
            ),
        };
        Ok(Store { pools })
    }

    pub fn backend(&self) -> Backend {
        match self.pools {
            Pools::Sqlite { .. } => Backend::Sqlite,
            Pools::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.pools {
            Pools::Sqlite { pool, .. } => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Pools::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Waits for, then holds, the database-wide lock `key` until the guard is released or
    /// dropped: what instances starting together on one database must do once (seeding), one
    /// does while the others wait. A PostgreSQL advisory lock, held by a connection of its own
    /// that is closed afterwards (so the lock cannot outlive the guard); nothing on SQLite.
    pub async fn exclusive(&self, key: i64) -> Result<ExclusiveLock, StoreError> {
        let conn = match &self.pools {
            Pools::Sqlite { .. } => None,
            Pools::Postgres(pool) => {
                let mut conn = pool.acquire().await?;
                sqlx::query("SELECT pg_advisory_lock($1)")
                    .bind(key)
                    .execute(&mut *conn)
                    .await?;
                Some(conn)
            }
        };
        Ok(ExclusiveLock { conn })
    }

    /// `INSERT INTO t (a, b) VALUES (…), (…)…` for `rows` rows, with this backend's placeholders
    /// (see [`insert_sql`]).
    pub(crate) fn insert_sql(&self, table: &str, columns: &[&str], rows: usize) -> String {
        insert_sql(self.backend(), table, columns, rows)
    }

    pub async fn close(&self) {
        if let Some(writer) = self.direct_writer() {
            writer.close().await;
        }
        with_pool!(self, |pool| pool.close().await);
    }

    /// Whether the database takes writes now: on SQLite the file is still there, still the
    /// file the shop opened and still writable (open connections would go on writing into a
    /// deleted or read-only file without a word), then a write in a transaction of its own.
    pub async fn check_writable(&self) -> Result<(), StoreError> {
        if let Pools::Sqlite {
            file: Some(path),
            opened,
            ..
        } = &self.pools
        {
            sqlite::check_file(path, *opened)?;
        }
        with_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO meta (key, value) VALUES ('ready_probe', $1) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(crate::clock::now_micros().to_string())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    pub async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        let value = with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
                .bind(key)
                .fetch_optional(pool)
                .await
        })?;
        Ok(value)
    }

    pub async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO meta (key, value) VALUES ($1, $2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn delete_meta(&self, key: &str) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("DELETE FROM meta WHERE key = $1")
                .bind(key)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Stores `value` under `key` unless a value is already there, and returns the one that
    /// wins. Two instances starting together on one database agree on the same value.
    pub async fn meta_get_or_insert(&self, key: &str, value: &str) -> Result<String, StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .bind(value)
            .execute(pool)
            .await?;
        });
        self.meta(key)
            .await?
            .ok_or_else(|| StoreError::Vanished(format!("meta key {key}")))
    }
}

/// `INSERT INTO t (a, b) VALUES (?, ?), (?, ?)…` for `rows` rows: the one builder of multi-row
/// INSERTs, for the pool's statements and the SQLite event writer's. SQLite gets anonymous `?`
/// placeholders: its driver looks numbered ones up by name, which costs quadratic time in a
/// statement with thousands of parameters.
fn insert_sql(backend: Backend, table: &str, columns: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut n = 0;
    for r in 0..rows {
        sql.push_str(if r > 0 { ", (" } else { "(" });
        for c in 0..columns.len() {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => sql.push_str(&format!("${n}")),
            }
        }
        sql.push(')');
    }
    sql
}

/// See [`Store::exclusive`].
pub struct ExclusiveLock {
    conn: Option<sqlx::pool::PoolConnection<sqlx::Postgres>>,
}

impl ExclusiveLock {
    pub async fn release(mut self) {
        if let Some(conn) = self.conn.take() {
            let _ = sqlx::Connection::close(conn.detach()).await;
        }
    }
}

impl Drop for ExclusiveLock {
    fn drop(&mut self) {
        // Not back to the pool: the session ends, and the lock with it.
        if let Some(conn) = self.conn.take() {
            drop(conn.detach());
        }
    }
}

/// Accepts `sqlite://path`, `sqlite:path`, a bare file path, or `postgres://…`.
fn normalize_url(url: &str) -> Result<(Backend, String), StoreError> {
    let url = url.trim();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((Backend::Postgres, url.to_string()));
    }
    let path = if let Some(rest) = url.strip_prefix("sqlite://") {
        rest
    } else if let Some(rest) = url.strip_prefix("sqlite:") {
        rest
    } else if !url.contains("://") && !url.is_empty() {
        url
    } else {
        return Err(StoreError::UnsupportedUrl(url.to_string()));
    };
    let (file, query) = match path.split_once('?') {
        Some((f, q)) => (f, Some(q)),
        None => (path, None),
    };
    if file != ":memory:"
        && let Some(parent) = std::path::Path::new(file).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
            path: parent.display().to_string(),
            source,
        })?;
    }
    let query = match query {
        Some(q) if q.contains("mode=") => q.to_string(),
        Some(q) => format!("{q}&mode=rwc"),
        None => "mode=rwc".to_string(),
    };
    Ok((Backend::Sqlite, format!("sqlite://{file}?{query}")))
}

/// The file part of a normalized `sqlite://FILE?QUERY` URL.
fn sqlite_file_of(url: &str) -> &str {
    let rest = url.strip_prefix("sqlite://").unwrap_or(url);
    rest.split_once('?').map_or(rest, |(file, _)| file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_normalize() {
        let (b, u) = normalize_url("postgres://localhost/x").unwrap();
        assert_eq!(b, Backend::Postgres);
        assert_eq!(u, "postgres://localhost/x");
        let dir = std::env::temp_dir().join("sf-url-test");
        let file = dir.join("a.db");
        let (b, u) = normalize_url(&format!("sqlite://{}", file.display())).unwrap();
        assert_eq!(b, Backend::Sqlite);
        assert!(u.ends_with("a.db?mode=rwc"));
        assert!(normalize_url("mysql://x").is_err());
    }
}
