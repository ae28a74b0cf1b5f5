//! The `Store`: every read and write of the shop's durable state, over SQLite (default) or
//! PostgreSQL through one interface.
//!
//! Queries are written in the SQL both databases accept (`$n` placeholders, `ON CONFLICT`,
//! integers for booleans and UTC timestamps in microseconds), so one implementation serves both.

mod accounts;
mod bulk;
mod carts;
mod catalog;
mod events;
mod models;
mod orders;

use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor, Row};

pub use accounts::{Account, AdoptedHistory, NewAccount};
pub use bulk::{EventLoader, EventRow, FunnelRowRef, FunnelRows, FunnelSelection};
pub use carts::CartLine;
pub use events::{EventFilter, Interaction, StoredEvent};
pub use orders::NewOrder;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database error: {0}")]
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
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The SQLite database's file, which the bulk paths open themselves.
    sqlite_file: Option<std::sync::Arc<str>>,
}

impl Store {
    /// Connects, creating the SQLite file (and its folder) when missing.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let (backend, url) = normalize_url(url)?;
        let sqlite_file = (backend == Backend::Sqlite).then(|| sqlite_file_of(&url).into());
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = match backend {
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    // SQLite allows one writer at a time; a few connections serve the readers.
                    .max_connections(8)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute(
                                // WAL lets pages read while the tracker writes; a larger
                                // cache, memory-mapped reads and rarer checkpoints cut the
                                // cost of a steady stream of event batches by about a third.
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; \
                                 PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456; \
                                 PRAGMA wal_autocheckpoint = 4000; PRAGMA temp_store = MEMORY;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .connect_with(options)
                    .await?
            }
        };
        Ok(Store {
            pool,
            backend,
            sqlite_file,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => {
                sqlx::migrate!("./migrations/sqlite")
                    .run(&self.pool)
                    .await?
            }
            Backend::Postgres => {
                sqlx::migrate!("./migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        Ok(())
    }

    /// Waits for, then holds, the database-wide lock `key` until the guard is released or
    /// dropped: what instances starting together on one database must do once (seeding), one
    /// does while the others wait. A PostgreSQL advisory lock, held by a connection of its own
    /// that is closed afterwards (so the lock cannot outlive the guard); nothing on SQLite.
    pub async fn exclusive(&self, key: i64) -> Result<ExclusiveLock, StoreError> {
        let conn = match self.backend {
            Backend::Sqlite => None,
            Backend::Postgres => {
                let mut conn = self.pool.acquire().await?;
                sqlx::query("SELECT pg_advisory_lock($1)")
                    .bind(key)
                    .execute(&mut *conn)
                    .await?;
                Some(conn)
            }
        };
        Ok(ExclusiveLock { conn })
    }

    /// `INSERT INTO t (a, b) VALUES (?, ?), (?, ?)…` for `rows` rows. SQLite gets anonymous `?`
    /// placeholders: its driver looks numbered ones up by name, which costs quadratic time in a
    /// statement with thousands of parameters.
    pub(crate) fn insert_sql(&self, table: &str, columns: &[&str], rows: usize) -> String {
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for r in 0..rows {
            sql.push_str(if r > 0 { ", (" } else { "(" });
            for c in 0..columns.len() {
                if c > 0 {
                    sql.push_str(", ");
                }
                n += 1;
                match self.backend {
                    Backend::Sqlite => sql.push('?'),
                    Backend::Postgres => sql.push_str(&format!("${n}")),
                }
            }
            sql.push(')');
        }
        sql
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT value FROM meta WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get::<String, _>(0)?),
            None => None,
        })
    }

    pub async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Stores `value` under `key` unless a value is already there, and returns the one that
    /// wins. Two instances starting together on one database agree on the same value.
    pub async fn meta_get_or_insert(&self, key: &str, value: &str) -> Result<String, StoreError> {
        sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        self.meta(key)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("meta key {key} vanished")))
    }
}

/// See [`Store::exclusive`].
pub struct ExclusiveLock {
    conn: Option<sqlx::pool::PoolConnection<sqlx::Any>>,
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
