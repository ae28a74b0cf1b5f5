//! Assembling the shop: database, catalog, recommender, tracker, HTTP server — and taking it
//! down again without losing an event.

use std::net::TcpListener;
use std::sync::Arc;

use actix_session::SessionMiddleware;
use actix_session::config::{CookieContentSecurity, PersistentSession};
use actix_session::storage::CookieSessionStore;
use actix_web::cookie::{Key, SameSite, time::Duration as CookieDuration};
use actix_web::dev::Server;
use actix_web::{App, HttpServer, web};
use secrecy::{ExposeSecret, SecretString};

use crate::catalog::{Catalog, ShopperDirectory};
use crate::config::{RecommenderKind, Settings};
use crate::db::{Backend, Store};
use crate::domain::UserId;
use crate::events::amplitude::{AmplitudeClient, AmplitudeSink};
use crate::events::{DatabaseSink, EventObserver, EventPickup, EventSink, Tracker};
use crate::experiments::{Experiments, RuntimeSettings, Strategies};
use crate::recs::embedded::{EmbeddedRecommender, TrainParams, service};
use crate::recs::personalize::{Clients, PersonalizeEventSink, PersonalizeRecommender};
use crate::recs::{BaselineRecommender, SharedRecommender};
use crate::shop::stock::Stock;
use crate::web::error::WebError;
use crate::web::views::Navigation;

mod history;
mod seeding;

use seeding::CATALOG_FINGERPRINT;
pub use seeding::{
    Intent, Seeding, open_seeded_database, prepare_database, seed_if_needed, settle_catalog,
};

/// What every handler can reach.
pub struct AppState {
    pub store: Store,
    pub catalog: Arc<Catalog>,
    pub shoppers: Arc<ShopperDirectory>,
    pub recommender: SharedRecommender,
    pub tracker: Tracker,
    pub nav: Navigation,
    pub cards: crate::web::cards::CardCache,
    /// Units left of each product, as this instance knows them (the database has the truth).
    pub stock: Arc<Stock>,
    /// Set when Amazon Personalize answers some shelves: its per-use-case counters.
    pub personalize: Option<Arc<PersonalizeRecommender>>,
    /// The experiments running on the shelves; every shelf is answered through it.
    pub experiments: Arc<Experiments>,
    /// The home shelf's share of promoted products (`engine.promoted_share`), for the guide.
    pub promoted_share: f64,
    /// The operator token (`experiments.operator_token`); `None`: operator pages are off.
    pub operator_token: Option<secrecy::SecretString>,
    /// Password hashing, bounded so a flood of sign-ins cannot take the pages' cores.
    pub hashing: crate::accounts::HashingPool,
    /// Sign-in and sign-up attempts per account and per address.
    pub limits: Arc<crate::web::limits::SignInLimits>,
    /// Requests in flight per client address.
    pub in_flight: Arc<crate::web::limits::InFlight>,
}

const SESSION_KEY: &str = "session_key";
/// How often an instance on PostgreSQL picks up the events other instances recorded.
const DEFAULT_PICKUP_INTERVAL_MS: u64 = 500;
/// How far back a starting instance reads the events its model has not learned.
const PICKUP_CATCH_UP_MICROS: i64 = crate::clock::DAY;

/// Connects and brings the schema up to date.
pub async fn connect_and_migrate(settings: &Settings) -> anyhow::Result<Store> {
    let store = Store::connect(&settings.database_url).await?;
    store.migrate().await?;
    Ok(store)
}

/// A progress bar for a long step (hidden when stderr is not a terminal).
pub(crate) fn progress_bar(len: u64, template: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// The configured session key, or the one generated on first start and kept in the database.
async fn session_key(store: &Store, configured: Option<&SecretString>) -> anyhow::Result<Key> {
    let material = if let Some(k) = configured {
        k.expose_secret().as_bytes().to_vec()
    } else {
        let mut fresh = [0u8; 64];
        getrandom::fill(&mut fresh).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        store
            .meta_get_or_insert(SESSION_KEY, &hex::encode(fresh))
            .await?
            .into_bytes()
    };
    Key::try_from(material.as_slice()).map_err(|e| anyhow::anyhow!("session key: {e}"))
}

pub struct Application {
    port: u16,
    server: Server,
    tracker: Tracker,
    store: Store,
    retraining: Option<tokio::task::JoinHandle<()>>,
    /// Picking up other instances' events, and reading the stock levels their orders changed.
    pickup: Vec<tokio::task::JoinHandle<()>>,
    /// Re-reads the experiments and rebalances the bandits.
    refreshing: tokio::task::JoinHandle<()>,
    /// Clears the sign-in limits of addresses and accounts that have been quiet.
    forgetting: tokio::task::JoinHandle<()>,
    /// Packs new events into the event digest, so a funnel finds them packed.
    digesting: tokio::task::JoinHandle<()>,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        settings.validate()?;
        let (store, _) = prepare_database(&settings).await?;
        let catalog = Arc::new(Catalog::new(
            store.load_categories().await?,
            store.load_products().await?,
        ));
        let shoppers = Arc::new(ShopperDirectory::new(store.load_shoppers().await?));
        let stock = Arc::new(Stock::new(catalog.clone()));
        let fingerprint = store.meta(CATALOG_FINGERPRINT).await?.unwrap_or_default();
        let mut retraining = None;
        let personalize_wanted = settings.engine.recommender == RecommenderKind::Personalize
            || settings.personalize.tracking_id.is_some();
        let clients = if personalize_wanted {
            Some(Clients::connect(&settings.personalize).await)
        } else {
            None
        };
        let mut personalize = None;
        // The embedded engine, for experiments that compare it (also when Personalize leads).
        let mut embedded: Option<SharedRecommender> = None;
        // The newest event time the served model already holds; None: it learns no history.
        let mut model_through = None;
        let recommender: SharedRecommender = match settings.engine.recommender {
            RecommenderKind::Embedded | RecommenderKind::Personalize => {
                let params = TrainParams::from_settings(&settings.engine);
                let model =
                    service::load_or_train(&store, catalog.clone(), &fingerprint, &params).await?;
                model_through = Some(model.through);
                let engine = Arc::new(
                    EmbeddedRecommender::new(catalog.clone(), model)
                        .with_exploration(settings.engine.exploration),
                );
                embedded = Some(engine.clone());
                if settings.engine.retrain_interval_secs > 0 {
                    retraining = Some(service::spawn_retraining(
                        store.clone(),
                        catalog.clone(),
                        fingerprint.clone(),
                        params,
                        engine.clone(),
                        std::time::Duration::from_secs(settings.engine.retrain_interval_secs),
                    ));
                }
                match (&clients, settings.engine.recommender) {
                    (Some(clients), RecommenderKind::Personalize) => {
                        // The embedded engine answers what Personalize is not configured for,
                        // and whatever it fails to answer.
                        let p = Arc::new(PersonalizeRecommender::new(
                            catalog.clone(),
                            clients.runtime.clone(),
                            &settings.personalize,
                            settings.engine.promoted_share,
                            engine,
                        ));
                        personalize = Some(p.clone());
                        p
                    }
                    _ => engine,
                }
            }
            RecommenderKind::Baseline => {
                let history: Vec<(UserId, String)> = store
                    .interactions()
                    .await?
                    .into_iter()
                    .map(|i| (i.user_id, i.item_id))
                    .collect();
                Arc::new(BaselineRecommender::new(catalog.clone(), &history))
            }
        };
        let experiments = Experiments::load(
            store.clone(),
            Strategies::new(
                catalog.clone(),
                recommender.clone(),
                embedded,
                personalize.clone().map(|p| p as SharedRecommender),
                stock.clone(),
                settings.engine.promoted_share,
            ),
            RuntimeSettings {
                refresh: std::time::Duration::from_millis(settings.experiments.refresh_interval_ms),
                bandit_period: std::time::Duration::from_secs(
                    settings.experiments.bandit_interval_secs,
                ),
                bandit_draws: settings.experiments.bandit_draws,
            },
        )
        .await?;
        let refreshing = experiments.spawn_refresh();
        let observer: Arc<dyn EventObserver> = recommender.clone();
        let mut sinks: Vec<Arc<dyn EventSink>> = vec![Arc::new(DatabaseSink::new(store.clone()))];
        if let (Some(clients), Some(tracking_id)) = (&clients, &settings.personalize.tracking_id) {
            sinks.push(Arc::new(PersonalizeEventSink::new(
                clients.events.clone(),
                tracking_id.clone(),
                catalog.clone(),
            )));
        }
        if settings.amplitude.api_key.is_some() {
            let client = AmplitudeClient::new(&settings.amplitude)?;
            tracing::info!(
                endpoint = client.endpoint(),
                "store events also go to Amplitude"
            );
            sinks.push(Arc::new(AmplitudeSink::new(client, shoppers.clone())));
        }
        let experiments_observer: Arc<dyn EventObserver> = experiments.clone();
        let mut observers = vec![observer.clone(), experiments_observer.clone()];
        let pickup_ms = settings
            .event_pickup_interval_ms
            .unwrap_or(match store.backend() {
                Backend::Postgres => DEFAULT_PICKUP_INTERVAL_MS,
                Backend::Sqlite => 0,
            });
        let mut pickup_tasks = Vec::new();
        if pickup_ms > 0 {
            // Starts from the events the model has not learned (of the last day at most), so a
            // (re)started instance knows what shoppers did on the others since the last training.
            let recent = crate::clock::now_micros() - PICKUP_CATCH_UP_MICROS;
            let start = store
                .event_watermark(model_through.map(|t| t.max(recent)))
                .await?;
            let pickup = EventPickup::new(vec![observer, experiments_observer, stock.clone()]);
            observers.push(pickup.clone());
            pickup_tasks.push(pickup.spawn(
                store.clone(),
                start,
                std::time::Duration::from_millis(pickup_ms),
            ));
            pickup_tasks.push(stock.clone().spawn_refresh(store.clone()));
        }
        let tracker = Tracker::start(sinks, observers, &settings.tracker);
        let key = session_key(&store, settings.session_key.as_ref()).await?;
        crate::web::health::start_metrics();
        let limits = Arc::new(crate::web::limits::SignInLimits::new(
            settings.limits.sign_ins_per_account,
            settings.limits.attempts_per_address,
        ));
        let forgetting = tokio::spawn({
            let limits = limits.clone();
            async move {
                let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
                loop {
                    every.tick().await;
                    limits.forget_idle();
                }
            }
        });
        let digesting = tokio::spawn({
            let store = store.clone();
            async move {
                let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
                loop {
                    every.tick().await;
                    match store.refresh_event_digest().await {
                        Ok(done) if done.blocks > 0 => {
                            tracing::info!(
                                blocks = done.blocks,
                                events = done.events,
                                "event digest packed"
                            );
                        }
                        Ok(_) => {}
                        Err(error) => tracing::warn!(%error, "packing the event digest failed"),
                    }
                }
            }
        });
        let state = web::Data::new(AppState {
            store: store.clone(),
            nav: Navigation::for_catalog(&catalog)?,
            cards: crate::web::cards::CardCache::new(catalog.clone(), stock.clone()),
            stock,
            catalog,
            shoppers,
            recommender,
            tracker: tracker.clone(),
            personalize,
            experiments,
            promoted_share: settings.engine.promoted_share,
            operator_token: settings.experiments.operator_token.clone(),
            hashing: crate::accounts::HashingPool::for_this_machine(),
            limits: limits.clone(),
            in_flight: Arc::new(crate::web::limits::InFlight::new(
                settings.limits.requests_in_flight_per_address,
            )),
        });
        let listener = TcpListener::bind(&settings.bind)
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let secure = settings.secure_cookies;
        let server = HttpServer::new(move || {
            let session = SessionMiddleware::builder(CookieSessionStore::default(), key.clone())
                .cookie_name("storefront".into())
                .cookie_http_only(true)
                .cookie_same_site(SameSite::Lax)
                .cookie_secure(secure)
                .cookie_content_security(CookieContentSecurity::Private)
                .session_lifecycle(
                    PersistentSession::default().session_ttl(CookieDuration::days(30)),
                )
                .build();
            App::new()
                .wrap(session)
                .wrap_fn(crate::web::limits::per_address)
                .wrap_fn(crate::web::headers::secure)
                .wrap_fn(crate::web::health::measure)
                // Outermost: the request's span covers the session and the handler.
                .wrap_fn(crate::web::trace::request_span)
                .app_data(state.clone())
                .app_data(web::QueryConfig::default().error_handler(|_, _| {
                    WebError::BadRequest("The address has a query we could not read.".into()).into()
                }))
                .app_data(
                    web::PathConfig::default().error_handler(|_, _| WebError::NotFound.into()),
                )
                .configure(crate::web::routes)
        })
        // A client gets 5 s to send its request's head and 1 s to close after the answer; a
        // form's body has `web::csrf::BODY_TIMEOUT`.
        .client_request_timeout(std::time::Duration::from_secs(5))
        .client_disconnect_timeout(std::time::Duration::from_secs(1))
        // Shutdown is ours to run: stop taking requests, then flush the tracker.
        .disable_signals()
        .shutdown_timeout(10);
        let workers = settings
            .workers
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
        let server = server
            .workers(workers)
            .max_connections(settings.max_connections.div_ceil(workers))
            .listen(listener)?;
        Ok(Application {
            port,
            server: server.run(),
            tracker,
            store,
            retraining,
            pickup: pickup_tasks,
            refreshing,
            forgetting,
            digesting,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until Ctrl-C or SIGTERM, then shuts down gracefully.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` completes, then finishes in-flight requests, writes every queued
    /// event, and closes the database.
    pub async fn run_until(
        self,
        stop: impl std::future::Future<Output = ()>,
    ) -> anyhow::Result<()> {
        let handle = self.server.handle();
        let server = tokio::spawn(self.server);
        stop.await;
        tracing::info!("shutting down: finishing requests and writing queued events");
        handle.stop(true).await;
        let _ = server.await;
        for task in self.retraining.iter().chain(&self.pickup) {
            task.abort();
        }
        self.refreshing.abort();
        self.forgetting.abort();
        self.digesting.abort();
        self.tracker.shutdown().await;
        let stats = self.tracker.stats();
        tracing::info!(?stats, "events flushed");
        self.store.close().await;
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        else {
            let _ = ctrl_c.await;
            return;
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
