//! The presenter's pages, read as an audience would: `/events` names products, people, money
//! and times and says where each event went; `/analytics` says its comparison in words with
//! the report's own numbers, real dates, and the live events apart from the history.

use std::time::Duration;

use serde_json::Value;
use storefront::clock::DAY;
use storefront::config::Settings;
use storefront::db::EventFilter;
use storefront::events::EventType;

use crate::fake_amplitude::FakeAmplitude;
use crate::helpers::*;
use crate::page::{Page, Section};

const API_KEY: &str = "amp-presenter-key-0123456789";

/// The entries of one type on the events page or its feed, newest first (the list must be
/// there).
fn entries<'a>(page: &'a Page, event_type: &str) -> Vec<Section<'a>> {
    page.section("ol.events")
        .select_all(&format!("li.event[data-event-type=\"{event_type}\"]"))
}

/// What one destination did with an entry: its `data-delivery`.
fn delivery(entry: &Section<'_>, destination: &str) -> String {
    entry
        .section(&format!("[data-destination=\"{destination}\"]"))
        .attr("data-delivery")
}

/// A shopper of the built-in seeds by id: their first and last name.
fn shopper_name(id: &str) -> String {
    let seeds = storefront::catalog::CatalogSource::Builtin
        .load()
        .expect("the seeds load");
    let s = seeds
        .shoppers
        .iter()
        .find(|s| s.id.as_str() == id)
        .expect("a seeded shopper");
    format!("{} {}", s.first_name, s.last_name)
}

/// "$1,234.50" from cents, as the shop writes money.
fn dollars(cents: i64) -> String {
    storefront::domain::Money::from_cents(cents).to_string()
}

#[tokio::test]
async fn events_name_products_people_money_and_where_they_went() {
    let app = spawn_app().await;
    let (shopper, _) = emulate(&app, "furniture").await;
    let item = product_in(&app, "furniture", 0).await;
    let (_, product) = app.get_page(&format!("/product/{item}")).await;
    let name = product.text_of("article.product h1");
    let price = price_of(&app, &item).await;
    app.post_form("/cart/add", &[("product_id", &item), ("quantity", "2")])
        .await;
    app.events_of(EventType::ProductAdded, 1).await;
    app.events_of(EventType::ProductViewed, 2).await;

    let (status, page) = app.get_page("/events").await;
    assert_eq!(status, 200);
    let viewed = &entries(&page, "ProductViewed")[0];
    // The product by name, linked to its page; the id stays beside it, small.
    let link = viewed.section("summary a.product-name");
    assert_eq!(link.text(), name);
    assert_eq!(link.attr("href"), format!("/product/{item}"));
    assert_eq!(viewed.text_of("summary code"), item);
    // Whom it is for: the emulated shopper, by name, with their persona.
    assert_eq!(viewed.text_of("summary .who"), shopper_name(&shopper));
    assert!(
        viewed
            .text_of("summary .who-detail")
            .contains("emulated by you")
    );
    assert_eq!(viewed.section(".who").attr("data-user-id"), shopper);
    // A readable time with the exact one beside it.
    let time = viewed.section("summary time");
    let exact = storefront::clock::Timestamp::parse(&time.attr("datetime")).expect("RFC 3339");
    assert!(exact.as_micros() >= app.started);
    assert!(
        time.text().len() == 8 && time.text().chars().filter(|c| *c == ':').count() == 2,
        "today's time as hh:mm:ss: {}",
        time.text()
    );
    // Stored in the database; the outside services are not configured here.
    assert_eq!(delivery(viewed, "database"), "delivered");
    assert_eq!(delivery(viewed, "personalize"), "off");
    assert_eq!(delivery(viewed, "amplitude"), "off");

    let added = &entries(&page, "ProductAdded")[0];
    assert_eq!(added.text_of("summary a.product-name"), name);
    assert_eq!(added.text_of("dd[data-property=\"price\"]"), dollars(price));
    assert_eq!(
        added.text_of("dd[data-property=\"cartTotal\"]"),
        dollars(2 * price)
    );
    assert_eq!(delivery(added, "database"), "delivered");

    // The cart view lists its line by name, with quantity and price.
    app.get_page("/cart").await;
    app.events_of(EventType::CartViewed, 1).await;
    let (_, feed) = app.get_page("/events/feed").await;
    let cart = &entries(&feed, "CartViewed")[0];
    let line = cart.section("dd[data-property=\"lines\"] li");
    assert_eq!(line.text_of("a.product-name"), name);
    assert!(line.text().starts_with("2 × "), "{}", line.text());
    assert_eq!(line.text_of(".price"), dollars(price));

    // A guest in another browser is "you (guest)" to themselves.
    let guest = TestApp::fresh_client(&app);
    guest.get_page(&format!("/product/{item}")).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let theirs = loop {
        let (_, feed) = guest.get_page("/events/feed").await;
        if feed.has("li.event") || std::time::Instant::now() > deadline {
            break feed;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(
        entries(&theirs, "ProductViewed")[0].text_of("summary .who"),
        "you (guest)"
    );
    let _ = app.stop().await;
}

fn use_fake(s: &mut Settings, fake: &FakeAmplitude) {
    s.amplitude.api_key = Some(API_KEY.to_string().into());
    s.amplitude.endpoint_url = Some(fake.endpoint());
}

#[tokio::test]
async fn amplitude_is_ticked_only_once_it_accepted_the_event() {
    let fake = FakeAmplitude::start(API_KEY).await;
    let app = spawn_with(|s| use_fake(s, &fake)).await;
    let item = product_in(&app, "books", 0).await;
    app.get_page(&format!("/product/{item}")).await;
    app.get_page("/search?q=lamp").await;
    app.events_of(EventType::ProductViewed, 1).await;
    app.events_of(EventType::ProductSearched, 1).await;
    fake.wait_for(2).await;
    // The lane remembers the outcome as soon as the request is answered: poll the feed.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let page = loop {
        let (_, feed) = app.get_page("/events/feed").await;
        let all_delivered = feed
            .select_all("li.event")
            .iter()
            .all(|e| delivery(e, "amplitude") == "delivered");
        if all_delivered || std::time::Instant::now() > deadline {
            break feed;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    for t in ["ProductViewed", "ProductSearched"] {
        let entry = &entries(&page, t)[0];
        assert_eq!(delivery(entry, "amplitude"), "delivered", "{t}");
        assert_eq!(delivery(entry, "database"), "delivered", "{t}");
        assert_eq!(delivery(entry, "personalize"), "off", "{t}");
        let amplitude = entry.section("[data-destination=\"amplitude\"]");
        assert!(amplitude.text().contains('✓'), "{}", amplitude.text());
    }
    let _ = app.stop().await;
}

/// `storefront simulate` at 60 sessions a day (also the `feature` column's test's).
pub(crate) fn simulate(db: &str, scenario: &str, from: &str, to: &str) {
    let out = storefront()
        .args(["simulate", "--database", db, "--scenario", scenario])
        .args(["--from", from, "--to", to, "--sessions-per-day", "60"])
        .output()
        .expect("run simulate");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// "6 Oct" for a UTC time, read off its RFC 3339 form.
fn day_month(micros: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let rfc = storefront::clock::format_rfc3339(micros);
    let month: usize = rfc[5..7].parse().expect("a month");
    let day: u32 = rfc[8..10].parse().expect("a day");
    format!("{day} {}", MONTHS[month - 1])
}

/// "R" of a side's "C of E shoppers converted: R" line.
fn rate_of(table: &Section<'_>) -> String {
    table.text_of("p strong")
}

#[tokio::test]
async fn the_comparison_is_headlined_with_the_reports_numbers_real_dates_and_live_events_apart() {
    let app = spawn_app().await;
    let db = app.database_url.clone();
    let now = storefront::clock::now_micros();
    let ago = |days: i64| storefront::clock::format_rfc3339(now - days * DAY);
    simulate(&db, "pre-personalization", &ago(60), &ago(30));
    simulate(&db, "post-personalization", &ago(30), &ago(0));
    // A live click of the presenter's own.
    let item = product_in(&app, "books", 0).await;
    app.get_page(&format!("/product/{item}")).await;
    let own_views = app
        .wait_for_events(
            &EventFilter {
                types: vec![EventType::ProductViewed],
                simulated: Some(false),
                ..app.own_events()
            },
            1,
        )
        .await
        .len();

    let out = storefront()
        .args(["funnel", "--database", &db, "--workshop", "--json"])
        .output()
        .expect("run funnel");
    assert!(out.status.success());
    let answer: Value = serde_json::from_slice(&out.stdout).expect("json");
    let report = |side: &str| answer["comparison"][side]["total"].clone();
    let (a, b) = (report("report_a"), report("report_b"));
    let per_visitor = |r: &Value| {
        let cents = r["revenue_cents"].as_i64().expect("revenue in the report");
        let entered = r["entered"].as_u64().expect("entered") as f64;
        dollars((cents as f64 / entered).round() as i64)
    };
    let percent = |r: &Value| format!("{:.1} %", r["conversion_rate"].as_f64().unwrap() * 100.0);

    let before = storefront::clock::now_micros();
    let (status, page) = app.get_page("/analytics").await;
    let after = storefront::clock::now_micros();
    assert_eq!(status, 200);
    // The headline's numbers are the tables' and the report's.
    let headline = page.section("[data-headline]");
    let tables = page.select_all("section.funnel-table");
    assert_eq!(headline.text_of("[data-rate=\"a\"]"), rate_of(&tables[0]));
    assert_eq!(headline.text_of("[data-rate=\"b\"]"), rate_of(&tables[1]));
    assert_eq!(headline.text_of("[data-rate=\"a\"]"), percent(&a));
    assert_eq!(headline.text_of("[data-rate=\"b\"]"), percent(&b));
    let c = &answer["comparison"]["comparison"];
    assert_eq!(
        headline.text_of("[data-lift]"),
        format!("{:+.1}", c["absolute_lift_pp"].as_f64().unwrap())
    );
    assert_eq!(
        headline.text_of("[data-relative]"),
        format!("{:+.1} %", c["relative_lift"].as_f64().unwrap() * 100.0)
    );
    assert!(
        page.section("[data-comparison] h2")
            .text()
            .contains(&headline.text_of("[data-lift]"))
    );
    assert!(
        headline
            .text_of("[data-verdict]")
            .starts_with("significant at the 5 % level (p ")
    );
    assert!(headline.text().starts_with("Conversion rose from "));
    assert_eq!(headline.text_of("[data-revenue=\"a\"]"), per_visitor(&a));
    assert_eq!(headline.text_of("[data-revenue=\"b\"]"), per_visitor(&b));
    assert!(
        tables[0]
            .text_of("[data-revenue]")
            .contains(&per_visitor(&a))
    );

    // Real dates next to the relative ranges, and who each side is.
    let dates = |days: i64| {
        [
            day_month(before - days * DAY),
            day_month(after - days * DAY),
        ]
    };
    let side_a = page.section("[data-sides] [data-side=\"a\"]");
    let range_a = side_a.text_of("time.range");
    assert!(
        dates(60).iter().any(|d| range_a.starts_with(d.as_str()))
            && dates(30).iter().any(|d| range_a.contains(d.as_str())),
        "{range_a}"
    );
    assert!(side_a.text().contains("(60d → 30d)"), "{}", side_a.text());
    assert!(side_a.text().contains("all shoppers with a ProductViewed"));
    let side_b = page.section("[data-sides] [data-side=\"b\"]");
    assert!(
        side_b.text().contains(
            "who came from a recommendation shelf (home_product_recs, product_detail_related)"
        ),
        "{}",
        side_b.text()
    );
    assert!(
        dates(0)
            .iter()
            .any(|d| side_b.text_of("time.range").contains(d.as_str()))
    );

    // The numbers are the simulator's; the presenter's click is in the live panel.
    assert_eq!(page.attr(".funnel-source", "data-source"), "simulated");
    let live = page.section("[data-live-events]");
    assert_eq!(
        live.section("[data-live-type=\"ProductViewed\"]")
            .attr("data-count"),
        own_views.to_string()
    );
    assert!(
        live.text().contains("seed's synthetic history ("),
        "the history is counted apart: {}",
        live.text()
    );
    let _ = app.stop().await;
}

#[tokio::test]
async fn a_question_that_cannot_be_answered_is_a_400_with_the_reason() {
    let app = spawn_app().await;
    let (status, page) = app.get_page("/analytics?from=last+week&source=live").await;
    assert_eq!(status, 400);
    assert!(page.text_of("[role=alert]").contains("from"));
    assert!(!page.has("[data-headline]"));
    let _ = app.stop().await;
}
