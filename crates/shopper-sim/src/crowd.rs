//! Many shoppers at once: `concurrency` browsers, each running one visit after another until the
//! crowd has made `count` visits or `duration` has passed. Totals are kept as visits end (for a
//! progress display), and the run ends with a [`Report`].

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::browser::{BrowseError, Browser};
use crate::session::{Outcome, SessionError, Visit};
use crate::{Params, Population, Rng};

/// How the crowd runs.
#[derive(Debug, Clone)]
pub struct Crowd {
    /// The shop, e.g. `http://127.0.0.1:8080`.
    pub url: String,
    /// Visits to make (with `duration`, whichever comes first).
    pub count: Option<u64>,
    pub duration: Option<Duration>,
    pub concurrency: usize,
    pub seed: u64,
    /// Sent with every request in the simulation header; the shop records it as `simulationRun`.
    pub label: String,
    pub params: Params,
    /// Per request.
    pub timeout: Duration,
}

/// Running totals over the visits that have ended.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Totals {
    pub sessions: u64,
    /// Visits by one of the store's shoppers (emulated through the profile page).
    pub emulated: u64,
    pub page_views: u64,
    pub requests: u64,
    pub events: u64,
    pub searches: u64,
    pub clicks: u64,
    /// Clicks on cards by the shelf they were on.
    pub clicks_by_feature: BTreeMap<String, u64>,
    /// Product pages loaded (clicks, and the pages an add-to-cart lands back on).
    pub product_views: u64,
    /// Visits with at least one click on a card.
    pub sessions_with_click: u64,
    pub adds: u64,
    /// Product pages viewed that could not be bought (out of stock).
    pub unavailable: u64,
    /// Lines earlier visits left in a stored shopper's cart, removed before checkout.
    pub removals: u64,
    pub cart_views: u64,
    pub checkouts: u64,
    pub orders: u64,
    pub revenue: f64,
    /// Server errors (5xx) met; each ends its visit.
    pub errors: u64,
    /// Visits ended by anything else: a 4xx, a timeout, a dropped connection.
    pub failures: u64,
}

impl Totals {
    /// Orders per visit.
    pub fn conversion_rate(&self) -> f64 {
        ratio(self.orders, self.sessions)
    }

    fn add(&mut self, outcome: &Outcome, requests: u64) {
        self.sessions += 1;
        self.emulated += u64::from(outcome.emulated);
        self.page_views += outcome.page_views;
        self.requests += requests;
        self.events += outcome.events();
        self.searches += outcome.searches;
        let clicks = outcome.click_count();
        self.clicks += clicks;
        for (feature, n) in &outcome.clicks {
            *self.clicks_by_feature.entry(feature.clone()).or_default() += n;
        }
        self.sessions_with_click += u64::from(clicks > 0);
        self.adds += outcome.adds;
        self.unavailable += outcome.unavailable;
        self.product_views += outcome.product_views;
        self.removals += outcome.removals;
        self.cart_views += outcome.cart_views;
        self.checkouts += outcome.checkouts;
        self.orders += outcome.orders;
        self.revenue += outcome.revenue;
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Request latencies in milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Latency {
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Latency {
    fn of(mut micros: Vec<u32>) -> Latency {
        micros.sort_unstable();
        let at = |q: f64| -> f64 {
            if micros.is_empty() {
                return 0.0;
            }
            let rank = ((q * micros.len() as f64).ceil() as usize).clamp(1, micros.len());
            micros.get(rank - 1).map_or(0.0, |&m| f64::from(m) / 1000.0)
        };
        Latency {
            p50_ms: at(0.50),
            p90_ms: at(0.90),
            p99_ms: at(0.99),
            max_ms: micros.last().map_or(0.0, |&m| f64::from(m) / 1000.0),
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    #[serde(flatten)]
    pub totals: Totals,
    pub conversion_rate: f64,
    /// Visits with a click on a card, per visit.
    pub click_through_rate: f64,
    pub elapsed_secs: f64,
    pub pages_per_sec: f64,
    pub requests_per_sec: f64,
    pub latency: Latency,
    /// The first few distinct errors met, for the operator.
    pub first_errors: Vec<String>,
    pub seed: u64,
    pub concurrency: usize,
    pub label: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CrowdError {
    #[error("{0}")]
    Unreachable(String),
    /// The shop answered, but not as the shop does (errors, or pages without the contract).
    #[error("{0}")]
    NotTheShop(String),
    #[error("cannot set up the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
}

struct Shared<P> {
    crowd: Crowd,
    population: P,
    client: reqwest::Client,
    next: AtomicU64,
    stop: AtomicBool,
    deadline: Option<Instant>,
    totals: Mutex<Totals>,
    latencies: Mutex<Vec<u32>>,
    errors: Mutex<Vec<String>>,
    contract: Mutex<Option<String>>,
}

impl<P> Shared<P> {
    fn snapshot(&self) -> Totals {
        self.totals
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn take_index(&self) -> Option<u64> {
        if self.stop.load(Ordering::Relaxed) || self.deadline.is_some_and(|d| Instant::now() >= d) {
            return None;
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        match self.crowd.count {
            Some(count) if i >= count => None,
            _ => Some(i),
        }
    }

    fn note_error(&self, message: String) {
        let mut errors = self.errors.lock().unwrap_or_else(PoisonError::into_inner);
        if errors.len() < 5 && !errors.contains(&message) {
            errors.push(message);
        }
    }
}

impl Crowd {
    /// Runs the crowd; `progress` sees the totals a few times a second and once at the end.
    pub async fn run<P: Population>(
        &self,
        population: P,
        progress: impl Fn(&Totals) + Send + Sync + 'static,
    ) -> Result<Report, CrowdError> {
        let client = Browser::client(self.concurrency, self.timeout).map_err(CrowdError::Client)?;
        self.preflight(&client).await?;
        let started = Instant::now();
        let shared = Arc::new(Shared {
            crowd: self.clone(),
            population,
            client,
            next: AtomicU64::new(0),
            stop: AtomicBool::new(false),
            deadline: self.duration.map(|d| started + d),
            totals: Mutex::new(Totals::default()),
            latencies: Mutex::new(Vec::new()),
            errors: Mutex::new(Vec::new()),
            contract: Mutex::new(None),
        });
        let workers: Vec<_> = (0..self.concurrency.max(1))
            .map(|_| tokio::spawn(worker(Arc::clone(&shared))))
            .collect();
        let ticker = {
            let shared = Arc::clone(&shared);
            let progress = Arc::new(progress);
            let ticking = Arc::clone(&progress);
            let handle = tokio::spawn(async move {
                let mut tick = tokio::time::interval(Duration::from_millis(200));
                loop {
                    tick.tick().await;
                    ticking(&shared.snapshot());
                }
            });
            (handle, progress)
        };
        for w in workers {
            // A worker that panicked has lost only its own visit's counts.
            let _ = w.await;
        }
        ticker.0.abort();
        let elapsed = started.elapsed().as_secs_f64().max(1e-9);
        let totals = shared.snapshot();
        (ticker.1)(&totals);
        if let Some(message) = shared
            .contract
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            return Err(CrowdError::NotTheShop(message));
        }
        let first_errors = shared
            .errors
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if totals.sessions > 0 && totals.errors + totals.failures == totals.sessions {
            return Err(CrowdError::NotTheShop(format!(
                "every visit failed ({} server errors, {} other failures); the first: {}",
                totals.errors,
                totals.failures,
                first_errors
                    .first()
                    .map_or("(none recorded)", String::as_str)
            )));
        }
        let latencies = std::mem::take(
            &mut *shared
                .latencies
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        );
        Ok(Report {
            conversion_rate: totals.conversion_rate(),
            click_through_rate: ratio(totals.sessions_with_click, totals.sessions),
            elapsed_secs: elapsed,
            pages_per_sec: totals.page_views as f64 / elapsed,
            requests_per_sec: totals.requests as f64 / elapsed,
            latency: Latency::of(latencies),
            first_errors,
            seed: self.seed,
            concurrency: self.concurrency,
            label: self.label.clone(),
            totals,
        })
    }

    /// Is a shop there? `/healthz` before the crowd starts (not the home page, which would count
    /// one more visitor in any experiment on its shelves). The pages' contract is checked by the
    /// visits themselves: the first page without it stops the run.
    async fn preflight(&self, client: &reqwest::Client) -> Result<(), CrowdError> {
        let mut browser = Browser::new(client.clone(), &self.url, &self.label, self.timeout);
        browser.get("/healthz").await.map_err(|e| match e {
            BrowseError::Unreachable { .. } => CrowdError::Unreachable(format!(
                "{e}: is the shop running there (storefront serve)?"
            )),
            other => CrowdError::NotTheShop(format!(
                "{} does not answer as the shop does: {other}",
                self.url
            )),
        })?;
        Ok(())
    }
}

async fn worker<P: Population>(shared: Arc<Shared<P>>) {
    let crowd = &shared.crowd;
    while let Some(index) = shared.take_index() {
        let mut rng = Rng::derive(crowd.seed, &format!("shopper/{index}"));
        let shopper = shared.population.shopper(index, &crowd.params, &mut rng);
        let mut browser = Browser::new(
            shared.client.clone(),
            &crowd.url,
            &crowd.label,
            crowd.timeout,
        );
        let mut visit = Visit::new(&shopper, &crowd.params, &mut rng);
        let result = visit.run(&mut browser).await;
        let outcome = std::mem::take(&mut visit.outcome);
        let requests = browser.timings.latencies_us.len() as u64;
        {
            let mut totals = shared.totals.lock().unwrap_or_else(PoisonError::into_inner);
            totals.add(&outcome, requests);
            match &result {
                Err(SessionError::Browse(e)) if e.is_server_error() => totals.errors += 1,
                Err(SessionError::Browse(_)) => totals.failures += 1,
                _ => {}
            }
        }
        shared
            .latencies
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(&browser.timings.latencies_us);
        match result {
            Ok(()) => {}
            Err(SessionError::Contract(message)) => {
                *shared
                    .contract
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = Some(message);
                shared.stop.store(true, Ordering::Relaxed);
            }
            Err(SessionError::Browse(e)) => shared.note_error(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latency_percentiles_by_rank() {
        let l = Latency::of((1..=100).map(|ms| ms * 1000).collect());
        assert!((l.p50_ms - 50.0).abs() < 1e-9);
        assert!((l.p90_ms - 90.0).abs() < 1e-9);
        assert!((l.p99_ms - 99.0).abs() < 1e-9);
        assert!((l.max_ms - 100.0).abs() < 1e-9);
        assert_eq!(Latency::of(Vec::new()), Latency::default());
    }
}
