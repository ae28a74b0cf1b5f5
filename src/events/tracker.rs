//! The `Tracker`: takes each event from a handler without making it wait, tells the live
//! observers (the recommender's session state) at once, and hands the event to every sink
//! through that sink's own bounded queue, so a slow sink never holds up a page or another sink.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use super::Event;
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
}

struct Lane {
    name: &'static str,
    tx: mpsc::Sender<Event>,
    counters: Arc<LaneCounters>,
}

struct Inner {
    lanes: Vec<Lane>,
    observers: Vec<Arc<dyn EventObserver>>,
    tracked: AtomicU64,
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
        let mut lanes = Vec::with_capacity(sinks.len());
        let mut workers = Vec::with_capacity(sinks.len());
        for sink in sinks {
            let (tx, rx) = mpsc::channel(settings.queue_capacity);
            let counters = Arc::new(LaneCounters::default());
            lanes.push(Lane {
                name: sink.name(),
                tx,
                counters: counters.clone(),
            });
            workers.push(tokio::spawn(run_lane(
                sink,
                rx,
                counters,
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
                shutdown,
                workers: std::sync::Mutex::new(workers),
            }),
        }
    }

    /// Records an event. Never waits: a full queue drops the event for that sink and counts it.
    pub fn track(&self, event: Event) {
        self.inner.tracked.fetch_add(1, Ordering::Relaxed);
        for observer in &self.inner.observers {
            observer.observe(&event);
        }
        let Some((last, rest)) = self.inner.lanes.split_last() else {
            return;
        };
        for lane in rest {
            offer(lane, event.clone());
        }
        offer(last, event);
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

fn offer(lane: &Lane, event: Event) {
    if let Err(e) = lane.tx.try_send(event) {
        lane.counters.dropped.fetch_add(1, Ordering::Relaxed);
        let reason = match e {
            mpsc::error::TrySendError::Full(_) => "queue full",
            mpsc::error::TrySendError::Closed(_) => "tracker shut down",
        };
        tracing::warn!(sink = lane.name, reason, "event dropped");
    }
}

async fn run_lane(
    sink: Arc<dyn EventSink>,
    mut rx: mpsc::Receiver<Event>,
    counters: Arc<LaneCounters>,
    mut shutdown: watch::Receiver<bool>,
    batch_size: usize,
    linger: Duration,
) {
    let mut batch = Vec::with_capacity(batch_size);
    let mut closing = false;
    loop {
        tokio::select! {
            received = rx.recv_many(&mut batch, batch_size) => {
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
        // Linger so that a burst goes out as one batch: sleep rather than wake per event (a
        // wake-up per page view costs the web workers more than the write itself).
        if !closing && batch.len() < batch_size && !linger.is_zero() {
            tokio::select! {
                _ = tokio::time::sleep(linger) => {}
                _ = shutdown.changed() => {
                    closing = true;
                    rx.close();
                }
            }
            while batch.len() < batch_size {
                match rx.try_recv() {
                    Ok(event) => batch.push(event),
                    Err(_) => break,
                }
            }
        }
        deliver(sink.as_ref(), &batch, &counters).await;
        batch.clear();
    }
    tracing::debug!(sink = sink.name(), "event writer stopped");
}

async fn deliver(sink: &dyn EventSink, batch: &[Event], counters: &LaneCounters) {
    let mut backoff = Duration::from_millis(50);
    for attempt in 1..=ATTEMPTS {
        match sink.send(batch).await {
            Ok(()) => {
                counters
                    .delivered
                    .fetch_add(batch.len() as u64, Ordering::Relaxed);
                return;
            }
            Err(SinkError::Lost { events, reason }) => {
                let events = events.min(batch.len());
                counters
                    .delivered
                    .fetch_add((batch.len() - events) as u64, Ordering::Relaxed);
                counters.failed.fetch_add(events as u64, Ordering::Relaxed);
                tracing::error!(sink = sink.name(), events, error = %reason, "events lost");
                return;
            }
            Err(e) if attempt < ATTEMPTS => {
                tracing::warn!(sink = sink.name(), attempt, error = %e, "event batch failed; retrying");
                tokio::time::sleep(backoff).await;
                backoff *= 2;
            }
            Err(e) => {
                counters
                    .failed
                    .fetch_add(batch.len() as u64, Ordering::Relaxed);
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

    async fn send(&self, batch: &[Event]) -> Result<(), SinkError> {
        self.store
            .insert_events(batch)
            .await
            .map(|_| ())
            .map_err(|e| SinkError::Retry(e.to_string()))
    }
}
