//! The `feature` column (issue 16): every event writer fills it — the tracker, a cart change
//! and the simulator's bulk loader — and a funnel read through it answers exactly as the funnel
//! engine does over the events' own JSON, also when it reads other properties from the JSON.

use serde_json::{Map, Value};
use storefront::analytics::{FunnelEvent, FunnelSpec, compute_funnel};
use storefront::events::EventType;

use crate::helpers::*;
use crate::presenter_pages::simulate;

const DAY: i64 = 86_400_000_000;

/// `storefront funnel --json` for `spec`: its report.
fn funnel_report(db: &str, spec: &FunnelSpec) -> Value {
    let mut command = storefront();
    command.args(["funnel", "--database", db, "--json"]);
    for (flag, value) in [
        ("--steps", &spec.steps),
        ("--from", &spec.from),
        ("--to", &spec.to),
        ("--group-by", &spec.group_by),
        ("--hold", &spec.hold),
        ("--source", &spec.source),
    ] {
        command.args([flag, value.as_str()]);
    }
    if !spec.filter.is_empty() {
        command.args(["--filter", &spec.filter]);
    }
    let out = command.output().expect("run funnel");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_slice(&out.stdout).expect("json");
    answer["report"].clone()
}

/// The same question answered by the engine over every stored event as `storefront events`
/// prints it, with all its properties from its JSON.
fn report_from_the_events_json(events: &[Value], spec: &FunnelSpec) -> Value {
    let question = spec
        .question(storefront::clock::now_micros())
        .expect("a valid question");
    let events: Vec<&Value> = events
        .iter()
        .filter(|e| {
            let simulated = e["properties"]["simulated"] == Value::Bool(true);
            match spec.source.as_str() {
                "simulated" => simulated,
                "live" => !simulated,
                _ => true,
            }
        })
        .collect();
    let properties: Vec<Map<String, Value>> = events
        .iter()
        .map(|e| e["properties"].as_object().cloned().unwrap_or_default())
        .collect();
    let times: Vec<i64> = events
        .iter()
        .map(|e| {
            storefront::clock::parse(e["timestamp"].as_str().expect("a time")).expect("RFC 3339")
        })
        .collect();
    let views: Vec<FunnelEvent> = events
        .iter()
        .zip(&properties)
        .zip(&times)
        .map(|((e, properties), &timestamp)| FunnelEvent {
            user_id: e["user_id"].as_str().unwrap(),
            session_id: e["session_id"].as_str().unwrap(),
            event_type: e["event_type"].as_str().unwrap(),
            timestamp,
            properties,
        })
        .collect();
    let report = compute_funnel(&views, &question.query).expect("a funnel");
    // Through JSON text as the command's answer came, so both numbers are parsed alike.
    serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap()
}

#[tokio::test]
async fn funnels_by_feature_read_the_column_and_answer_as_the_events_json_does() {
    let app = spawn_app().await;
    let db = app.database_url.clone();
    // The shop's own writers: a view through the tracker, an add to cart with its change.
    let (_, home) = app.get_page("/").await;
    let id = home.shelf("home_product_recs_cold").product_ids()[0].clone();
    app.get_page(&format!("/product/{id}?feature=home_product_recs_cold"))
        .await;
    app.post_form(
        "/cart/add",
        &[
            ("product_id", &id),
            ("quantity", "1"),
            ("feature", "home_product_recs_cold"),
        ],
    )
    .await;
    app.events_of(EventType::ProductViewed, 1).await;
    app.events_of(EventType::ProductAdded, 1).await;
    // The bulk loader: the workshop's two periods.
    let now = storefront::clock::now_micros();
    let at = |micros: i64| storefront::clock::format_rfc3339(micros);
    simulate(
        &db,
        "pre-personalization",
        &at(now - 60 * DAY),
        &at(now - 30 * DAY),
    );
    simulate(&db, "post-personalization", &at(now - 30 * DAY), &at(now));

    let out = storefront()
        .args(["events", "--database", &db, "--format", "ndjson"])
        .args(["--source", "all"])
        .output()
        .expect("run events");
    assert!(out.status.success());
    let events = ndjson(&String::from_utf8_lossy(&out.stdout));
    assert!(events.len() > 1_000, "{} events", events.len());

    let spec_from = |from: i64, group_by: &str, filter: &str, source: &str| FunnelSpec {
        steps: "ProductViewed,ProductAdded,CheckoutStarted,OrderCompleted".into(),
        from: at(from),
        to: at(now + DAY),
        window: "1d".into(),
        group_by: group_by.into(),
        filter: filter.into(),
        source: source.into(),
        ..FunnelSpec::default()
    };
    let spec = |group_by: &str, filter: &str, source: &str| {
        spec_from(now - 61 * DAY, group_by, filter, source)
    };
    // The live shopper's view and add, written by the shop, are found through the column
    // (from the shop's start: the seed's history is live too).
    let live = funnel_report(
        &db,
        &spec_from(
            app.started,
            "feature",
            "1:feature=home_product_recs_cold;2:feature=home_product_recs_cold",
            "live",
        ),
    );
    assert_eq!(live["total"]["steps"][1]["users"], 1, "{live}");
    assert_eq!(live["groups"][0]["group"], "home_product_recs_cold");

    for spec in [
        // Grouped by the column, filtered on it, and both.
        spec("feature", "", "all"),
        spec(
            "",
            "1:feature=home_product_recs,product_detail_related",
            "all",
        ),
        spec("feature", "1:feature!=home_product_recs", "simulated"),
        // The column next to a property read from the JSON, held constant.
        FunnelSpec {
            hold: "simulated".into(),
            ..spec("feature", "2:feature!=", "all")
        },
        // Only properties from the JSON.
        spec("simulated", "", "all"),
    ] {
        let read = funnel_report(&db, &spec);
        let expected = report_from_the_events_json(&events, &spec);
        assert_eq!(read["total"], expected["total"], "{spec:?}");
        assert_eq!(read["groups"], expected["groups"], "{spec:?}");
        assert!(read["total"]["steps"][0]["users"].as_u64().unwrap() > 0);
    }
    let grouped = funnel_report(&db, &spec("feature", "", "simulated"));
    let groups: Vec<&str> = grouped["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["group"].as_str())
        .collect();
    assert!(groups.contains(&"home_product_recs"), "{groups:?}");
    let _ = app.stop().await;
}
