//! The `Tracker`: takes each event from a handler, tells the live observers (the recommender's
//! session state) at once, and hands the event to every sink through that sink's own bounded
//! queue, so a slow sink never holds up a page or another sink.
//!
//! The store of record (the database) loses nothing it acknowledged: when its queue is full the
//! page waits for room (back-pressure) for up to `tracker.backpressure_ms`, and only past that
//! is an event dropped and counted. Copies to outside services (Personalize, Amplitude) never
//! make a page wait: a full queue drops the copy and counts it. Events that belong to a state
//! change (a cart change, an order) are written by the store in that change's transaction and
//! reach the tracker through [`Tracker::track_stored`], which skips the database's lane.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{Notify, mpsc, oneshot, watch};
use tokio::task::JoinHandle;

use super::Event;
use super::delivery::{Delivery, DeliveryLog};
use crate::clock::Timestamp;
use crate::config::TrackerSettings;

#[derive(Debug)]
pub enum SinkError {
    /// Nothing was delivered: the tracker tries the whole batch again, with backoff.
    Retry(String),
    /// Some events were delivered and `events` others were not; trying again would send the
    /// delivered ones twice, so the lost ones are counted and the batch is done.
    Lost { events: usize, reason: String },
}

impl std::error::Error for SinkError {}

impl std::fmt::Display for SinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SinkError::Retry(reason) => f.write_str(reason),
            SinkError::Lost { events, reason } => write!(f, "{events} events lost: {reason}"),
        }
    }
}

/// Somewhere events go: the database, Amazon Personalize, Amplitude.
#[async_trait::async_trait]
pub trait EventSink: Send + Sync + 'static {
    fn name(&self) -> &'static str;
    async fn send(&self, batch: &[Event]) -> Result<(), SinkError>;
    /// The store of record: pages wait for room in its queue rather than lose an event, and
    /// events the store wrote with a state change do not go through it again.
    fn is_record(&self) -> bool {
        false
    }
    /// Whether this sink passes the event on (Personalize takes interactions only: no searches,
    /// no removals, nothing without a product). An event it does not take is never called
    /// delivered there.
    fn takes(&self, _event: &Event) -> bool {
        true
    }
}

/// Sees every event synchronously as it is tracked (must be quick and never block).
pub trait EventObserver: Send + Sync {
    fn observe(&self, event: &Event);
}

#[derive(Debug, Default)]
struct LaneCounters {
    delivered: AtomicU64,
    dropped: AtomicU64,
    failed: AtomicU64,
    /// Times a page waited for room in this lane (the store of record's only).
    waited: AtomicU64,
}

/// What a lane's queue carries: an event, or a request to say when everything queued before
/// it has been delivered.
enum Message {
    Event(Event),
    Flush(oneshot::Sender<()>),
}

struct Lane {
    name: &'static str,
    record: bool,
    tx: mpsc::Sender<Message>,
    counters: Arc<LaneCounters>,
    /// Cuts the writer's linger short: a flush is waiting.
    hurry: Arc<Notify>,
    /// Asked which events it takes (the writer task owns the sending).
    sink: Arc<dyn EventSink>,
    /// What became of recent events, for an outside service's lane (the store of record's
    /// events are read back from it, so it needs none).
    log: Option<Arc<DeliveryLog>>,
}

struct Inner {
    lanes: Vec<Lane>,
    observers: Vec<Arc<dyn EventObserver>>,
    tracked: AtomicU64,
    backpressure: Duration,
    shutdown: watch::Sender<bool>,
    workers: std::sync::Mutex<Vec<JoinHandle<()>>>,
}

#[derive(Clone)]
pub struct Tracker {
    inner: Arc<Inner>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SinkStats {
    pub sink: &'static str,
    pub delivered: u64,
    pub dropped: u64,
    pub failed: u64,
    pub queued: usize,
    /// The queue's size: `queued` near it means the sink is not keeping up.
    pub capacity: usize,
    /// Times a page waited for room (back-pressure); only the store of record's lane waits.
    pub waited: u64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrackerStats {
    pub tracked: u64,
    pub sinks: Vec<SinkStats>,
}

/// Attempts per batch before a sink's failure is counted as lost events.
const ATTEMPTS: u32 = 5;

impl Tracker {
    /// Starts one writer task per sink on the current Tokio runtime.
    pub fn start(
        sinks: Vec<Arc<dyn EventSink>>,
        observers: Vec<Arc<dyn EventObserver>>,
        settings: &TrackerSettings,
    ) -> Tracker {
        let (shutdown, _) = watch::channel(false);
        let started = Timestamp::now();
        let mut lanes = Vec::with_capacity(sinks.len());
        let mut workers = Vec::with_capacity(sinks.len());
        for sink in sinks {
            let (tx, rx) = mpsc::channel(settings.queue_capacity);
            let counters = Arc::new(LaneCounters::default());
            let hurry = Arc::new(Notify::new());
            let log = (!sink.is_record()).then(|| Arc::new(DeliveryLog::new(started)));
            lanes.push(Lane {
                name: sink.name(),
                record: sink.is_record(),
                tx,
                counters: counters.clone(),
                hurry: hurry.clone(),
                sink: sink.clone(),
                log: log.clone(),
            });
            workers.push(tokio::spawn(run_lane(
                sink,
                rx,
                Outcomes { counters, log },
                hurry,
                shutdown.subscribe(),
                settings.batch_size,
                Duration::from_millis(settings.flush_interval_ms),
            )));
        }
        Tracker {
            inner: Arc::new(Inner {
                lanes,
                observers,
                tracked: AtomicU64::new(0),
                backpressure: Duration::from_millis(settings.backpressure_ms),
                shutdown,
                workers: std::sync::Mutex::new(workers),
            }),
        }
    }

    /// Records an event: the observers see it now, every sink gets it through its queue. Waits
    /// only while the store of record's queue is full (see the module's note).
    pub async fn track(&self, event: Event) {
        self.inner.tracked.fetch_add(1, Ordering::Relaxed);
        for observer in &self.inner.observers {
            observer.observe(&event);
        }
        let Some((last, rest)) = self.inner.lanes.split_last() else {
            return;
        };
        for lane in rest {
            self.offer(lane, event.clone()).await;
        }
        self.offer(last, event).await;
    }

    /// An event the store has already written, in the transaction of the change it records:
    /// the observers and the other sinks get it; the store of record counts it delivered.
    pub fn track_stored(&self, event: Event) {
        self.inner.tracked.fetch_add(1, Ordering::Relaxed);
        for observer in &self.inner.observers {
            observer.observe(&event);
        }
        for lane in &self.inner.lanes {
            if lane.record {
                lane.counters.delivered.fetch_add(1, Ordering::Relaxed);
            } else {
                drop_when_full(lane, event.clone());
            }
        }
    }

    /// Waits until every event tracked before this call has been handed to the store of record
    /// (written, or counted lost): what a sign-in needs before it moves the anonymous history.
    pub async fn flush(&self) {
        for lane in self.inner.lanes.iter().filter(|l| l.record) {
            let (done, flushed) = oneshot::channel();
            if lane.tx.send(Message::Flush(done)).await.is_ok() {
                lane.hurry.notify_one();
                // A closed answer means the writer stopped: nothing more will be written.
                let _ = flushed.await;
            }
        }
    }

    async fn offer(&self, lane: &Lane, event: Event) {
        if !lane.record {
            drop_when_full(lane, event);
            return;
        }
        let event = match lane.tx.try_send(Message::Event(event)) {
            Ok(()) => return,
            Err(mpsc::error::TrySendError::Full(message)) => message,
            Err(mpsc::error::TrySendError::Closed(_)) => {
                count_dropped(lane, "tracker shut down");
                return;
            }
        };
        lane.counters.waited.fetch_add(1, Ordering::Relaxed);
        // The wait runs in a task of its own: a page dropped while it waits (the client went
        // away) must not take its event with it.
        let tx = lane.tx.clone();
        let limit = self.inner.backpressure;
        let waiting =
            tokio::spawn(async move { tokio::time::timeout(limit, tx.send(event)).await });
        match waiting.await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(_))) => count_dropped(lane, "tracker shut down"),
            Ok(Err(_)) => count_dropped(lane, "queue full past the back-pressure limit"),
            Err(_) => count_dropped(lane, "the waiting task failed"),
        }
    }

    /// Each sink's name and what became of `stored` there, in the sinks' order. `stored` was
    /// read back from the store of record, so it is delivered there by definition; an outside
    /// service is asked its lane's recent outcomes (see [`Delivery`]).
    pub fn deliveries(&self, stored: &Event, now: Timestamp) -> Vec<(&'static str, Delivery)> {
        self.inner
            .lanes
            .iter()
            .map(|lane| {
                let delivery = match &lane.log {
                    None => Delivery::Delivered,
                    Some(_) if !lane.sink.takes(stored) => Delivery::NotTaken,
                    Some(log) => log.outcome(stored, now),
                };
                (lane.name, delivery)
            })
            .collect()
    }

    pub fn stats(&self) -> TrackerStats {
        TrackerStats {
            tracked: self.inner.tracked.load(Ordering::Relaxed),
            sinks: self
                .inner
                .lanes
                .iter()
                .map(|l| SinkStats {
                    sink: l.name,
                    delivered: l.counters.delivered.load(Ordering::Relaxed),
                    dropped: l.counters.dropped.load(Ordering::Relaxed),
                    failed: l.counters.failed.load(Ordering::Relaxed),
                    queued: l.tx.max_capacity() - l.tx.capacity(),
                    capacity: l.tx.max_capacity(),
                    waited: l.counters.waited.load(Ordering::Relaxed),
                })
                .collect(),
        }
    }

    /// Stops taking events, delivers everything already queued, and waits for the writers.
    pub async fn shutdown(&self) {
        let _ = self.inner.shutdown.send(true);
        let workers: Vec<_> = match self.inner.workers.lock() {
            Ok(mut w) => w.drain(..).collect(),
            Err(poisoned) => poisoned.into_inner().drain(..).collect(),
        };
        for w in workers {
            if let Err(e) = w.await {
                tracing::error!(error = %e, "event writer task failed");
            }
        }
    }
}

/// A copy to an outside service: a full queue drops it (counted) rather than make a page wait.
fn drop_when_full(lane: &Lane, event: Event) {
    let (message, reason) = match lane.tx.try_send(Message::Event(event)) {
        Ok(()) => return,
        Err(mpsc::error::TrySendError::Full(message)) => (message, "queue full"),
        Err(mpsc::error::TrySendError::Closed(message)) => (message, "tracker shut down"),
    };
    count_dropped(lane, reason);
    if let (Some(log), Message::Event(event)) = (&lane.log, &message) {
        log.record([event], Delivery::Dropped);
    }
}

fn count_dropped(lane: &Lane, reason: &'static str) {
    lane.counters.dropped.fetch_add(1, Ordering::Relaxed);
    tracing::warn!(sink = lane.name, reason, "event dropped");
}

/// Where a lane's writer keeps what became of its events: the counters, and for an outside
/// service each recent event's outcome.
struct Outcomes {
    counters: Arc<LaneCounters>,
    log: Option<Arc<DeliveryLog>>,
}

impl Outcomes {
    fn delivered(&self, events: &[Event]) {
        self.counters
            .delivered
            .fetch_add(events.len() as u64, Ordering::Relaxed);
        if let Some(log) = &self.log {
            log.record(events, Delivery::Delivered);
        }
    }

    /// `delivered` of `events` went through, the rest did not, and which is not known.
    fn partly_lost(&self, events: &[Event], delivered: usize) {
        let lost = events.len() - delivered;
        self.counters
            .delivered
            .fetch_add(delivered as u64, Ordering::Relaxed);
        self.counters
            .failed
            .fetch_add(lost as u64, Ordering::Relaxed);
        if let Some(log) = &self.log {
            log.record(events, Delivery::Failed);
        }
    }
}

async fn run_lane(
    sink: Arc<dyn EventSink>,
    mut rx: mpsc::Receiver<Message>,
    outcomes: Outcomes,
    hurry: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
    batch_size: usize,
    linger: Duration,
) {
    let mut messages = Vec::with_capacity(batch_size);
    let mut batch = Vec::with_capacity(batch_size);
    let mut flushes = Vec::new();
    let mut closing = false;
    loop {
        tokio::select! {
            received = rx.recv_many(&mut messages, batch_size) => {
                if received == 0 {
                    break; // closed and drained
                }
            }
            _ = shutdown.changed(), if !closing => {
                // No new events from here on; the loop drains what is queued, then ends.
                closing = true;
                rx.close();
                continue;
            }
        }
        sort(&mut messages, &mut batch, &mut flushes);
        // Linger so that a burst goes out as one batch: sleep rather than wake per event (a
        // wake-up per page view costs the web workers more than the write itself). A flush
        // is waiting on this batch, so it goes at once.
        if !closing && flushes.is_empty() && batch.len() < batch_size && !linger.is_zero() {
            tokio::select! {
                _ = tokio::time::sleep(linger) => {}
                _ = hurry.notified() => {}
                _ = shutdown.changed() => {
                    closing = true;
                    rx.close();
                }
            }
            while batch.len() < batch_size {
                match rx.try_recv() {
                    Ok(message) => messages.push(message),
                    Err(_) => break,
                }
                sort(&mut messages, &mut batch, &mut flushes);
            }
        }
        if !batch.is_empty() {
            deliver(sink.as_ref(), &batch, &outcomes).await;
        }
        batch.clear();
        for done in flushes.drain(..) {
            let _ = done.send(());
        }
    }
    tracing::debug!(sink = sink.name(), "event writer stopped");
}

/// Events into the batch, flush requests aside (answered once the batch is delivered).
fn sort(
    messages: &mut Vec<Message>,
    batch: &mut Vec<Event>,
    flushes: &mut Vec<oneshot::Sender<()>>,
) {
    for message in messages.drain(..) {
        match message {
            Message::Event(event) => batch.push(event),
            Message::Flush(done) => flushes.push(done),
        }
    }
}

async fn deliver(sink: &dyn EventSink, batch: &[Event], outcomes: &Outcomes) {
    let mut backoff = Duration::from_millis(50);
    for attempt in 1..=ATTEMPTS {
        match sink.send(batch).await {
            Ok(()) => {
                outcomes.delivered(batch);
                return;
            }
            Err(SinkError::Lost { events, reason }) => {
                let events = events.min(batch.len());
                outcomes.partly_lost(batch, batch.len() - events);
                tracing::error!(sink = sink.name(), events, error = %reason, "events lost");
                return;
            }
            Err(e) if attempt < ATTEMPTS => {
                tracing::warn!(sink = sink.name(), attempt, error = %e, "event batch failed; retrying");
                tokio::time::sleep(backoff).await;
                backoff *= 2;
            }
            Err(e) => {
                outcomes.partly_lost(batch, 0);
                tracing::error!(sink = sink.name(), events = batch.len(), error = %e, "event batch lost");
            }
        }
    }
}

/// The durable record of every event: the store's own database.
pub struct DatabaseSink {
    store: crate::db::Store,
}

impl DatabaseSink {
    pub fn new(store: crate::db::Store) -> Self {
        Self { store }
    }
}

#[async_trait::async_trait]
impl EventSink for DatabaseSink {
    fn name(&self) -> &'static str {
        "database"
    }

    fn is_record(&self) -> bool {
        true
    }

    async fn send(&self, batch: &[Event]) -> Result<(), SinkError> {
        self.store
            .insert_events(batch)
            .await
            .map(|_| ())
            .map_err(|e| SinkError::Retry(e.to_string()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::events::{Actor, EventType};

    /// A sink that takes `pause` per batch and remembers what it got.
    struct Slow {
        name: &'static str,
        record: bool,
        pause: Duration,
        got: Mutex<Vec<Event>>,
    }

    #[async_trait::async_trait]
    impl EventSink for Slow {
        fn name(&self) -> &'static str {
            self.name
        }

        async fn send(&self, batch: &[Event]) -> Result<(), SinkError> {
            tokio::time::sleep(self.pause).await;
            self.got.lock().unwrap().extend_from_slice(batch);
            Ok(())
        }

        fn is_record(&self) -> bool {
            self.record
        }
    }

    fn event(i: usize) -> Event {
        let actor = Actor {
            user_id: format!("u{i}").into(),
            session_id: "s".into(),
            anonymous: true,
            simulation: None,
        };
        Event::new(EventType::ProductViewed, &actor, Some("p"))
    }

    fn slow(name: &'static str, record: bool) -> Arc<Slow> {
        Arc::new(Slow {
            name,
            record,
            pause: Duration::from_millis(20),
            got: Mutex::new(Vec::new()),
        })
    }

    #[tokio::test]
    async fn a_full_record_queue_makes_pages_wait_and_loses_nothing_while_copies_drop() {
        let database = slow("database", true);
        // An outside service far slower than the database.
        let copy = Arc::new(Slow {
            name: "copy",
            record: false,
            pause: Duration::from_millis(200),
            got: Mutex::new(Vec::new()),
        });
        let settings = TrackerSettings {
            queue_capacity: 4,
            batch_size: 2,
            flush_interval_ms: 0,
            backpressure_ms: 10_000,
        };
        let sinks: Vec<Arc<dyn EventSink>> = vec![database.clone(), copy.clone()];
        let tracker = Tracker::start(sinks, Vec::new(), &settings);
        for i in 0..40 {
            tracker.track(event(i)).await;
        }
        tracker.flush().await;
        let stats = tracker.stats();
        let (db, cp) = (&stats.sinks[0], &stats.sinks[1]);
        assert_eq!((db.sink, db.dropped), ("database", 0));
        assert!(db.waited > 0, "the pages waited: {db:?}");
        assert_eq!(
            database.got.lock().unwrap().len(),
            40,
            "every event written"
        );
        assert!(cp.dropped > 0, "a copy never makes a page wait: {cp:?}");
        tracker.shutdown().await;
        assert_eq!(copy.got.lock().unwrap().len() as u64 + cp.dropped, 40);
    }

    #[tokio::test]
    async fn past_the_back_pressure_limit_an_event_is_dropped_and_counted() {
        let database = Arc::new(Slow {
            name: "database",
            record: true,
            pause: Duration::from_millis(500),
            got: Mutex::new(Vec::new()),
        });
        let settings = TrackerSettings {
            queue_capacity: 1,
            batch_size: 1,
            flush_interval_ms: 0,
            backpressure_ms: 10,
        };
        let tracker = Tracker::start(vec![database.clone()], Vec::new(), &settings);
        for i in 0..5 {
            tracker.track(event(i)).await;
        }
        let stats = tracker.stats();
        assert!(stats.sinks[0].dropped > 0, "{stats:?}");
        tracker.shutdown().await;
        let stats = tracker.stats();
        assert_eq!(
            database.got.lock().unwrap().len() as u64 + stats.sinks[0].dropped,
            5,
            "every event written or counted"
        );
    }

    #[tokio::test]
    async fn events_stored_with_their_change_skip_the_database_lane() {
        let database = slow("database", true);
        let copy = slow("copy", false);
        let settings = TrackerSettings::default();
        let sinks: Vec<Arc<dyn EventSink>> = vec![database.clone(), copy.clone()];
        let tracker = Tracker::start(sinks, Vec::new(), &settings);
        tracker.track_stored(event(1));
        tracker.shutdown().await;
        assert!(database.got.lock().unwrap().is_empty(), "not written twice");
        assert_eq!(copy.got.lock().unwrap().len(), 1);
        assert_eq!(tracker.stats().sinks[0].delivered, 1);
    }
}
