//! What an outside destination (Personalize, Amplitude) did with each recent event, so the
//! presenter's event page can say "delivered" only of what was.
//!
//! A lane's writer remembers the outcome of the last [`REMEMBERED`] events it dealt with, and
//! the copies its queue dropped: the page's request asks, the writer records after each batch,
//! so a page view never takes this lock. What is not remembered is "pending" while it is young
//! and could still be in the queue, and "not known" once it is older, was tracked before this
//! server started, or may have been forgotten (another instance may have tracked it, too).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use super::Event;
use crate::clock::{SECOND, Timestamp};
use crate::domain::EventId;

/// Outcomes a lane remembers: enough for the presenter's list (its last hundred events) even
/// while simulated shoppers keep the lane busy, at some hundreds of kilobytes.
pub const REMEMBERED: usize = 4_096;

/// How long an event no lane has dealt with may still be waiting in a queue: the writer lingers,
/// then tries a batch up to five times with backoff, each try bounded by the client's timeout.
pub const PENDING_FOR_MICROS: i64 = 120 * SECOND;

/// What became of one event at one destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The destination accepted it.
    Delivered,
    /// Not dealt with yet: still in the lane's queue or batch.
    Pending,
    /// The destination does not take this kind of event (Personalize takes no searches).
    NotTaken,
    /// Its batch was refused after every retry, or partly refused (which of its events went
    /// through is not known, so none of them counts as delivered).
    Failed,
    /// The lane's queue was full (or the tracker shutting down): the copy was dropped.
    Dropped,
    /// Not known here: tracked before this server started, forgotten since, or tracked by
    /// another instance.
    Unknown,
}

impl Delivery {
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Delivered => "delivered",
            Delivery::Pending => "pending",
            Delivery::NotTaken => "not_taken",
            Delivery::Failed => "failed",
            Delivery::Dropped => "dropped",
            Delivery::Unknown => "unknown",
        }
    }
}

/// The recent outcomes of one lane.
#[derive(Debug)]
pub(crate) struct DeliveryLog {
    /// When the lane started: an older event went through another run of the server.
    started: Timestamp,
    recent: Mutex<Recent>,
}

#[derive(Debug, Default)]
struct Recent {
    outcomes: HashMap<EventId, Delivery>,
    /// Oldest first, to forget in the order remembered.
    order: VecDeque<EventId>,
    /// The newest timestamp among the forgotten events: an event not remembered and no newer
    /// than this may have been forgotten.
    forgotten_through: Option<Timestamp>,
    /// Timestamps of the remembered events, by id, to keep `forgotten_through`.
    times: HashMap<EventId, Timestamp>,
}

impl DeliveryLog {
    pub(crate) fn new(started: Timestamp) -> DeliveryLog {
        DeliveryLog {
            started,
            recent: Mutex::new(Recent::default()),
        }
    }

    /// Remembers what became of these events (the writer calls this once per batch).
    pub(crate) fn record<'a>(
        &self,
        events: impl IntoIterator<Item = &'a Event>,
        outcome: Delivery,
    ) {
        let mut recent = match self.recent.lock() {
            Ok(r) => r,
            Err(poisoned) => poisoned.into_inner(),
        };
        for event in events {
            recent.remember(event, outcome);
        }
    }

    /// What became of `event` here, as of `now`.
    pub(crate) fn outcome(&self, event: &Event, now: Timestamp) -> Delivery {
        if event.timestamp < self.started {
            return Delivery::Unknown;
        }
        let recent = match self.recent.lock() {
            Ok(r) => r,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(outcome) = recent.outcomes.get(&event.event_id) {
            return *outcome;
        }
        let maybe_forgotten = recent
            .forgotten_through
            .is_some_and(|t| event.timestamp <= t);
        if maybe_forgotten || now - event.timestamp > PENDING_FOR_MICROS {
            Delivery::Unknown
        } else {
            Delivery::Pending
        }
    }
}

impl Recent {
    fn remember(&mut self, event: &Event, outcome: Delivery) {
        // A retried event keeps one place in the order, with its latest outcome.
        if self
            .outcomes
            .insert(event.event_id.clone(), outcome)
            .is_none()
        {
            self.order.push_back(event.event_id.clone());
            self.times.insert(event.event_id.clone(), event.timestamp);
        }
        while self.order.len() > REMEMBERED {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            self.outcomes.remove(&oldest);
            if let Some(t) = self.times.remove(&oldest) {
                self.forgotten_through = Some(self.forgotten_through.map_or(t, |f| f.max(t)));
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::Ordering;
    use std::time::Duration;

    use super::*;
    use crate::config::TrackerSettings;
    use crate::events::{Actor, EventSink, EventType, SinkError, Tracker};

    fn event_at(micros: i64) -> Event {
        let actor = Actor {
            user_id: "u".into(),
            session_id: "s".into(),
            anonymous: true,
            simulation: None,
        };
        let mut e = Event::new(EventType::ProductViewed, &actor, Some("p"));
        e.timestamp = Timestamp::from_micros(micros);
        e
    }

    #[test]
    fn remembered_outcomes_are_told_and_the_rest_is_pending_then_unknown() {
        let start = 1_000 * SECOND;
        let log = DeliveryLog::new(Timestamp::from_micros(start));
        let (sent, refused, waiting) = (
            event_at(start + SECOND),
            event_at(start + 2 * SECOND),
            event_at(start + 3 * SECOND),
        );
        log.record([&sent], Delivery::Delivered);
        log.record([&refused], Delivery::Failed);
        let now = Timestamp::from_micros(start + 4 * SECOND);
        assert_eq!(log.outcome(&sent, now), Delivery::Delivered);
        assert_eq!(log.outcome(&refused, now), Delivery::Failed);
        assert_eq!(log.outcome(&waiting, now), Delivery::Pending);
        let later = Timestamp::from_micros(start + 3 * SECOND + PENDING_FOR_MICROS + 1);
        assert_eq!(log.outcome(&waiting, later), Delivery::Unknown);
        // Before this server started: another run's to know.
        assert_eq!(log.outcome(&event_at(start - 1), now), Delivery::Unknown);
    }

    #[test]
    fn a_forgotten_event_is_never_called_delivered_or_pending() {
        let log = DeliveryLog::new(Timestamp::EPOCH);
        let events: Vec<Event> = (0..=REMEMBERED as i64).map(|i| event_at(i + 1)).collect();
        log.record(&events, Delivery::Delivered);
        let now = Timestamp::from_micros(REMEMBERED as i64 + 2);
        assert_eq!(log.outcome(&events[0], now), Delivery::Unknown, "forgotten");
        assert_eq!(log.outcome(&events[1], now), Delivery::Delivered);
        // Older than what was forgotten and never seen: perhaps forgotten, so not "pending".
        assert_eq!(log.outcome(&event_at(1), now), Delivery::Unknown);
        // A retry keeps one place: the first event stays remembered after a second outcome.
        log.record([&events[REMEMBERED]], Delivery::Failed);
        assert_eq!(log.outcome(&events[REMEMBERED], now), Delivery::Failed);
        assert_eq!(log.outcome(&events[1], now), Delivery::Delivered);
    }

    /// The store of record, taking everything at once.
    struct Record;

    #[async_trait::async_trait]
    impl EventSink for Record {
        fn name(&self) -> &'static str {
            "database"
        }

        fn is_record(&self) -> bool {
            true
        }

        async fn send(&self, _batch: &[Event]) -> Result<(), SinkError> {
            Ok(())
        }
    }

    fn viewed_by(i: usize) -> Event {
        let actor = Actor {
            user_id: format!("u{i}").into(),
            session_id: "s".into(),
            anonymous: true,
            simulation: None,
        };
        Event::new(EventType::ProductViewed, &actor, Some("p"))
    }

    /// Takes product views only, and refuses every batch while `refuse` is set.
    struct Picky {
        refuse: std::sync::atomic::AtomicBool,
    }

    #[async_trait::async_trait]
    impl EventSink for Picky {
        fn name(&self) -> &'static str {
            "picky"
        }

        fn takes(&self, event: &Event) -> bool {
            event.event_type == EventType::ProductViewed
        }

        async fn send(&self, _batch: &[Event]) -> Result<(), SinkError> {
            if self.refuse.load(Ordering::Relaxed) {
                Err(SinkError::Lost {
                    events: 1,
                    reason: "refused".into(),
                })
            } else {
                Ok(())
            }
        }
    }

    #[tokio::test]
    async fn each_sink_says_what_became_of_an_event() {
        let picky = Arc::new(Picky {
            refuse: std::sync::atomic::AtomicBool::new(false),
        });
        let sinks: Vec<Arc<dyn EventSink>> = vec![Arc::new(Record), picky.clone()];
        let settings = TrackerSettings {
            flush_interval_ms: 0,
            ..TrackerSettings::default()
        };
        let tracker = Tracker::start(sinks, Vec::new(), &settings);
        let names = |d: Vec<(&'static str, Delivery)>| d.into_iter().map(|(_, d)| d).collect();
        let viewed = viewed_by(1);
        // Not dealt with yet: pending, never delivered.
        let before: Vec<Delivery> = names(tracker.deliveries(&viewed, Timestamp::now()));
        assert_eq!(before, [Delivery::Delivered, Delivery::Pending]);
        tracker.track(viewed.clone()).await;
        let mut searched = viewed_by(2);
        searched.event_type = EventType::ProductSearched;
        tracker.track(searched.clone()).await;
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while tracker.deliveries(&viewed, Timestamp::now())[1].1 == Delivery::Pending
            && std::time::Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let after = tracker.deliveries(&viewed, Timestamp::now());
        assert_eq!(
            after,
            [
                ("database", Delivery::Delivered),
                ("picky", Delivery::Delivered)
            ]
        );
        let not_taken: Vec<Delivery> = names(tracker.deliveries(&searched, Timestamp::now()));
        assert_eq!(not_taken, [Delivery::Delivered, Delivery::NotTaken]);
        // A batch partly refused: which of its events went through is not known.
        picky.refuse.store(true, Ordering::Relaxed);
        let refused = viewed_by(3);
        tracker.track(refused.clone()).await;
        tracker.shutdown().await;
        let told: Vec<Delivery> = names(tracker.deliveries(&refused, Timestamp::now()));
        assert_eq!(told, [Delivery::Delivered, Delivery::Failed]);
    }
}
