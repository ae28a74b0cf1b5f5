//! Test databases. Every test runs on SQLite (a file in its temp dir); when
//! `STOREFRONT_TEST_DATABASE_URL` names a PostgreSQL server (any database on it the user may
//! create databases from, e.g. `postgres://postgres@127.0.0.1:5432/postgres`), every test gets
//! a database of its own on that server instead.
//!
//! Either way the store's own catalog, its synthetic history and a trained model are prepared
//! once per test process (a template) and copied per test: a file copy on SQLite,
//! `CREATE DATABASE … TEMPLATE` on PostgreSQL. PostgreSQL databases are dropped with the test
//! that made them; what a killed run leaves behind (names `storefront_test_<pid>_…`) is dropped
//! by the next run once that process is gone.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use storefront::config::Settings;

pub const TEST_DATABASE_URL: &str = "STOREFRONT_TEST_DATABASE_URL";

/// Interactions in the test shops' synthetic history: enough for the engine to learn personas,
/// small enough to generate quickly in a debug build.
pub const TEST_HISTORY: usize = 60_000;

const PREFIX: &str = "storefront_test_";

/// The PostgreSQL server the tests run on, if one is configured.
pub fn postgres_url() -> Option<String> {
    std::env::var(TEST_DATABASE_URL)
        .ok()
        .map(|u| u.trim().to_string())
        .filter(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"))
}

/// A test's database: its URL and, on PostgreSQL, the guard that drops it.
pub struct TestDatabase {
    pub url: String,
    _dropped_with_the_test: Option<PgDatabase>,
}

/// Where a test's database goes (not yet created): `shop.db` in `dir`, or a new name on the
/// PostgreSQL server.
pub fn planned_url(dir: &Path) -> String {
    match postgres_url() {
        Some(server) => {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            with_database(&server, &format!("{PREFIX}{}_{n}", std::process::id()))
        }
        None => format!("sqlite://{}", dir.join("shop.db").display()),
    }
}

/// Creates the database `planned_url` named: a copy of the prepared template when `seeded`,
/// else empty (the shop seeds it at start).
pub fn create(url: &str, seeded: bool) -> TestDatabase {
    let guard = if let Some(path) = url.strip_prefix("sqlite://") {
        if seeded {
            std::fs::copy(sqlite_template(), path).expect("copy the template database");
        }
        None
    } else {
        let server = postgres_url().expect("a PostgreSQL test server");
        let name = database_name(url).to_string();
        let template = if seeded {
            postgres_template()
        } else {
            "template0"
        };
        admin(
            &server,
            &format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""),
        );
        Some(PgDatabase { server, name })
    };
    TestDatabase {
        url: url.to_string(),
        _dropped_with_the_test: guard,
    }
}

/// A fresh database holding the store's catalog, history and model, in `dir` on SQLite.
pub fn seeded_database(dir: &Path) -> TestDatabase {
    create(&planned_url(dir), true)
}

/// A fresh, empty database.
pub fn empty_database(dir: &Path) -> TestDatabase {
    create(&planned_url(dir), false)
}

pub struct PgDatabase {
    server: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        // FORCE: a server the test left running still holds connections. Never panics: this
        // also runs while a failed test unwinds; what stays behind goes with the next run.
        let sql = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
        if let Err(e) = try_admin(&self.server, &sql) {
            eprintln!("{e}");
        }
    }
}

/// Runs one statement on the server's admin database and returns the first column of its rows.
fn admin(server: &str, sql: &str) -> Vec<String> {
    try_admin(server, sql).unwrap_or_else(|e| panic!("{e}"))
}

/// `admin` on a thread of its own, so that it works from sync tests, async tests and `Drop`.
fn try_admin(server: &str, sql: &str) -> Result<Vec<String>, String> {
    let server = server.to_string();
    let sql = sql.to_string();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        rt.block_on(async {
            use sqlx::{Connection, Row};
            let mut conn = sqlx::PgConnection::connect(&server)
                .await
                .map_err(|e| format!("cannot reach {TEST_DATABASE_URL}: {e}"))?;
            let rows = sqlx::raw_sql(&sql)
                .fetch_all(&mut conn)
                .await
                .map_err(|e| format!("{sql}: {e}"))?;
            let _ = conn.close().await;
            Ok(rows
                .iter()
                .filter_map(|r| r.try_get::<String, _>(0).ok())
                .collect())
        })
    })
    .join()
    .map_err(|_| "the admin thread panicked".to_string())?
}

/// `postgres://u@h:5432/anything?x` with the database `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let authority = base.find("://").map_or(0, |i| i + 3);
    let path = base[authority..]
        .find('/')
        .map_or(base.len(), |i| i + authority);
    let mut out = format!("{}/{name}", &base[..path]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

fn database_name(url: &str) -> &str {
    let base = url.split('?').next().unwrap_or(url);
    base.rsplit('/').next().unwrap_or(base)
}

/// Seeds and trains a database as the shop's first start does, on a runtime of its own (the
/// tests' runtimes come and go).
fn prepare(url: String) {
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(async {
            let mut settings = Settings {
                database_url: url,
                ..Settings::default()
            };
            settings.engine.history_interactions = TEST_HISTORY;
            let (store, _) = storefront::app::prepare_database(&settings)
                .await
                .expect("seed");
            let catalog = std::sync::Arc::new(storefront::catalog::Catalog::new(
                store.load_categories().await.expect("categories"),
                store.load_products().await.expect("products"),
            ));
            let fingerprint = store
                .meta("catalog_fingerprint")
                .await
                .expect("meta")
                .unwrap_or_default();
            storefront::recs::embedded::service::train_and_save(
                &store,
                catalog,
                &fingerprint,
                &storefront::recs::embedded::TrainParams::default(),
            )
            .await
            .expect("train");
            // On SQLite, closing the last connection folds the WAL into the file, so a copy is
            // whole; on PostgreSQL a template must have no connections.
            store.close().await;
        });
    })
    .join()
    .expect("template thread");
}

fn sqlite_template() -> &'static Path {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("storefront-template-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("template dir");
        let path = dir.join("template.db");
        prepare(format!("sqlite://{}", path.display()));
        path
    })
}

fn postgres_template() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let server = postgres_url().expect("a PostgreSQL test server");
        drop_leftovers(&server);
        let name = format!("{PREFIX}{}_template", std::process::id());
        admin(
            &server,
            &format!("CREATE DATABASE \"{name}\" TEMPLATE template0"),
        );
        prepare(with_database(&server, &name));
        // Nobody connects to it from here on, so copies never wait for it to be free.
        admin(
            &server,
            &format!("ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS false"),
        );
        name
    })
}

/// Drops the databases of earlier test runs whose process is gone (a run that was killed, or
/// this run's template from last time).
fn drop_leftovers(server: &str) {
    if !Path::new("/proc/self").exists() {
        return; // no way to tell a finished run from a running one
    }
    let names = admin(
        server,
        &format!("SELECT datname::text FROM pg_database WHERE datname LIKE '{PREFIX}%'"),
    );
    for name in names {
        let pid = name
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.split('_').next())
            .unwrap_or("");
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|p| p == std::process::id() || Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            admin(
                server,
                &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
            );
        }
    }
}

#[test]
fn database_urls_are_rewritten_for_each_test() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/postgres", "t_1"),
        "postgres://postgres@127.0.0.1:5432/t_1"
    );
    assert_eq!(
        with_database("postgresql://u:p@h/db?sslmode=disable", "t_2"),
        "postgresql://u:p@h/t_2?sslmode=disable"
    );
    assert_eq!(with_database("postgres://h", "t"), "postgres://h/t");
    assert_eq!(database_name("postgres://h:1/t_3?x=y"), "t_3");
}
