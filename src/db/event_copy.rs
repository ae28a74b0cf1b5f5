//! The event loader's PostgreSQL path: each batch streamed with `COPY` into a temporary table,
//! then moved into `events` by one `INSERT … SELECT … ON CONFLICT DO NOTHING` (`COPY` itself
//! cannot skip the events already stored). Binding the batch as one JSON parameter, as the pool
//! path does, made PostgreSQL parse and unpack the JSON row by row.

use sqlx::{PgPool, Postgres, Transaction};

use super::StoreError;
use super::event_writer::{EVENT_COLUMNS, EventRow, LoadMode, SKIP_STORED};

/// The staging table, one per transaction (dropped at its commit), typed as `events`' columns.
const CREATE_STAGING: &str = "CREATE TEMPORARY TABLE events_load (event_id TEXT, \
     event_type TEXT, user_id TEXT, session_id TEXT, item_id TEXT, occurred_at BIGINT, \
     properties TEXT, simulated INTEGER, feature TEXT) ON COMMIT DROP";

/// Writes batches of events through `COPY`; see [`LoadMode`] for when it commits.
pub(super) struct PgLoader {
    pool: PgPool,
    mode: LoadMode,
    tx: Option<Transaction<'static, Postgres>>,
    /// The batch in `COPY`'s text format, reused between batches.
    buffer: Vec<u8>,
    written: u64,
}

impl PgLoader {
    pub(super) fn new(pool: PgPool, mode: LoadMode) -> PgLoader {
        PgLoader {
            pool,
            mode,
            tx: None,
            buffer: Vec::new(),
            written: 0,
        }
    }

    /// Writes `rows`; events already stored (same `event_id`) are skipped.
    pub(super) async fn write(&mut self, rows: &[EventRow]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        self.buffer.clear();
        for row in rows {
            encode(&mut self.buffer, row);
        }
        let columns = EVENT_COLUMNS.join(", ");
        let tx = if let Some(tx) = &mut self.tx {
            tx
        } else {
            let mut tx = self.pool.begin().await?;
            sqlx::query(CREATE_STAGING).execute(&mut *tx).await?;
            self.tx.insert(tx)
        };
        let mut copy = tx
            .copy_in_raw(&format!("COPY events_load ({columns}) FROM STDIN"))
            .await?;
        copy.send(self.buffer.as_slice()).await?;
        copy.finish().await?;
        let moved = format!(
            "INSERT INTO events ({columns}) SELECT {columns} FROM events_load WHERE true{SKIP_STORED}"
        );
        self.written += sqlx::query(&moved)
            .execute(&mut **tx)
            .await?
            .rows_affected();
        sqlx::query("TRUNCATE events_load")
            .execute(&mut **tx)
            .await?;
        if self.mode == LoadMode::Shared
            && let Some(tx) = self.tx.take()
        {
            tx.commit().await?;
        }
        Ok(())
    }

    /// Commits what is open and returns how many events were new.
    pub(super) async fn finish(mut self) -> Result<u64, StoreError> {
        if let Some(tx) = self.tx.take() {
            tx.commit().await?;
        }
        // Fresh statistics after a bulk load, or PostgreSQL plans the next funnel for the
        // table it knew (an index scan and a sort spilled to disk, twice the time).
        if self.written > 0 {
            sqlx::query("ANALYZE events").execute(&self.pool).await?;
        }
        Ok(self.written)
    }
}

/// One row in `COPY`'s text format, in [`EVENT_COLUMNS`]' order.
fn encode(out: &mut Vec<u8>, row: &EventRow) {
    text(out, row.event_id.as_str());
    out.push(b'\t');
    text(out, row.event_type.as_str());
    out.push(b'\t');
    text(out, row.user_id.as_str());
    out.push(b'\t');
    text(out, row.session_id.as_str());
    out.push(b'\t');
    match &row.item_id {
        Some(item) => text(out, item),
        None => out.extend_from_slice(b"\\N"),
    }
    out.push(b'\t');
    out.extend_from_slice(row.occurred_at.to_string().as_bytes());
    out.push(b'\t');
    text(out, &row.properties);
    out.push(b'\t');
    out.push(if row.simulated { b'1' } else { b'0' });
    out.push(b'\t');
    match &row.feature {
        Some(feature) => text(out, feature),
        None => out.extend_from_slice(b"\\N"),
    }
    out.push(b'\n');
}

/// A text value with the characters `COPY` reads specially escaped.
fn text(out: &mut Vec<u8>, value: &str) {
    for &b in value.as_bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_what_copy_reads_specially() {
        let mut out = Vec::new();
        text(&mut out, "a\\b\tc\nd\re\"");
        assert_eq!(out, b"a\\\\b\\tc\\nd\\re\"");
    }
}
