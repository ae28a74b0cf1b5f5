use sqlx::Row;

use super::bulk::EVENT_COLUMNS;
use super::{Backend, EventRow, Store, StoreError};
use crate::events::{Event, EventType};

/// Which events to read. Empty `types` means all.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub types: Vec<EventType>,
    /// Inclusive lower bound, UTC microseconds.
    pub since: Option<i64>,
    /// Exclusive upper bound, UTC microseconds.
    pub until: Option<i64>,
    pub session_id: Option<String>,
    pub user_id: Option<String>,
    /// Only events stored after this sequence number (for polling).
    pub after_seq: Option<i64>,
    /// Only events stored before this sequence number (exclusive).
    pub before_seq: Option<i64>,
    pub newest_first: bool,
    pub limit: Option<i64>,
    /// Only the simulator's events (`Some(true)`), or only the others (`Some(false)`).
    pub simulated: Option<bool>,
}

/// One shopper-item interaction as the recommender sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    pub user_id: String,
    pub item_id: String,
    pub event_type: EventType,
    pub timestamp: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub seq: i64,
    pub event: Event,
}

impl Store {
    /// Writes a batch; events already stored (same `event_id`) are skipped, so retries and
    /// several writers never duplicate an event. Returns how many were new.
    pub async fn insert_events(&self, batch: &[Event]) -> Result<u64, StoreError> {
        let rows: Vec<EventRow> = batch.iter().map(EventRow::from).collect();
        self.insert_event_rows(&rows).await
    }

    pub(super) async fn insert_event_rows(&self, rows: &[EventRow]) -> Result<u64, StoreError> {
        if rows.is_empty() {
            return Ok(0);
        }
        // The whole batch goes as one JSON parameter that the database unpacks itself: binding
        // seven parameters per row through the `Any` driver cost five times the insert.
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
                    ])
                })
                .collect(),
        )
        .to_string();
        let columns = EVENT_COLUMNS.join(", ");
        let sql = match self.backend() {
            Backend::Sqlite => format!(
                "INSERT INTO events ({columns}) \
                 SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7 \
                 FROM json_each(?) WHERE true ON CONFLICT (event_id) DO NOTHING"
            ),
            Backend::Postgres => format!(
                "INSERT INTO events ({columns}) \
                 SELECT r->>0, r->>1, r->>2, r->>3, r->>4, (r->>5)::BIGINT, r->>6, (r->>7)::INTEGER \
                 FROM json_array_elements($1::json) AS r ON CONFLICT (event_id) DO NOTHING"
            ),
        };
        let inserted = sqlx::query(&sql)
            .bind(rows)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(inserted)
    }

    pub async fn events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>, StoreError> {
        let mut sql = format!(
            "SELECT seq, {} FROM events WHERE 1 = 1",
            EVENT_COLUMNS.join(", ")
        );
        let mut n = 0;
        let mut next = || {
            n += 1;
            format!("${n}")
        };
        if !filter.types.is_empty() {
            let marks: Vec<String> = filter.types.iter().map(|_| next()).collect();
            sql.push_str(&format!(" AND event_type IN ({})", marks.join(", ")));
        }
        if filter.since.is_some() {
            sql.push_str(&format!(" AND occurred_at >= {}", next()));
        }
        if filter.until.is_some() {
            sql.push_str(&format!(" AND occurred_at < {}", next()));
        }
        if filter.session_id.is_some() {
            sql.push_str(&format!(" AND session_id = {}", next()));
        }
        if filter.user_id.is_some() {
            sql.push_str(&format!(" AND user_id = {}", next()));
        }
        if filter.after_seq.is_some() {
            sql.push_str(&format!(" AND seq > {}", next()));
        }
        if filter.before_seq.is_some() {
            sql.push_str(&format!(" AND seq < {}", next()));
        }
        match filter.simulated {
            Some(true) => sql.push_str(" AND simulated = 1"),
            Some(false) => sql.push_str(" AND simulated = 0"),
            None => {}
        }
        sql.push_str(if filter.newest_first {
            " ORDER BY seq DESC"
        } else {
            " ORDER BY seq"
        });
        if filter.limit.is_some() {
            sql.push_str(&format!(" LIMIT {}", next()));
        }
        let mut q = sqlx::query(&sql);
        for t in &filter.types {
            q = q.bind(t.as_str());
        }
        if let Some(v) = filter.since {
            q = q.bind(v);
        }
        if let Some(v) = filter.until {
            q = q.bind(v);
        }
        if let Some(v) = &filter.session_id {
            q = q.bind(v.as_str());
        }
        if let Some(v) = &filter.user_id {
            q = q.bind(v.as_str());
        }
        if let Some(v) = filter.after_seq {
            q = q.bind(v);
        }
        if let Some(v) = filter.before_seq {
            q = q.bind(v);
        }
        if let Some(v) = filter.limit {
            q = q.bind(v);
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter().map(event_from_row).collect()
    }

    /// Every shopper-item interaction, oldest first: item events, and one row per line of each
    /// order (OrderCompleted names its products in `lines`). What the recommender trains on,
    /// so never the simulator's: its shoppers are there to be measured, not learned from.
    pub async fn interactions(&self) -> Result<Vec<Interaction>, StoreError> {
        if let Some(read) = self.read_interactions_directly().await {
            return read;
        }
        let rows = sqlx::query(INTERACTIONS_SQL).fetch_all(&self.pool).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            push_interactions(
                &mut out,
                r.try_get(0)?,
                r.try_get(1)?,
                r.try_get(2)?,
                r.try_get(3)?,
                r.try_get(4)?,
            );
        }
        Ok(out)
    }

    /// The sequence number just before the first event that occurred after `after` (UTC µs), or
    /// the newest event's when none did: where a reader of new events starts.
    pub async fn event_watermark(&self, after: Option<i64>) -> Result<i64, StoreError> {
        if let Some(after) = after {
            let first: Option<i64> =
                sqlx::query("SELECT MIN(seq) FROM events WHERE occurred_at > $1")
                    .bind(after)
                    .fetch_one(&self.pool)
                    .await?
                    .try_get(0)?;
            if let Some(first) = first {
                return Ok(first - 1);
            }
        }
        let last: Option<i64> = sqlx::query("SELECT MAX(seq) FROM events")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        Ok(last.unwrap_or(0))
    }
}

/// Columns: user, item (NULL for an order), event type, time, and an order's properties.
pub(super) const INTERACTIONS_SQL: &str = "SELECT user_id, item_id, event_type, occurred_at, \
     CASE WHEN event_type = 'OrderCompleted' THEN properties ELSE NULL END \
     FROM events WHERE (item_id IS NOT NULL OR event_type = 'OrderCompleted') \
     AND simulated = 0 ORDER BY seq";

/// One row of [`INTERACTIONS_SQL`] as interactions: the item's, or one per line of an order.
pub(super) fn push_interactions(
    out: &mut Vec<Interaction>,
    user_id: &str,
    item_id: Option<&str>,
    event_type: &str,
    timestamp: i64,
    order: Option<&str>,
) {
    let Some(event_type) = EventType::parse(event_type) else {
        return;
    };
    let interaction = |item_id: &str| Interaction {
        user_id: user_id.to_string(),
        item_id: item_id.to_string(),
        event_type,
        timestamp,
    };
    if let Some(item_id) = item_id {
        out.push(interaction(item_id));
        return;
    }
    let order = order.and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok());
    let lines = order
        .as_ref()
        .and_then(|v| v.get("lines"))
        .and_then(|l| l.as_array());
    for line in lines.into_iter().flatten() {
        if let Some(item) = line.get("productId").and_then(|v| v.as_str()) {
            out.push(interaction(item));
        }
    }
}

fn event_from_row(r: &sqlx::any::AnyRow) -> Result<StoredEvent, StoreError> {
    let event_type: String = r.try_get(2)?;
    let properties: String = r.try_get(7)?;
    let properties = match serde_json::from_str::<serde_json::Value>(&properties) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => {
            return Err(StoreError::Corrupt(format!(
                "event properties `{properties}`"
            )));
        }
    };
    Ok(StoredEvent {
        seq: r.try_get(0)?,
        event: Event {
            event_id: r.try_get(1)?,
            event_type: EventType::parse(&event_type)
                .ok_or_else(|| StoreError::Corrupt(format!("event type `{event_type}`")))?,
            user_id: r.try_get(3)?,
            session_id: r.try_get(4)?,
            item_id: r.try_get(5)?,
            timestamp: r.try_get(6)?,
            properties,
            anonymous: false,
        },
    })
}
