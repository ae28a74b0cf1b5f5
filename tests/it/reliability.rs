//! Nothing lost, nothing invented, nobody let in: state changes and their events stored
//! together, no phantom events, one order per checkout form, failed writes that say so,
//! sessions that end, emulation that stays private, and the headers every page carries.

use std::sync::Arc;

use reqwest::cookie::{CookieStore, Jar};
use storefront::db::EventFilter;
use storefront::events::EventType;

use crate::helpers::*;
use crate::page::Page;

/// A browser whose cookies can be copied into another (a stolen or saved cookie).
struct CookieBrowser {
    jar: Arc<Jar>,
    client: reqwest::Client,
}

impl CookieBrowser {
    fn new() -> CookieBrowser {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .build()
            .unwrap();
        CookieBrowser { jar, client }
    }

    /// A second browser holding this one's cookies as they are now.
    fn copy(&self, app: &TestApp) -> CookieBrowser {
        let url: reqwest::Url = app.url("/").parse().unwrap();
        let copy = CookieBrowser::new();
        if let Some(cookies) = self.jar.cookies(&url) {
            for cookie in cookies.to_str().unwrap().split("; ") {
                copy.jar.add_cookie_str(cookie, &url);
            }
        }
        copy
    }

    async fn get_page(&self, app: &TestApp, path: &str) -> Page {
        let r = self.client.get(app.url(path)).send().await.unwrap();
        Page::of(r).await
    }

    async fn post_form(&self, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> u16 {
        let token = csrf_from(&self.get_page(app, "/profile").await);
        let mut form = vec![("csrf_token", token.as_str())];
        form.extend_from_slice(fields);
        let r = self.client.post(app.url(path)).form(&form).send().await;
        r.unwrap().status().as_u16()
    }

    /// Opens the checkout and places the order (shipped to `ADDRESS`); the order's page.
    async fn place_order(&self, app: &TestApp) -> String {
        let form = self.get_page(app, "/checkout").await;
        let key = checkout_field(&form, "checkout_key");
        let token = csrf_from(&form);
        let mut fields = vec![
            ("csrf_token", token.as_str()),
            ("checkout_key", key.as_str()),
        ];
        fields.extend_from_slice(&ADDRESS);
        let r = self.client.post(app.url("/checkout")).form(&fields).send();
        let order = r.await.unwrap().url().path().to_string();
        assert!(order.starts_with("/orders/"), "{order}");
        order
    }

    async fn signed_in_as(&self, app: &TestApp) -> Option<String> {
        let page = self.get_page(app, "/").await;
        let account = page.section("nav.account");
        account
            .has(".hello")
            .then(|| account.text_of(".hello").replace("Hi, ", ""))
    }
}

async fn sign_up(browser: &CookieBrowser, app: &TestApp, email: &str, first: &str) {
    let status = browser
        .post_form(
            app,
            "/signup",
            &[
                ("first_name", first),
                ("last_name", "Tester"),
                ("email", email),
                ("password", "correct horse battery staple"),
                ("password_confirm", "correct horse battery staple"),
            ],
        )
        .await;
    assert_eq!(status, 200, "signed up {email}");
}

async fn sign_in(browser: &CookieBrowser, app: &TestApp, email: &str) -> u16 {
    browser
        .post_form(
            app,
            "/signin",
            &[
                ("email", email),
                ("password", "correct horse battery staple"),
            ],
        )
        .await
}

/// With a tracker that writes nothing for a minute, only what the store writes itself is
/// stored at once: the cart changes and the order, with their events.
#[tokio::test]
async fn cart_and_order_events_are_stored_with_their_change_and_pages_shown_again_record_nothing() {
    use EventType::*;
    let app = spawn_with(|s| s.tracker.flush_interval_ms = 60_000).await;
    let a = product_in(&app, "books", 0).await;
    let b = product_in(&app, "books", 1).await;
    for (id, quantity) in [(&a, "2"), (&b, "1")] {
        let r = app
            .post_form("/cart/add", &[("product_id", id), ("quantity", quantity)])
            .await;
        // Back on the product page, as a shopper sees it.
        assert_eq!(r.url().path(), format!("/product/{id}"));
    }
    app.post_form("/cart/update", &[("product_id", &a), ("quantity", "3")])
        .await;
    app.post_form("/cart/remove", &[("product_id", &b)]).await;
    let placed = checkout(&app, &ADDRESS).await;
    assert!(
        placed.url().path().starts_with("/orders/"),
        "{}",
        placed.url()
    );

    // No waiting: these are in the database the moment each answer came back.
    let stored = app.store.events(&app.own_events()).await.unwrap();
    let types: Vec<EventType> = stored.iter().map(|e| e.event.event_type).collect();
    assert_eq!(
        types,
        [
            ProductAdded,
            ProductAdded,
            ProductQuantityUpdated,
            ProductRemoved,
            OrderCompleted
        ],
        "the state-change events, none of the views (those wait for the tracker)"
    );
    let order_id = placed
        .url()
        .path()
        .trim_start_matches("/orders/")
        .to_string();
    assert_eq!(stored[4].event.properties["orderId"], order_id.as_str());

    // The views are the tracker's: after a graceful stop every one is there, and none for the
    // pages the forms sent the browser back to.
    let store = app.store.clone();
    let since = app.own_events();
    let _stopped = app.stop().await;
    let all = store.events(&since).await.unwrap();
    let types: Vec<EventType> = all.iter().map(|e| e.event.event_type).collect();
    assert_eq!(
        types.iter().filter(|t| **t == ProductViewed).count(),
        0,
        "{types:?}"
    );
    assert_eq!(types.iter().filter(|t| **t == CartViewed).count(), 0);
    assert_eq!(types.iter().filter(|t| **t == CheckoutStarted).count(), 1);
}

#[tokio::test]
async fn a_checkout_form_posted_twice_places_one_order() {
    let app = spawn_app().await;
    let a = product_in(&app, "footwear", 0).await;
    app.post_form("/cart/add", &[("product_id", &a), ("quantity", "1")])
        .await;
    let (_, form) = app.get_page("/checkout").await;
    // A double click: the same form twice at once.
    let (first, second) = tokio::join!(
        post_checkout(&app, &form, &ADDRESS),
        post_checkout(&app, &form, &ADDRESS)
    );
    let (first, second) = (
        first.url().path().to_string(),
        second.url().path().to_string(),
    );
    assert!(first.starts_with("/orders/"), "{first}");
    assert_eq!(first, second, "both clicks land on the one order");
    // Later, the same form again (back button, resubmit) with something new in the cart.
    let b = product_in(&app, "footwear", 1).await;
    app.post_form("/cart/add", &[("product_id", &b), ("quantity", "1")])
        .await;
    let again = post_checkout(&app, &form, &ADDRESS).await;
    assert_eq!(again.url().path(), first);
    let page = Page::of(again).await;
    assert!(page.text_of(".flash").contains("already placed"));
    let (_, cart) = app.get_page("/cart").await;
    assert_eq!(
        cart.shelf("cart").product_ids(),
        vec![b],
        "the new cart is kept"
    );
    let orders = app
        .store
        .events(&EventFilter {
            types: vec![EventType::OrderCompleted],
            ..app.own_events()
        })
        .await
        .unwrap();
    assert_eq!(orders.len(), 1, "one order, one OrderCompleted");
    // A form without its key places nothing and says what to do.
    let keyless = app.post_form("/checkout", &ADDRESS).await;
    assert_eq!(keyless.url().path(), "/checkout");
}

/// The database refuses a write (as with a full disk): the shop says so and nothing changes.
/// Refusing only the event's write undoes the cart change too: they are one transaction.
#[tokio::test]
async fn a_failed_write_is_an_error_and_changes_nothing() {
    for table in ["cart_lines", "events"] {
        let app = spawn_app().await;
        let a = product_in(&app, "books", 0).await;
        refuse_writes(&app.database_url, table).await;
        let r = app
            .post_form("/cart/add", &[("product_id", &a), ("quantity", "1")])
            .await;
        assert_eq!(r.status(), 500, "{table}");
        let page = Page::of(r).await;
        assert_eq!(page.attr("[data-status]", "data-status"), "500");
        let (_, cart) = app.get_page("/cart").await;
        assert_eq!(cart_count(&cart), 0, "{table}: the cart is unchanged");
        assert!(!cart.has("[data-product-id]"), "{table}");
        let added = app
            .store
            .events(&EventFilter {
                types: vec![EventType::ProductAdded],
                ..app.own_events()
            })
            .await
            .unwrap();
        assert!(
            added.is_empty(),
            "no event for a change that did not happen"
        );
    }
}

/// A trigger that fails every insert into `table`.
async fn refuse_writes(url: &str, table: &str) {
    if url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::raw_sql(&format!(
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'disk full'; END $$; \
             CREATE TRIGGER refuse BEFORE INSERT ON {table} \
             FOR EACH ROW EXECUTE FUNCTION refuse();"
        ))
        .execute(&pool)
        .await
        .unwrap();
    } else {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::raw_sql(&format!(
            "CREATE TRIGGER refuse BEFORE INSERT ON {table} \
             BEGIN SELECT RAISE(ABORT, 'disk full'); END;"
        ))
        .execute(&pool)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn a_view_just_before_signing_in_moves_to_the_account() {
    // The tracker would hold the view for a minute: signing in must not leave it behind.
    let app = spawn_with(|s| s.tracker.flush_interval_ms = 60_000).await;
    let setup = CookieBrowser::new();
    sign_up(&setup, &app, "vi@example.com", "Vi").await;
    let browser = CookieBrowser::new();
    let a = product_in(&app, "books", 2).await;
    browser.get_page(&app, &format!("/product/{a}")).await;
    assert_eq!(sign_in(&browser, &app, "vi@example.com").await, 200);
    let vi = app
        .store
        .account_by_email("vi@example.com")
        .await
        .unwrap()
        .unwrap();
    let views = app
        .store
        .events(&EventFilter {
            types: vec![EventType::ProductViewed],
            user_id: Some(vi.user_id.clone()),
            ..app.own_events()
        })
        .await
        .unwrap();
    assert_eq!(views.len(), 1, "the view is the account's");
    assert_eq!(views[0].event.item_id.as_deref(), Some(a.as_str()));
}

#[tokio::test]
async fn sign_in_issues_a_new_session_and_sign_out_ends_every_copy() {
    let app = spawn_app().await;
    let setup = CookieBrowser::new();
    sign_up(&setup, &app, "al@example.com", "Al").await;
    setup.post_form(&app, "/signout", &[]).await;

    let browser = CookieBrowser::new();
    let a = product_in(&app, "books", 0).await;
    browser
        .post_form(&app, "/cart/add", &[("product_id", &a), ("quantity", "1")])
        .await;
    let before = browser.copy(&app);
    assert_eq!(sign_in(&browser, &app, "al@example.com").await, 200);
    assert_eq!(browser.signed_in_as(&app).await.as_deref(), Some("Al"));
    // The cookie from before sign-in sees neither the account nor the cart it brought.
    assert_eq!(before.signed_in_as(&app).await, None);
    let cart = before.get_page(&app, "/cart").await;
    assert!(!cart.has("[data-feature=\"cart\"] [data-product-id]"));

    // A copy of the signed-in cookie works until sign-out, then never again.
    let copy = browser.copy(&app);
    assert_eq!(copy.signed_in_as(&app).await.as_deref(), Some("Al"));
    assert_eq!(browser.post_form(&app, "/signout", &[]).await, 200);
    assert_eq!(copy.signed_in_as(&app).await, None, "signed out everywhere");
    let cart = copy.get_page(&app, "/cart").await;
    assert!(
        !cart.has("[data-feature=\"cart\"] [data-product-id]"),
        "nor the cart"
    );
    // Signing in again works, on a fresh session.
    assert_eq!(sign_in(&browser, &app, "al@example.com").await, 200);
    assert_eq!(browser.signed_in_as(&app).await.as_deref(), Some("Al"));
}

#[tokio::test]
async fn signing_in_as_another_account_takes_nothing_of_the_first() {
    let app = spawn_app().await;
    let b = CookieBrowser::new();
    sign_up(&b, &app, "bo@example.com", "Bo").await;
    b.post_form(&app, "/signout", &[]).await;
    let browser = CookieBrowser::new();
    sign_up(&browser, &app, "an@example.com", "An").await;
    let a = product_in(&app, "books", 3).await;
    browser
        .post_form(&app, "/cart/add", &[("product_id", &a), ("quantity", "2")])
        .await;
    // Signed in as An, sign in as Bo.
    assert_eq!(sign_in(&browser, &app, "bo@example.com").await, 200);
    assert_eq!(browser.signed_in_as(&app).await.as_deref(), Some("Bo"));
    let cart = browser.get_page(&app, "/cart").await;
    assert!(
        !cart.has("[data-feature=\"cart\"] [data-product-id]"),
        "An's cart stays An's"
    );
    let an = app
        .store
        .account_by_email("an@example.com")
        .await
        .unwrap()
        .unwrap();
    let lines = app.store.cart_lines(&an.user_id).await.unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].quantity, 2);
}

#[tokio::test]
async fn what_a_presenter_buys_while_emulating_is_theirs_alone() {
    let app = spawn_app().await;
    let shopper = app.store.load_shoppers().await.unwrap()[0].id.clone();
    let first = CookieBrowser::new();
    first
        .post_form(&app, "/profile/save", &[("shopper_id", shopper.as_str())])
        .await;
    let a = product_in(&app, "books", 0).await;
    first
        .post_form(&app, "/cart/add", &[("product_id", &a), ("quantity", "1")])
        .await;
    let order_path = first.place_order(&app).await;
    // The order's event is the shopper's, so recommendations follow them.
    let orders = app.events_of(EventType::OrderCompleted, 1).await;
    assert_eq!(orders[0].event.user_id, shopper);

    let second = CookieBrowser::new();
    second
        .post_form(&app, "/profile/save", &[("shopper_id", shopper.as_str())])
        .await;
    let page = second.get_page(&app, "/").await;
    assert_eq!(
        page.attr("[data-shopper-id]", "data-shopper-id"),
        shopper.as_str()
    );
    let cart = second.get_page(&app, "/cart").await;
    assert!(!cart.has("[data-feature=\"cart\"] [data-product-id]"));
    let profile = second.get_page(&app, "/profile").await;
    assert!(!profile.has("[data-order-id]"), "no one else's orders");
    let r = second
        .client
        .get(app.url(&order_path))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // The first presenter still sees their order.
    let r = first.client.get(app.url(&order_path)).send().await.unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_methods_are_checked() {
    let app = spawn_app().await;
    let product = product_in(&app, "books", 0).await;
    let pages = [
        "/".to_string(),
        format!("/product/{product}"),
        "/cart".into(),
        "/profile".into(),
        "/nope".into(),
        "/static/style.css".into(),
    ];
    for path in &pages {
        let r = app.get(path).await;
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert!(h.contains_key("referrer-policy"), "{path}");
        let cache = h["cache-control"].to_str().unwrap();
        let expected = match path.as_str() {
            "/cart" | "/profile" => "no-store",
            "/static/style.css" => "public, max-age=3600",
            _ => "private, no-cache",
        };
        assert_eq!(cache, expected, "{path}");
    }
    // HEAD answers like GET, without a body, and records nothing.
    let head = app
        .client
        .head(app.url(&format!("/product/{product}")))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 200);
    assert!(head.bytes().await.unwrap().is_empty());
    // A method a page does not take: 405 with what it does take.
    for (method, path) in [
        (reqwest::Method::POST, "/"),
        (reqwest::Method::GET, "/cart/add"),
        (reqwest::Method::DELETE, "/cart"),
    ] {
        let r = app
            .client
            .request(method.clone(), app.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 405, "{method} {path}");
        assert!(r.headers().contains_key("allow"), "{method} {path}");
    }
    let r = app
        .client
        .post(app.url("/no/such/page"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let store = app.store.clone();
    let since = app.own_events();
    let _stopped = app.stop().await;
    let views = store
        .events(&EventFilter {
            types: vec![EventType::ProductViewed],
            ..since
        })
        .await
        .unwrap();
    assert_eq!(views.len(), 1, "the GET's view, none for the HEAD");
}

#[tokio::test]
async fn sign_in_attempts_are_limited_per_account_and_per_address() {
    // Small limits, refilled slowly (one attempt every 12 s and every 4 s), so the test runs
    // well inside a refill.
    let app = spawn_with(|s| {
        s.limits.sign_ins_per_account = 5;
        s.limits.attempts_per_address = 15;
    })
    .await;
    let setup = CookieBrowser::new();
    sign_up(&setup, &app, "gu@example.com", "Gu").await;
    let guesser = CookieBrowser::new();
    let mut statuses = Vec::new();
    for i in 0..6 {
        let wrong = format!("wrong guess {i}");
        let status = guesser
            .post_form(
                &app,
                "/signin",
                &[("email", "gu@example.com"), ("password", &wrong)],
            )
            .await;
        statuses.push(status);
    }
    assert_eq!(statuses[..5], [401; 5]);
    assert_eq!(statuses[5], 429, "the sixth guess in a minute");
    // Even the right password waits now: the account is the limit, not the browser.
    let other = CookieBrowser::new();
    assert_eq!(sign_in(&other, &app, "gu@example.com").await, 429);
    let token = csrf_from(&other.get_page(&app, "/profile").await);
    let r = other
        .client
        .post(app.url("/signin"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", "gu@example.com"),
            ("password", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    let page = Page::of(r).await;
    assert!(page.text_of("main").contains("Too many sign-in attempts"));

    // One address trying many accounts: 15 a minute (the sign-up, 6 guesses and `other`'s 2
    // spent already), so 6 more go through and the rest are refused.
    let mut limited = 0;
    for i in 0..10 {
        let email = format!("nobody{i}@example.com");
        let status = guesser
            .post_form(&app, "/signin", &[("email", &email), ("password", "nope")])
            .await;
        limited += usize::from(status == 429);
    }
    assert_eq!(limited, 4, "attempts 16 to 19 from the address are refused");
}

#[tokio::test]
async fn a_guessable_password_is_refused_with_advice() {
    let app = spawn_app().await;
    let r = app
        .post_form(
            "/signup",
            &[
                ("first_name", "Pat"),
                ("last_name", "Weak"),
                ("email", "pat@example.com"),
                ("password", "password123"),
                ("password_confirm", "password123"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let errors = Page::of(r).await.text_of(".errors");
    assert!(errors.contains("too easy to guess"), "{errors}");
    assert!(
        app.store
            .account_by_email("pat@example.com")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_copy_of_the_cookie_from_before_sign_up_sees_nothing_of_the_account() {
    let app = spawn_app().await;
    let browser = CookieBrowser::new();
    let a = product_in(&app, "books", 0).await;
    browser
        .post_form(&app, "/cart/add", &[("product_id", &a), ("quantity", "1")])
        .await;
    // An order placed anonymously, then sign-up: the order stays the shopper's to see.
    let order = browser.place_order(&app).await;
    let b = product_in(&app, "books", 1).await;
    browser
        .post_form(&app, "/cart/add", &[("product_id", &b), ("quantity", "1")])
        .await;
    let before = browser.copy(&app);
    let seen = |page: &Page| page.select_all("[data-event-type]").len();
    // Two adds, the checkout and the order (a moment for the tracker's checkout event).
    let mut known = 0;
    for _ in 0..50 {
        known = seen(&before.get_page(&app, "/events").await);
        if known == 4 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(known, 4, "the anonymous session's own events");
    sign_up(&browser, &app, "sy@example.com", "Sy").await;
    let r = browser.client.get(app.url(&order)).send().await.unwrap();
    assert_eq!(r.status(), 200, "the anonymous order moved to the account");
    let profile = browser.get_page(&app, "/profile").await;
    assert!(profile.has("[data-order-id]"));
    // Now, and after more shopping, the old cookie sees none of it.
    let c = product_in(&app, "books", 2).await;
    browser
        .post_form(&app, "/cart/add", &[("product_id", &c), ("quantity", "1")])
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let events = before.get_page(&app, "/events").await;
    assert_eq!(seen(&events), known, "nothing of the account's session");
    assert_eq!(before.signed_in_as(&app).await, None);
    let cart = before.get_page(&app, "/cart").await;
    assert!(!cart.has("[data-feature=\"cart\"] [data-product-id]"));
    let profile = before.get_page(&app, "/profile").await;
    assert!(!profile.has("[data-order-id]"));
    let r = before.client.get(app.url(&order)).send().await.unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn readiness_fails_when_the_database_file_is_gone_and_metrics_tell() {
    let app = spawn_app().await;
    let r = app.get("/readyz").await;
    assert_eq!(r.status(), 200);
    app.get("/").await;
    let metrics = app.get("/metrics").await.text().await.unwrap();
    for name in [
        "http_requests_total{",
        "http_request_duration_seconds_bucket{",
        "events_delivered_total{sink=\"database\"}",
        "events_queued{sink=\"database\"}",
        "model_age_seconds",
        "process_resident_memory_bytes",
    ] {
        assert!(metrics.contains(name), "{name} in\n{metrics}");
    }
    assert!(metrics.contains("route=\"/\""), "requests by route");
    let Some(file) = app.database_url.strip_prefix("sqlite://") else {
        return; // PostgreSQL: the file test is SQLite's.
    };
    std::fs::remove_file(file).unwrap();
    let r = app.get("/readyz").await;
    assert_eq!(r.status(), 503);
    let body: serde_json::Value = r.json().await.unwrap();
    let reasons = body["reasons"].to_string();
    assert!(reasons.contains("gone"), "{reasons}");
    // Alive all the same: liveness does not touch the database.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn a_trickling_body_is_cut_off_and_one_address_cannot_hold_every_slot() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_with(|s| s.limits.requests_in_flight_per_address = 1).await;
    let token = app.csrf_token().await;
    let cookie = app
        .client
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .headers()
        .get("set-cookie")
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string())
        .unwrap_or_default();
    // A form whose body stops after a few bytes and never finishes.
    let address = app.address.trim_start_matches("http://").to_string();
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /cart/add HTTP/1.1\r\nHost: {address}\r\nCookie: {cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\n\
         csrf_token={token}&pro"
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    // The address's one slot is taken: another request is refused at once.
    let r = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), 429);
    // The trickling form is cut off (408) within the body timeout, and the slot is free again.
    let started = std::time::Instant::now();
    let mut answer = vec![0u8; 64];
    let n = tokio::time::timeout(std::time::Duration::from_secs(15), slow.read(&mut answer))
        .await
        .expect("an answer within the timeout")
        .unwrap();
    let status = String::from_utf8_lossy(&answer[..n]).to_string();
    assert!(status.starts_with("HTTP/1.1 408"), "{status}");
    assert!(started.elapsed() < std::time::Duration::from_secs(11));
    let r = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), 200);
}
