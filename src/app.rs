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

use crate::catalog::{Catalog, CatalogSource, ShopperDirectory};
use crate::config::Settings;
use crate::db::Store;
use crate::events::{DatabaseSink, EventObserver, Tracker};
use crate::recs::{BaselineRecommender, SharedRecommender};
use crate::web::error::WebError;
use crate::web::views::NavLink;

/// What every handler can reach.
pub struct AppState {
    pub store: Store,
    pub catalog: Arc<Catalog>,
    pub shoppers: Arc<ShopperDirectory>,
    pub recommender: SharedRecommender,
    pub tracker: Tracker,
    pub nav: Arc<[NavLink]>,
}

const CATALOG_FINGERPRINT: &str = "catalog_fingerprint";
const SESSION_KEY: &str = "session_key";

/// Connects and migrates; seeds the catalog when the database has none or holds another one.
/// Returns the store and whether it was seeded now.
pub async fn prepare_database(settings: &Settings) -> anyhow::Result<(Store, bool)> {
    let store = Store::connect(&settings.database_url).await?;
    store.migrate().await?;
    let source = match &settings.catalog_dir {
        Some(dir) => CatalogSource::Dir(dir.clone()),
        None => CatalogSource::Builtin,
    };
    let seeded = seed_if_needed(&store, &source, false).await?;
    Ok((store, seeded))
}

/// Writes the catalog and shoppers of `source` unless the database already holds exactly
/// these files (or `force`).
pub async fn seed_if_needed(
    store: &Store,
    source: &CatalogSource,
    force: bool,
) -> anyhow::Result<bool> {
    let data = source.load()?;
    if !force && store.meta(CATALOG_FINGERPRINT).await?.as_deref() == Some(&data.fingerprint) {
        return Ok(false);
    }
    tracing::info!(
        source = %source.describe(),
        products = data.products.len(),
        shoppers = data.shoppers.len(),
        "seeding the catalog"
    );
    let bar = indicatif::ProgressBar::new(data.rows());
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "seeding {bar:40.cyan/blue} {pos}/{len} rows {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    store
        .replace_catalog(&data.categories, &data.products, &data.shoppers, &|n| {
            bar.set_position(n)
        })
        .await?;
    store
        .set_meta(CATALOG_FINGERPRINT, &data.fingerprint)
        .await?;
    bar.finish_with_message("done");
    Ok(true)
}

/// The configured session key, or the one generated on first start and kept in the database.
async fn session_key(store: &Store, configured: Option<&SecretString>) -> anyhow::Result<Key> {
    let material = match configured {
        Some(k) => k.expose_secret().as_bytes().to_vec(),
        None => {
            let mut fresh = [0u8; 64];
            getrandom::fill(&mut fresh).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
            store
                .meta_get_or_insert(SESSION_KEY, &hex::encode(fresh))
                .await?
                .into_bytes()
        }
    };
    Key::try_from(material.as_slice()).map_err(|e| anyhow::anyhow!("session key: {e}"))
}

pub struct Application {
    port: u16,
    server: Server,
    tracker: Tracker,
    store: Store,
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
        let history: Vec<(String, String)> = store
            .user_item_events()
            .await?
            .into_iter()
            .map(|(user, item, _)| (user, item))
            .collect();
        let recommender: SharedRecommender =
            Arc::new(BaselineRecommender::new(catalog.clone(), &history));
        let observer: Arc<dyn EventObserver> = recommender.clone();
        let tracker = Tracker::start(
            vec![Arc::new(DatabaseSink::new(store.clone()))],
            vec![observer],
            &settings.tracker,
        );
        let key = session_key(&store, settings.session_key.as_ref()).await?;
        let state = web::Data::new(AppState {
            store: store.clone(),
            nav: NavLink::for_catalog(&catalog),
            catalog,
            shoppers,
            recommender,
            tracker: tracker.clone(),
        });
        let listener = TcpListener::bind(&settings.bind)
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let secure = settings.secure_cookies;
        let mut server = HttpServer::new(move || {
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
                .app_data(state.clone())
                .app_data(web::QueryConfig::default().error_handler(|_, _| {
                    WebError::BadRequest("The address has a query we could not read.".into()).into()
                }))
                .app_data(
                    web::PathConfig::default().error_handler(|_, _| WebError::NotFound.into()),
                )
                .configure(crate::web::routes)
        })
        .listen(listener)?
        // Shutdown is ours to run: stop taking requests, then flush the tracker.
        .disable_signals()
        .shutdown_timeout(10);
        if let Some(workers) = settings.workers {
            server = server.workers(workers);
        }
        Ok(Application {
            port,
            server: server.run(),
            tracker,
            store,
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
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
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
