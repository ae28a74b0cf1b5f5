//! Reading the event table: events by filter, the recommender's interactions, watermarks.

use std::future::poll_fn;
use std::pin::Pin;

use futures_core::Stream;

use super::event_writer::EVENT_COLUMNS;
use super::sqlite::{blocking, open_direct, optional_text, text};
use super::{EventRow, Store, StoreError};
use crate::clock::Timestamp;
use crate::domain::{SessionId, UserId};
use crate::events::{Event, EventType};

/// Which events to read. Empty `types` means all.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub types: Vec<EventType>,
    /// Inclusive lower bound.
    pub since: Option<Timestamp>,
    /// Exclusive upper bound.
    pub until: Option<Timestamp>,
    pub session_id: Option<SessionId>,
    pub user_id: Option<UserId>,
    /// Only events stored after this sequence number (for polling).
    pub after_seq: Option<i64>,
    /// Only events stored before this sequence number (exclusive).
    pub before_seq: Option<i64>,
    pub newest_first: bool,
    pub limit: Option<i64>,
    /// Only the simulator's events (`Some(true)`), or only the others (`Some(false)`).
    pub simulated: Option<bool>,
}

/// One shopper-item interaction of the store's events, as training reads it: who, which item
/// (an order is one per line), what they did and when. (Offline evaluation's interactions are
/// `offline_eval::IndexedInteraction`: dense indices and a weight; Personalize's are `PutEvent`s.)
#[derive(Debug, Clone, PartialEq)]
pub struct StoredInteraction {
    pub user_id: UserId,
    pub item_id: String,
    pub event_type: EventType,
    pub timestamp: Timestamp,
}

impl StoredInteraction {
    /// The interactions an event is, by the rule [`Store::interactions`] reads them with: its
    /// item, or one per line of an order (a cart view's or a checkout's lines are not
    /// interactions); none for a simulated event.
    pub fn of_event(event: &Event) -> impl Iterator<Item = StoredInteraction> + '_ {
        let counts = !event.is_simulated()
            && (event.item_id.is_some() || event.event_type == EventType::OrderCompleted);
        let items = counts.then(|| event.items()).into_iter().flatten();
        items.map(|item_id| StoredInteraction {
            user_id: event.user_id.clone(),
            item_id: item_id.to_string(),
            event_type: event.event_type,
            timestamp: event.timestamp,
        })
    }
}

/// Where [`Store::read_interactions`] puts the interactions it reads, one at a time, so that a
/// reader that keeps less than the store's rows (training keeps an item index and a weight)
/// never holds them all: fifty million rows of ids would take gigabytes.
pub trait InteractionSink: Send + 'static {
    fn interaction(&mut self, user_id: &str, item_id: &str, event_type: EventType, at: Timestamp);

    /// Takes one interaction already held as a row (tests and benches: what the store would
    /// stream).
    fn stored(&mut self, row: &StoredInteraction) {
        self.interaction(
            row.user_id.as_str(),
            &row.item_id,
            row.event_type,
            row.timestamp,
        );
    }
}

impl InteractionSink for Vec<StoredInteraction> {
    fn interaction(&mut self, user_id: &str, item_id: &str, event_type: EventType, at: Timestamp) {
        self.push(StoredInteraction {
            user_id: UserId::from(user_id),
            item_id: item_id.to_string(),
            event_type,
            timestamp: at,
        });
    }
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
        self.insert_event_rows(rows).await
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
        let records: Vec<EventRecord> = with_pool!(self, |pool| {
            let mut q = sqlx::query_as(&sql);
            for t in &filter.types {
                q = q.bind(t.as_str());
            }
            if let Some(v) = filter.since {
                q = q.bind(v.as_micros());
            }
            if let Some(v) = filter.until {
                q = q.bind(v.as_micros());
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
            q.fetch_all(pool).await?
        });
        records.into_iter().map(StoredEvent::try_from).collect()
    }

    /// Every shopper-item interaction, oldest first: item events, and one row per line of each
    /// order (OrderCompleted names its products in `lines`). What the recommender trains on,
    /// so never the simulator's: its shoppers are there to be measured, not learned from.
    pub async fn interactions(&self) -> Result<Vec<StoredInteraction>, StoreError> {
        self.read_interactions(Vec::new()).await
    }

    /// [`Store::interactions`] streamed into `sink`, which is given back when all are read.
    pub async fn read_interactions<S: InteractionSink>(
        &self,
        mut sink: S,
    ) -> Result<S, StoreError> {
        if let Some(path) = self.direct_sqlite() {
            // Stepped directly (half a million rows read in a fraction of what the pool takes,
            // at every start and training).
            let path = path.to_string();
            return blocking("reading interactions", move || {
                read_interactions_sqlite(&path, &mut sink)?;
                Ok(sink)
            })
            .await;
        }
        with_pool!(self, |pool| {
            let mut rows = sqlx::query_as::<_, InteractionRecord>(INTERACTIONS_SQL).fetch(pool);
            while let Some(r) = poll_fn(|cx| Pin::new(&mut rows).poll_next(cx)).await {
                let r = r?;
                push_interactions(
                    &mut sink,
                    &r.user_id,
                    r.item_id.as_deref(),
                    &r.event_type,
                    r.occurred_at,
                    r.order_properties.as_deref(),
                );
            }
        });
        Ok(sink)
    }

    /// The sequence number just before the first event that occurred after `after` (UTC µs), or
    /// the newest event's when none did: where a reader of new events starts.
    pub async fn event_watermark(&self, after: Option<i64>) -> Result<i64, StoreError> {
        if let Some(after) = after {
            let first: Option<i64> = with_pool!(self, |pool| {
                sqlx::query_scalar("SELECT MIN(seq) FROM events WHERE occurred_at > $1")
                    .bind(after)
                    .fetch_one(pool)
                    .await?
            });
            if let Some(first) = first {
                return Ok(first - 1);
            }
        }
        self.newest_seq().await
    }

    /// The newest event's sequence number, 0 when there is none.
    pub(super) async fn newest_seq(&self) -> Result<i64, StoreError> {
        let newest: Option<i64> = with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT MAX(seq) FROM events")
                .fetch_one(pool)
                .await?
        });
        Ok(newest.unwrap_or(0))
    }
}

/// Columns: user, item (NULL for an order), event type, time, and an order's properties
/// (see [`InteractionRecord`], and [`interaction_column`] for their positions).
const INTERACTIONS_SQL: &str = "SELECT user_id, item_id, event_type, occurred_at, \
     CASE WHEN event_type = 'OrderCompleted' THEN properties ELSE NULL END AS order_properties \
     FROM events WHERE (item_id IS NOT NULL OR event_type = 'OrderCompleted') \
     AND simulated = 0 ORDER BY seq";

/// A row of [`INTERACTIONS_SQL`] as the pool reads it.
#[derive(sqlx::FromRow)]
struct InteractionRecord {
    user_id: String,
    item_id: Option<String>,
    event_type: String,
    occurred_at: i64,
    order_properties: Option<String>,
}

/// The positions of [`INTERACTIONS_SQL`]'s columns in rusqlite's raw rows.
mod interaction_column {
    pub const USER_ID: usize = 0;
    pub const ITEM_ID: usize = 1;
    pub const EVENT_TYPE: usize = 2;
    pub const OCCURRED_AT: usize = 3;
    pub const ORDER_PROPERTIES: usize = 4;
}

/// [`Store::interactions`] stepped through rusqlite on the SQLite file at `path`.
fn read_interactions_sqlite(path: &str, sink: &mut impl InteractionSink) -> Result<(), StoreError> {
    use interaction_column as column;
    let conn = open_direct(path)?;
    let mut statement = conn.prepare(INTERACTIONS_SQL)?;
    let mut rows = statement.raw_query();
    while let Some(row) = rows.next()? {
        push_interactions(
            sink,
            text(row, column::USER_ID)?,
            optional_text(row, column::ITEM_ID)?,
            text(row, column::EVENT_TYPE)?,
            row.get(column::OCCURRED_AT)?,
            optional_text(row, column::ORDER_PROPERTIES)?,
        );
    }
    Ok(())
}

/// One row of [`INTERACTIONS_SQL`] as interactions: the item's, or one per line of an order.
fn push_interactions(
    sink: &mut impl InteractionSink,
    user_id: &str,
    item_id: Option<&str>,
    event_type: &str,
    occurred_at: i64,
    order: Option<&str>,
) {
    let Some(event_type) = EventType::parse(event_type) else {
        return;
    };
    let at = Timestamp::from_micros(occurred_at);
    if let Some(item_id) = item_id {
        sink.interaction(user_id, item_id, event_type, at);
        return;
    }
    let properties = order
        .and_then(|p| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(p).ok());
    for item in properties.iter().flat_map(crate::events::order_items) {
        sink.interaction(user_id, item, event_type, at);
    }
}

/// A row of the `events` table as [`Store::events`] reads it.
#[derive(sqlx::FromRow)]
struct EventRecord {
    seq: i64,
    event_id: String,
    event_type: String,
    user_id: String,
    session_id: String,
    item_id: Option<String>,
    occurred_at: i64,
    properties: String,
}

impl TryFrom<EventRecord> for StoredEvent {
    type Error = StoreError;

    fn try_from(r: EventRecord) -> Result<StoredEvent, StoreError> {
        let Ok(serde_json::Value::Object(properties)) =
            serde_json::from_str::<serde_json::Value>(&r.properties)
        else {
            return Err(StoreError::Corrupt(format!(
                "event properties `{}`",
                r.properties
            )));
        };
        Ok(StoredEvent {
            seq: r.seq,
            event: Event {
                event_type: EventType::parse(&r.event_type)
                    .ok_or_else(|| StoreError::Corrupt(format!("event type `{}`", r.event_type)))?,
                event_id: r.event_id.into(),
                user_id: r.user_id.into(),
                session_id: r.session_id.into(),
                item_id: r.item_id,
                timestamp: Timestamp::from_micros(r.occurred_at),
                properties,
                anonymous: false,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::StoredInteraction;
    use crate::db::testkit::store;
    use crate::events::{Actor, Event, EventType};

    #[tokio::test]
    async fn interactions_are_items_and_order_lines_of_the_shops_own_events() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir).await;
        let actor = Actor {
            user_id: "u1".into(),
            session_id: "s1".into(),
            anonymous: false,
            simulation: None,
        };
        let view = Event::new(EventType::ProductViewed, &actor, Some("p1"));
        let order = Event::new(EventType::OrderCompleted, &actor, None).with(
            "lines",
            serde_json::json!([{"productId": "p2"}, {"productId": "p3"}, {"quantity": 1}]),
        );
        let search = Event::new(EventType::ProductSearched, &actor, None);
        let cart_view = Event::new(EventType::CartViewed, &actor, None)
            .with("lines", serde_json::json!([{"productId": "p4"}]));
        let simulated =
            Event::new(EventType::ProductAdded, &actor, Some("p9")).with("simulated", true);
        let all = [view, order, search, cart_view, simulated];
        store.insert_events(&all).await.unwrap();
        let stored = store.interactions().await.unwrap();
        // Read back from the table as from the events themselves: one meaning, one reading.
        let from_events: Vec<StoredInteraction> =
            all.iter().flat_map(StoredInteraction::of_event).collect();
        assert_eq!(stored, from_events);
        let got: Vec<(String, String, EventType)> = stored
            .into_iter()
            .map(|i| (i.user_id.into_string(), i.item_id, i.event_type))
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
}
