//! `spawn_app`: the real server on port 0 with a fresh database (SQLite, or PostgreSQL when
//! `STOREFRONT_TEST_DATABASE_URL` is set: see `testdb`), and a cookie-keeping client.

use std::path::{Path, PathBuf};
use std::time::Duration;

use storefront::app::Application;
use storefront::config::Settings;
use storefront::db::{EventFilter, Store, StoredEvent};
use storefront::events::EventType;

use crate::page::Page;
use crate::testdb::{TEST_HISTORY, TestDatabase};

pub struct TestApp {
    /// When this shop started (UTC µs): events after it are the test's own, not the history's.
    pub started: i64,
    pub address: String,
    pub client: reqwest::Client,
    pub store: Store,
    /// The database this shop runs on (a test that shares it with a second shop passes this).
    pub database_url: String,
    /// Holds the SQLite file.
    _dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    /// Declared last: on PostgreSQL, drops the database after the store's connections.
    _database: Option<TestDatabase>,
}

/// The Retail Demo Store's data: `../shared/rds-reference`, or `STOREFRONT_TEST_RDS_REFERENCE`
/// for a checkout that is not next to the shared folder (a git worktree elsewhere).
pub fn reference_dir() -> PathBuf {
    match std::env::var_os("STOREFRONT_TEST_RDS_REFERENCE") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/rds-reference"),
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_with(|_| {}).await
}

pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = Settings {
        bind: "127.0.0.1:0".into(),
        database_url: crate::testdb::planned_url(dir.path()),
        workers: Some(2),
        ..Settings::default()
    };
    settings.tracker.flush_interval_ms = 5;
    settings.engine.history_interactions = TEST_HISTORY;
    settings.engine.retrain_interval_secs = 0;
    let own_database = settings.database_url.clone();
    configure(&mut settings);
    // The store's own catalog starts from the prepared database; another catalog seeds itself;
    // a database the test brings is the test's.
    let database = (settings.database_url == own_database)
        .then(|| crate::testdb::create(&settings.database_url, settings.catalog_dir.is_none()));
    let app = Application::build(settings.clone())
        .await
        .expect("application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let started = storefront::clock::now_micros();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    let store = Store::connect(&settings.database_url).await.expect("store");
    TestApp {
        started,
        address,
        client: client(),
        store,
        database_url: settings.database_url.clone(),
        _dir: dir,
        _database: database,
        stop: Some(stop),
        server: Some(server),
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(30))
        // The shop closes a keep-alive connection after 5 s idle; a test that pauses longer
        // (running the CLI between two requests) must not reuse one the server is closing.
        .pool_idle_timeout(Duration::from_secs(2))
        .build()
        .expect("client")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// A page and its status, read through the HTML parser.
    pub async fn get_page(&self, path: &str) -> (u16, Page) {
        let r = self.get(path).await;
        (r.status().as_u16(), Page::of(r).await)
    }

    /// Posts a form with this session's CSRF token (read from `from`, a page with a form).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        form.extend_from_slice(fields);
        self.client
            .post(self.url(path))
            .form(&form)
            .send()
            .await
            .expect("POST")
    }

    pub async fn csrf_token(&self) -> String {
        let (_, page) = self.get_page("/profile").await;
        csrf_from(&page)
    }

    /// Waits until the tracker has written at least `n` events matching `filter`.
    pub async fn wait_for_events(&self, filter: &EventFilter, n: usize) -> Vec<StoredEvent> {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let events = self.store.events(filter).await.expect("events");
            if events.len() >= n || std::time::Instant::now() > deadline {
                return events;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn events_of(&self, t: EventType, n: usize) -> Vec<StoredEvent> {
        self.wait_for_events(
            &EventFilter {
                types: vec![t],
                ..self.own_events()
            },
            n,
        )
        .await
    }

    /// A filter for the events recorded since this shop started (not the seeded history).
    pub fn own_events(&self) -> EventFilter {
        EventFilter {
            since: Some(storefront::clock::Timestamp::from_micros(self.started)),
            ..Default::default()
        }
    }

    /// How many events this shop recorded, counted once every event it has tracked so far is
    /// written (the tracker writes in batches, a few milliseconds later): a count that must not
    /// grow cannot pass because the write had not landed yet.
    pub async fn count_own_events(&self) -> usize {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let health: serde_json::Value =
                self.get("/healthz").await.json().await.expect("healthz");
            let events = &health["events"];
            let settled: u64 = events["sinks"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|s| s["sink"] == "database")
                .map(|s| {
                    ["delivered", "dropped", "failed"]
                        .iter()
                        .filter_map(|k| s[k].as_u64())
                        .sum::<u64>()
                })
                .sum();
            if settled >= events["tracked"].as_u64().unwrap_or(0)
                || std::time::Instant::now() > deadline
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.store
            .events(&self.own_events())
            .await
            .expect("events")
            .len()
    }

    /// Stops the server gracefully (as on SIGTERM) and waits for it. The database stays
    /// until what this returns is dropped.
    pub async fn stop(mut self) -> Stopped {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("join").expect("clean shutdown");
        }
        Stopped {
            _dir: self._dir,
            _database: self._database,
        }
    }
}

/// A stopped shop's database, kept for the test to read.
#[must_use = "the database goes when this is dropped"]
pub struct Stopped {
    _dir: tempfile::TempDir,
    _database: Option<TestDatabase>,
}

/// The CSRF token of the first form on the page (every form carries the session's one).
pub fn csrf_from(page: &Page) -> String {
    page.attr("form input[name=\"csrf_token\"]", "value")
}

/// Emulates a shopper whose first interest is `interest`: their id and persona categories.
pub async fn emulate(app: &TestApp, interest: &str) -> (String, Vec<String>) {
    app.post_form(
        "/profile/select",
        &[("mode", "choose"), ("interest", interest)],
    )
    .await;
    let (_, profile) = app.get_page("/profile").await;
    let id = profile.attr("[data-candidate-id]", "data-candidate-id");
    let r = app.post_form("/profile/save", &[("shopper_id", &id)]).await;
    let home = Page::of(r).await;
    let persona = home.attr(".site-header [data-persona]", "data-persona");
    (id, persona.split('_').map(str::to_string).collect())
}

/// The text of a shelf's engine badge ("embedded · ease+session"); the shelf must be there.
pub fn shelf_badge(page: &Page, feature: &str) -> String {
    page.shelf(feature).text_of(".engine-badge")
}

/// The first product of a category page (natural order for an anonymous shopper).
pub async fn product_in(app: &TestApp, category: &str, nth: usize) -> String {
    let (_, page) = app.get_page(&format!("/category/{category}")).await;
    // Stock is real: a test that buys a few needs a product with more than a few left (a
    // product of another catalog than the seeds is taken as it comes).
    page.shelf("category_detail_rank")
        .product_ids()
        .into_iter()
        .filter(|id| seed_stock(id).is_none_or(|left| left >= 10))
        .nth(nth)
        .expect("enough products in stock")
}

/// Units the built-in seeds stock of `id`; `None` for a product they do not have.
pub fn seed_stock(id: &str) -> Option<i64> {
    static STOCK: std::sync::OnceLock<std::collections::HashMap<String, i64>> =
        std::sync::OnceLock::new();
    STOCK
        .get_or_init(|| {
            storefront::catalog::CatalogSource::Builtin
                .load()
                .expect("the seeds load")
                .products
                .into_iter()
                .map(|p| (p.id.to_string(), p.current_stock))
                .collect()
        })
        .get(id)
        .copied()
}

/// "$1,234.50" → 123450
pub fn cents(text: &str) -> i64 {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits.parse().expect("a price")
}

/// The price shown on a product page, in cents.
pub async fn price_of(app: &TestApp, id: &str) -> i64 {
    let (_, page) = app.get_page(&format!("/product/{id}")).await;
    cents(&page.text_of("article.product .price"))
}

/// The cart page's total, in cents.
pub fn cart_total(page: &Page) -> i64 {
    cents(&page.attr("table.cart [data-cart-total]", "data-cart-total"))
}

/// The header's count of items in the cart.
pub fn cart_count(page: &Page) -> i64 {
    page.attr(".site-header [data-cart-count]", "data-cart-count")
        .parse()
        .expect("a count")
}

impl TestApp {
    /// The same server seen from a second browser (its own cookies).
    pub fn fresh_client(app: &TestApp) -> Browser<'_> {
        Browser {
            app,
            client: client(),
        }
    }
}

/// A second browser on the same server.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub client: reqwest::Client,
}

impl Browser<'_> {
    pub async fn get_page(&self, path: &str) -> (u16, Page) {
        let r = self
            .client
            .get(self.app.url(path))
            .send()
            .await
            .expect("GET");
        (r.status().as_u16(), Page::of(r).await)
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let (_, page) = self.get_page("/profile").await;
        let token = csrf_from(&page);
        let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        form.extend_from_slice(fields);
        self.client
            .post(self.app.url(path))
            .form(&form)
            .send()
            .await
            .expect("POST")
    }
}

/// A shipping address the checkout accepts.
pub const ADDRESS: [(&str, &str); 7] = [
    ("name", "Ada Shopper"),
    ("email", "ada@example.com"),
    ("address1", "1 Main Street"),
    ("city", "Springfield"),
    ("state", "IL"),
    ("zipcode", "62701"),
    ("country", "US"),
];

/// Opens the checkout page and places the order with the form as the shop prefilled it.
pub async fn checkout_prefilled(app: &TestApp) -> (Page, reqwest::Response) {
    let (_, form) = app.get_page("/checkout").await;
    let field = |name: &str| checkout_field(&form, name);
    let fields: Vec<(String, String)> = [
        "name", "email", "address1", "address2", "city", "state", "zipcode", "country",
    ]
    .iter()
    .map(|n| (n.to_string(), field(n)))
    .collect();
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let response = post_checkout(app, &form, &refs).await;
    (form, response)
}

/// Opens the checkout page and posts its form with `fields` as the shipping address.
pub async fn checkout(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    let (_, form) = app.get_page("/checkout").await;
    post_checkout(app, &form, fields).await
}

/// Posts the checkout form `form` (a checkout page) with `fields` and the form's own key.
pub async fn post_checkout(
    app: &TestApp,
    form: &Page,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let key = checkout_field(form, "checkout_key");
    assert!(!key.is_empty(), "the checkout form carries its key");
    let mut all = fields.to_vec();
    all.push(("checkout_key", key.as_str()));
    app.post_form("/checkout", &all).await
}

/// A field's value in the checkout page's form.
pub fn checkout_field(form: &Page, name: &str) -> String {
    form.attr(
        &format!("form[action=\"/checkout\"] input[name=\"{name}\"]"),
        "value",
    )
}

/// The built `storefront` binary, without any settings the developer's environment holds
/// (`STOREFRONT_*` but the test suite's own `STOREFRONT_TEST_*`; a test that wants some passes
/// them).
pub fn storefront() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_storefront"));
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("STOREFRONT_") && !name.starts_with("STOREFRONT_TEST_") {
            c.env_remove(name.as_ref());
        }
    }
    c
}

/// Runs a command that must succeed (else fails the test with its stderr); its stdout.
pub fn stdout_of(command: &mut std::process::Command) -> String {
    let out = command.output().expect("run the command");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// NDJSON text as its JSON values, one a line.
pub fn ndjson(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// A test that needs a tool this machine lacks (chromedriver, a PostgreSQL server): skipped
/// with the reason on a developer's machine, but a failure under CI (`CI` set), where a missing
/// tool means the test never ran.
pub fn tool_missing(why: &str) {
    let under_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    assert!(!under_ci, "CI is set, so this test must run, but {why}");
    eprintln!("skipped: {why}");
}
