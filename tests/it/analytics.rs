//! The measuring-personalization workshop end to end: `storefront simulate`, `storefront
//! funnel` and the `/analytics` page, on the store's own database.

use serde_json::Value;

use crate::helpers::*;
use crate::page::Page;

/// Each funnel side's line, "C of E shoppers converted: R" (at least one side must be shown).
fn conversion_lines(page: &Page) -> Vec<String> {
    let lines: Vec<String> = page
        .select_all("section.funnel-table > p")
        .iter()
        .map(super::page::Section::text)
        .collect();
    assert!(!lines.is_empty(), "no funnel on “{}”", page.title());
    lines
}

/// E, the shoppers who entered, from the first side's "C of E shoppers converted".
fn entered(page: &Page) -> u64 {
    let line = &conversion_lines(page)[0];
    let before = line.split(" shoppers converted").next().expect("a line");
    let of = before.rfind("of ").expect("C of E");
    before[of + 3..].parse().expect("a count")
}

/// The groups of the "By …" table (which must be on the page).
fn groups(page: &Page) -> Vec<String> {
    let table = page
        .select_all("section.funnel-table")
        .into_iter()
        .find(|t| t.text_of("h2").starts_with("By "))
        .expect("a table by group");
    table
        .select_all("tbody tr")
        .iter()
        .map(|row| row.text_of("td"))
        .collect()
}

fn db_of(app: &TestApp) -> String {
    app.database_url.clone()
}

fn simulate(db: &str, scenario: &str, from: &str, to: &str, extra: &[&str]) -> String {
    let out = storefront()
        .args(["simulate", "--database", db, "--scenario", scenario])
        .args(["--from", from, "--to", to, "--sessions-per-day", "60"])
        .args(extra)
        .output()
        .expect("run simulate");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{stderr}");
    stderr
}

#[tokio::test]
async fn the_workshop_simulated_then_compared_shows_the_lift() {
    let app = spawn_app().await;
    let db = db_of(&app);
    // Before any simulation the page says how to make some.
    let (status, empty) = app.get_page("/analytics").await;
    assert_eq!(status, 200);
    assert!(
        empty
            .text_of("[data-no-events]")
            .contains("storefront simulate")
    );
    assert!(empty.text_of("[data-comparison]").contains("No test"));
    let now = storefront::clock::now_micros();
    let ago = |days: i64| storefront::clock::format_rfc3339(now - days * 86_400_000_000);
    let said = simulate(&db, "pre-personalization", &ago(60), &ago(30), &[]);
    assert!(said.contains("of \"pre-personalization\""), "{said}");
    simulate(&db, "post-personalization", &ago(30), &ago(0), &[]);
    // The same run again writes nothing new: same seed, same range, same events.
    let again = simulate(&db, "post-personalization", &ago(30), &ago(0), &[]);
    assert!(again.contains("(0 new;"), "{again}");

    let out = storefront()
        .args(["funnel", "--database", &db, "--workshop", "--json"])
        .output()
        .expect("run funnel");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_slice(&out.stdout).expect("json");
    let c = &answer["comparison"]["comparison"];
    let (a, b) = (&c["a"], &c["b"]);
    assert!(a["entered"].as_u64().unwrap() > 300);
    assert!(b["entered"].as_u64().unwrap() > 300);
    let (ra, rb) = (
        a["conversion_rate"].as_f64().unwrap(),
        b["conversion_rate"].as_f64().unwrap(),
    );
    assert!(rb > ra, "personalization converts better: {ra} vs {rb}");
    assert!(c["p_value"].as_f64().unwrap() < 0.05, "{c}");
    assert!(c["ci95_low_pp"].as_f64().unwrap() > 0.0);
    assert_eq!(c["assignment"], "before_after");
    assert!(
        c["note"]
            .as_str()
            .unwrap()
            .contains("not randomly assigned")
    );
    let steps = answer["comparison"]["report_b"]["total"]["steps"]
        .as_array()
        .unwrap();
    assert_eq!(steps.len(), 4);
    assert!(
        steps[0]["label"]
            .as_str()
            .unwrap()
            .contains("home_product_recs")
    );

    // The page shows the same comparison as a chart, tables and the test.
    let (status, page) = app
        .get_page("/analytics?steps=ProductViewed,ProductAdded,CheckoutStarted,OrderCompleted&from=60d&to=30d&window=1d&compare_from=30d&compare_to=now&compare_filter=feature%3Dhome_product_recs%2Cproduct_detail_related&source=simulated")
        .await;
    assert_eq!(status, 200);
    let chart = page.section("[data-funnel-chart]");
    assert_eq!(chart.select_all(".bar.bar-a").len(), 4);
    assert_eq!(chart.select_all(".bar.bar-b").len(), 4);
    assert!(
        page.section("[data-comparison]")
            .text_of("strong")
            .starts_with("significant at the 5 % level")
    );
    assert!(!page.section("main").has("[data-no-events]"));
    let converted = format!("of {} shoppers converted", a["entered"]);
    let lines = conversion_lines(&page);
    assert!(lines.iter().any(|l| l.contains(&converted)), "{lines:?}");
    let _ = app.stop().await;
}

#[tokio::test]
async fn simulated_events_follow_the_scenario_and_go_to_ndjson_deterministically() {
    let app = spawn_app().await;
    let db = db_of(&app);
    let scratch = tempfile::tempdir().unwrap();
    let file = |name: &str| scratch.path().join(name);
    let to = storefront::clock::format_rfc3339(storefront::clock::now_micros());
    for name in ["a.ndjson", "b.ndjson"] {
        simulate(
            &db,
            "pre-personalization",
            "2d",
            &to,
            &["--output", "ndjson", "--out", file(name).to_str().unwrap()],
        );
    }
    let a = std::fs::read_to_string(file("a.ndjson")).unwrap();
    assert_eq!(a, std::fs::read_to_string(file("b.ndjson")).unwrap());
    let events = ndjson(&a);
    assert!(events.len() > 200);
    assert!(events.iter().all(|e| e["properties"]["simulated"] == true));
    let types: std::collections::HashSet<&str> = events
        .iter()
        .map(|e| e["event_type"].as_str().unwrap())
        .collect();
    for t in [
        "ProductSearched",
        "ProductViewed",
        "ProductAdded",
        "CartViewed",
        "OrderCompleted",
    ] {
        assert!(types.contains(t), "{t} in {types:?}");
    }
    // Nothing went to the database.
    let out = storefront()
        .args([
            "funnel",
            "--database",
            &db,
            "--source",
            "simulated",
            "--from",
            "3d",
            "--json",
        ])
        .output()
        .unwrap();
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["report"]["total"]["entered"], 0);

    // Into the database they are the same events, and `events --source` tells them apart
    // from the shop's own.
    let trained_on = || {
        let said = stdout_of(storefront().args(["train", "--database", &db]));
        let at = said.find("trained on ").expect("a training report") + "trained on ".len();
        said[at..].split(' ').next().unwrap().to_string()
    };
    let before = trained_on();
    simulate(&db, "pre-personalization", "2d", &to, &[]);
    // The recommender learns from the shop's shoppers, never from the simulator's.
    assert_eq!(trained_on(), before);
    let listed = |source: &str| {
        ndjson(&stdout_of(
            storefront()
                .args(["events", "--database", &db, "--format", "ndjson"])
                .args(["--source", source, "--since", "3d"]),
        ))
    };
    assert_eq!(listed("simulated"), events);
    let live = listed("live");
    assert!(!live.is_empty(), "the seed's history of the last days");
    assert!(
        live.iter()
            .all(|e| e["properties"].get("simulated").is_none())
    );
    assert_eq!(listed("all").len(), live.len() + events.len());

    let bad = storefront()
        .args(["simulate", "--database", &db, "--scenario", "nope"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no scenario named"));
    let _ = app.stop().await;
}

#[tokio::test]
async fn live_shopping_appears_in_the_funnel_and_bad_questions_get_a_message() {
    let app = spawn_app().await;
    let (_, home) = app.get_page("/").await;
    let id = home.shelf("home_product_recs_cold").product_ids()[0].clone();
    app.get_page(&format!("/product/{id}?feature=home_product_recs_cold"))
        .await;
    app.post_form("/cart/add", &[("product_id", &id), ("quantity", "1")])
        .await;
    let placed = checkout(
        &app,
        &[
            ("name", "Ada Shopper"),
            ("email", "ada@example.com"),
            ("address1", "1 Main Street"),
            ("address2", ""),
            ("city", "Springfield"),
            ("state", "IL"),
            ("zipcode", "62701"),
            ("country", "US"),
        ],
    )
    .await;
    assert!(
        placed.url().path().starts_with("/orders/"),
        "{}",
        placed.url()
    );
    let orders = app
        .events_of(storefront::events::EventType::OrderCompleted, 1)
        .await;
    assert_eq!(orders.len(), 1);

    let since = storefront::clock::format_rfc3339(app.started);
    let (status, page) = app
        .get_page(&format!(
            "/analytics?from={}&to=now&source=live&group_by=feature",
            since.replace(':', "%3A")
        ))
        .await;
    assert_eq!(status, 200);
    let lines = conversion_lines(&page);
    assert!(
        lines[0].starts_with("1 of 1 shoppers converted"),
        "{lines:?}"
    );
    assert!(
        groups(&page).contains(&"home_product_recs_cold".to_string()),
        "grouped by shelf"
    );

    // Simulated shoppers over the same hours (dated from now on, where the seed's history
    // does not reach) stay out of the live funnel, and the live shopper out of theirs.
    let until = storefront::clock::format_rfc3339(app.started + 86_400_000_000);
    simulate(&db_of(&app), "post-personalization", &since, &until, &[]);
    let range = format!(
        "/analytics?from={}&to={}&group_by=feature&source=",
        since.replace(':', "%3A"),
        until.replace(':', "%3A")
    );
    let (_, live) = app.get_page(&format!("{range}live")).await;
    let lines = conversion_lines(&live);
    assert!(
        lines[0].starts_with("1 of 1 shoppers converted"),
        "{lines:?}"
    );
    let (_, simulated) = app.get_page(&format!("{range}simulated")).await;
    let (_, all) = app.get_page(&format!("{range}all")).await;
    assert!(
        entered(&simulated) > 20,
        "{:?}",
        conversion_lines(&simulated)
    );
    assert_eq!(entered(&all), entered(&simulated) + 1);
    let simulated_groups = groups(&simulated);
    assert!(
        !simulated_groups.contains(&"home_product_recs_cold".to_string()),
        "{simulated_groups:?}"
    );
    assert!(
        simulated_groups.contains(&"product_detail_related".to_string()),
        "{simulated_groups:?}"
    );

    for (query, says) in [
        ("steps=ProductViewed,Nope", "unknown event"),
        ("window=0d", "window"),
        ("from=yesterday", "from"),
        ("filter=7:feature%3Dx", "step"),
        ("from=now&to=30d", "before"),
    ] {
        let (status, page) = app.get_page(&format!("/analytics?{query}")).await;
        assert_eq!(status, 400, "{query}");
        let error = page.text_of("main .errors").to_lowercase();
        assert!(error.contains(says), "{query}: {says} in {error}");
    }
    let _ = app.stop().await;
}

#[tokio::test]
async fn simulated_events_can_go_straight_to_amplitude() {
    let fake = crate::fake_amplitude::FakeAmplitude::start("sim-key").await;
    let app = spawn_app().await;
    let to = storefront::clock::format_rfc3339(storefront::clock::now_micros());
    let said = simulate(
        &app.database_url,
        "post-personalization",
        "1d",
        &to,
        &[
            "--output",
            "amplitude",
            "--amplitude-api-key",
            "sim-key",
            "--amplitude-endpoint-url",
            &fake.endpoint(),
        ],
    );
    let events: Vec<Value> = fake
        .requests()
        .iter()
        .flat_map(super::fake_amplitude::Request::events)
        .collect();
    assert!(events.len() > 50, "{said}");
    assert!(said.contains(&format!("{} sent", events.len())), "{said}");
    for e in &events {
        assert!(e["user_id"].as_str().is_some_and(|u| !u.is_empty()));
        assert!(e["user_properties"]["persona"].as_str().is_some());
        assert_eq!(e["event_properties"]["simulated"], true);
        assert!(e["insert_id"].as_str().is_some());
    }
    let _ = app.stop().await;
}
