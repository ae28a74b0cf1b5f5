//! Picking up the events other instances wrote. Several instances on one database each track
//! their own requests' events; a shopper the load balancer sends elsewhere should find their
//! clicks already reflected there. `EventPickup` polls the shared table for events this instance
//! did not track and shows them to the live observers (the recommender's session state). Sinks
//! never see them: the instance that tracked an event delivered it, so every event lands once.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{Event, EventObserver};
use crate::db::{EventFilter, Store, StoredEvent};
use crate::domain::EventId;

/// Events read per query; a full page is followed at once by the next one.
const PAGE: i64 = 5_000;
/// Own events are forgotten after this long even if never read back (the write may have been
/// dropped), so the set stays small.
const OWN_TTL: Duration = Duration::from_secs(300);
/// How long a gap in the sequence numbers is watched for a late commit. PostgreSQL hands out
/// sequence numbers at insert time, so another instance's transaction can commit a smaller one
/// after a larger one is already visible; gaps that outlive this are numbers a conflict or a
/// rollback used up, never to be filled.
const GAP_GRACE: Duration = Duration::from_secs(10);
/// Gaps watched at most (a sequence jump must not grow this without bound).
const MAX_GAPS: usize = 50_000;

/// Remembers the events this instance tracked (as a tracker observer) so that polling skips
/// them, and feeds everyone else's to `observers`.
pub struct EventPickup {
    own: Mutex<HashMap<EventId, Instant>>,
    observers: Vec<Arc<dyn EventObserver>>,
}

impl EventObserver for EventPickup {
    fn observe(&self, event: &Event) {
        let mut own = self
            .own
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        own.insert(event.event_id.clone(), Instant::now());
    }
}

/// Where reading stands: the highest sequence number read, and the gaps below it.
struct Cursor {
    high: i64,
    gaps: BTreeMap<i64, Instant>,
}

impl EventPickup {
    pub fn new(observers: Vec<Arc<dyn EventObserver>>) -> Arc<EventPickup> {
        Arc::new(EventPickup {
            own: Mutex::new(HashMap::new()),
            observers,
        })
    }

    /// Polls every `interval` for events stored after sequence number `start` until aborted.
    pub fn spawn(
        self: Arc<Self>,
        store: Store,
        start: i64,
        interval: Duration,
    ) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut cursor = Cursor {
                high: start,
                gaps: BTreeMap::new(),
            };
            let mut failing = false;
            loop {
                match self.poll(&store, &mut cursor).await {
                    Ok(full) => {
                        failing = false;
                        if full {
                            continue;
                        }
                    }
                    Err(e) if !failing => {
                        failing = true;
                        tracing::warn!(error = %e, "cannot read other instances' events; retrying");
                    }
                    Err(_) => {}
                }
                tokio::time::sleep(interval).await;
            }
        })
    }

    /// One round: new events, then the gaps still watched. Returns whether a page was full.
    async fn poll(
        &self,
        store: &Store,
        cursor: &mut Cursor,
    ) -> Result<bool, crate::db::StoreError> {
        // Here rather than on delivery: while the database is away the set must not grow.
        self.own
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .retain(|_, at| at.elapsed() < OWN_TTL);
        let fresh = store
            .events(&EventFilter {
                after_seq: Some(cursor.high),
                limit: Some(PAGE),
                ..Default::default()
            })
            .await?;
        let now = Instant::now();
        for stored in &fresh {
            for missing in cursor.high + 1..stored.seq {
                if cursor.gaps.len() >= MAX_GAPS {
                    break;
                }
                cursor.gaps.insert(missing, now);
            }
            cursor.high = cursor.high.max(stored.seq);
        }
        self.deliver(&fresh);
        cursor
            .gaps
            .retain(|_, noticed| noticed.elapsed() < GAP_GRACE);
        if let (Some((&low, _)), Some((&top, _))) =
            (cursor.gaps.first_key_value(), cursor.gaps.last_key_value())
        {
            let late: Vec<StoredEvent> = store
                .events(&EventFilter {
                    after_seq: Some(low - 1),
                    before_seq: Some(top + 1),
                    limit: Some(PAGE),
                    ..Default::default()
                })
                .await?
                .into_iter()
                .filter(|s| cursor.gaps.remove(&s.seq).is_some())
                .collect();
            self.deliver(&late);
        }
        Ok(fresh.len() as i64 >= PAGE)
    }

    fn deliver(&self, events: &[StoredEvent]) {
        if events.is_empty() {
            return;
        }
        let mut others = Vec::new();
        {
            let mut own = self
                .own
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for stored in events {
                // A bulk simulation another process wrote is for measuring, not for the live
                // state (the recommender never trains on it either). Simulated shoppers
                // visiting another instance are shoppers like any other to the live state.
                if stored.event.is_bulk_simulation() {
                    continue;
                }
                if own.remove(&stored.event.event_id).is_none() {
                    others.push(&stored.event);
                }
            }
        }
        for event in &others {
            for observer in &self.observers {
                observer.observe(event);
            }
        }
        if !others.is_empty() {
            tracing::debug!(events = others.len(), "picked up other instances' events");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{Actor, EventType};

    #[derive(Default)]
    struct Seen(Mutex<Vec<EventId>>);

    impl EventObserver for Seen {
        fn observe(&self, event: &Event) {
            self.0.lock().unwrap().push(event.event_id.clone());
        }
    }

    fn event(user: &str) -> Event {
        let actor = Actor {
            user_id: user.into(),
            session_id: "s".into(),
            anonymous: false,
            simulation: None,
        };
        Event::new(EventType::ProductViewed, &actor, Some("p1"))
    }

    #[tokio::test]
    async fn only_other_instances_events_reach_the_observers_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}", dir.path().join("e.db").display()))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        let seen = Arc::new(Seen::default());
        let pickup = EventPickup::new(vec![seen.clone()]);
        let mut cursor = Cursor {
            high: store.event_watermark(None).await.unwrap(),
            gaps: BTreeMap::new(),
        };
        let mine = event("me");
        pickup.observe(&mine);
        let theirs = event("them");
        // A bulk simulation written meanwhile is for measuring: it never reaches the live
        // state. A simulated shopper visiting another instance does, like any shopper.
        let simulated = event("simulated shopper").with("simulated", true);
        let visiting = event("visiting simulated shopper").simulated_by("run-1");
        store
            .insert_events(&[mine.clone(), theirs.clone(), simulated, visiting.clone()])
            .await
            .unwrap();
        pickup.poll(&store, &mut cursor).await.unwrap();
        pickup.poll(&store, &mut cursor).await.unwrap();
        assert_eq!(
            *seen.0.lock().unwrap(),
            vec![theirs.event_id.clone(), visiting.event_id.clone()]
        );
        // A gap that fills late (another instance's transaction committing a smaller number
        // after a larger one) is still picked up, once.
        let late = event("late");
        let later = event("later");
        store
            .insert_events(std::slice::from_ref(&late))
            .await
            .unwrap();
        store
            .insert_events(std::slice::from_ref(&later))
            .await
            .unwrap();
        let late_seq = cursor.high + 1;
        cursor.high += 1;
        cursor.gaps.insert(late_seq, Instant::now());
        pickup.poll(&store, &mut cursor).await.unwrap();
        let ids = seen.0.lock().unwrap().clone();
        assert_eq!(ids[2..], [later.event_id.clone(), late.event_id.clone()]);
        assert!(cursor.gaps.is_empty());
    }
}
