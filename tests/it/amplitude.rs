//! Amplitude against the fake HTTP V2 API: the live sink's mapping of a real browsing session,
//! batching under the limits, retries without duplicates, 413 splits, 400 losses counted, and
//! `storefront export amplitude` (sending and --dry-run).

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use serde_json::Value;
use storefront::clock::Timestamp;
use storefront::config::Settings;
use storefront::db::EventFilter;
use storefront::events::EventType;

use crate::fake_amplitude::FakeAmplitude;
use crate::helpers::*;

const API_KEY: &str = "amp-test-key-0123456789";

fn use_fake(s: &mut Settings, fake: &FakeAmplitude) {
    s.amplitude.api_key = Some(API_KEY.to_string().into());
    s.amplitude.endpoint_url = Some(fake.endpoint());
}

/// The amplitude sink's counters in /healthz once it has dealt with `n` events.
async fn sink_after(app: &TestApp, n: u64) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let health: Value = app.get("/healthz").await.json().await.expect("json");
        let sink = health["events"]["sinks"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["sink"] == "amplitude"))
            .cloned()
            .expect("an amplitude sink");
        let done = sink["delivered"].as_u64().unwrap() + sink["failed"].as_u64().unwrap();
        if done >= n || std::time::Instant::now() > deadline {
            return sink;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn ids(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["insert_id"].as_str().unwrap().to_string())
        .collect()
}

fn assert_once_each(accepted: &[Value], expected: &HashSet<String>) {
    let got = ids(accepted);
    let unique: HashSet<String> = got.iter().cloned().collect();
    assert_eq!(unique.len(), got.len(), "no event twice");
    assert_eq!(&unique, expected, "every event once");
}

async fn own_event_ids(app: &TestApp) -> HashSet<String> {
    // The database lane may be behind the Amplitude lane: wait until it holds all tracked.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let health: Value = app.get("/healthz").await.json().await.expect("json");
        let tracked = health["events"]["tracked"].as_u64().unwrap();
        let database = health["events"]["sinks"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["sink"] == "database"))
            .cloned()
            .expect("a database sink");
        let settled = ["delivered", "failed", "dropped"]
            .iter()
            .map(|k| database[*k].as_u64().unwrap_or(0))
            .sum::<u64>();
        if settled >= tracked || std::time::Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    app.store
        .events(&app.own_events())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event.event_id.into_string())
        .collect()
}

#[tokio::test]
async fn amplitude_gets_a_browsing_session_mapped_field_by_field() {
    let fake = FakeAmplitude::start(API_KEY).await;
    let app = spawn_with(|s| use_fake(s, &fake)).await;
    let (shopper, _) = emulate(&app, "jewelry").await;
    let (_, home) = app.get_page("/").await;
    let persona = home.attr(".site-header [data-persona]", "data-persona");
    let item = product_in(&app, "jewelry", 0).await;
    app.get_page(&format!("/product/{item}?feature=home_product_recs"))
        .await;
    app.post_form("/cart/add", &[("product_id", &item), ("quantity", "2")])
        .await;
    app.get_page("/cart").await;
    checkout_prefilled(&app).await;
    app.get_page("/search?q=coffee").await;
    // Someone else, neither signed in nor emulating.
    let other = TestApp::fresh_client(&app);
    other.get_page(&format!("/product/{item}")).await;
    app.events_of(EventType::ProductViewed, 2).await;
    app.events_of(EventType::ProductSearched, 1).await;
    own_event_ids(&app).await; // every tracked event is in the database
    let stored = app.store.events(&app.own_events()).await.unwrap();
    let accepted = fake.wait_for(stored.len()).await;
    assert_once_each(
        &accepted,
        &stored
            .iter()
            .map(|e| e.event.event_id.to_string())
            .collect(),
    );
    for r in fake.requests() {
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.body["api_key"], API_KEY);
        assert_eq!(r.body["options"]["min_id_length"], 1);
    }

    let by_id: HashMap<&str, &Value> = accepted
        .iter()
        .map(|e| (e["insert_id"].as_str().unwrap(), e))
        .collect();
    let mut sessions: HashMap<String, Vec<(i64, i64)>> = HashMap::new();
    let mut types = HashSet::new();
    for s in &stored {
        let e = &s.event;
        let a = by_id[e.event_id.as_str()];
        types.insert(a["event_type"].as_str().unwrap().to_string());
        assert_eq!(a["event_type"], e.event_type.as_str());
        assert_eq!(a["time"], e.timestamp.as_millis());
        assert_eq!(a["platform"], "Web");
        assert_eq!(a["device_id"], e.session_id.as_str());
        assert!(e.session_id.as_str().len() >= 5);
        assert_eq!(a["event_properties"], Value::Object(e.properties.clone()));
        if e.user_id == shopper.as_str() {
            assert_eq!(a["user_id"], shopper.as_str());
            assert_eq!(a["user_properties"]["persona"], persona.as_str());
            assert!(a["user_properties"]["discount_persona"].is_string());
        } else {
            assert!(a.get("user_id").is_none(), "anonymous: the device only");
            assert!(a.get("user_properties").is_none());
        }
        if e.event_type == EventType::OrderCompleted {
            assert_eq!(a["revenue"], e.properties["orderTotal"]);
        }
        sessions.entry(e.session_id.to_string()).or_default().push((
            a["session_id"].as_i64().unwrap(),
            a["time"].as_i64().unwrap(),
        ));
    }
    assert!(
        [
            "ProductViewed",
            "ProductAdded",
            "CartViewed",
            "CheckoutStarted",
            "OrderCompleted",
            "ProductSearched"
        ]
        .iter()
        .all(|t| types.contains(*t)),
        "{types:?}"
    );
    assert_eq!(sessions.len(), 2, "two browsers");
    for events in sessions.values() {
        // One Amplitude session per browser, numbered by the time of its first event.
        let first = events.iter().map(|(_, t)| *t).min().unwrap();
        assert!(events.iter().all(|(s, _)| *s == first), "{events:?}");
    }
    let _ = app.stop().await;
}

/// Product ids of a category, as an anonymous shopper sees it.
async fn products(app: &TestApp, n: usize) -> Vec<String> {
    let (_, html) = TestApp::fresh_client(app).get_page("/category/books").await;
    let ids = html.shelf("category_detail_rank").product_ids();
    assert!(ids.len() >= n);
    ids[..n].to_vec()
}

#[tokio::test]
async fn amplitude_requests_stay_under_the_limits_and_carry_each_event_once() {
    let fake = FakeAmplitude::start(API_KEY).await;
    let app = spawn_with(|s| {
        use_fake(s, &fake);
        s.amplitude.batch_event_limit = 5;
        s.amplitude.batch_byte_limit = 1_500;
        // One tracker batch of everything below, so the sink has to cut it.
        s.tracker.flush_interval_ms = 500;
    })
    .await;
    let views = 25;
    for id in products(&app, views).await {
        app.get_page(&format!("/product/{id}")).await;
    }
    let accepted = fake.wait_for(views).await;
    assert_once_each(&accepted, &own_event_ids(&app).await);
    let requests = fake.requests();
    assert!(
        requests.len() >= 7,
        "25 events need at least seven requests"
    );
    for r in &requests {
        assert_eq!(r.status, 200);
        assert!(r.events().len() < 5, "{} events", r.events().len());
        assert!(r.bytes < 1_500, "{} bytes", r.bytes);
    }
    let sink = sink_after(&app, views as u64).await;
    assert_eq!(sink["delivered"], views);
    assert_eq!(sink["failed"], 0);
    let _ = app.stop().await;
}

#[tokio::test]
async fn amplitude_throttling_and_server_errors_are_retried_and_delivered_once() {
    let fake = FakeAmplitude::start(API_KEY).await;
    fake.fail_next(&[429, 429, 503]);
    let app = spawn_with(|s| {
        use_fake(s, &fake);
        s.tracker.flush_interval_ms = 200;
    })
    .await;
    for id in products(&app, 3).await {
        app.get_page(&format!("/product/{id}")).await;
    }
    let sink = sink_after(&app, 3).await;
    assert_eq!(sink["delivered"], 3);
    assert_eq!(sink["failed"], 0);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_once_each(&fake.accepted(), &own_event_ids(&app).await);
    let statuses: Vec<u16> = fake.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses[..4], [429, 429, 503, 200], "{statuses:?}");
    let _ = app.stop().await;
}

#[tokio::test]
async fn amplitude_413_splits_the_batch_until_it_fits() {
    let fake = FakeAmplitude::start(API_KEY).await;
    fake.set_max_events(Some(3));
    let app = spawn_with(|s| {
        use_fake(s, &fake);
        s.tracker.flush_interval_ms = 500;
    })
    .await;
    let views = 10;
    for id in products(&app, views).await {
        app.get_page(&format!("/product/{id}")).await;
    }
    let sink = sink_after(&app, views as u64).await;
    assert_eq!(sink["delivered"], views);
    assert_eq!(sink["failed"], 0);
    assert_once_each(&fake.accepted(), &own_event_ids(&app).await);
    let requests = fake.requests();
    assert!(
        requests.iter().any(|r| r.status == 413),
        "split after a 413"
    );
    assert!(
        requests
            .iter()
            .filter(|r| r.status == 200)
            .all(|r| r.events().len() <= 3)
    );
    let _ = app.stop().await;
}

#[tokio::test]
async fn amplitude_400_loses_the_rejected_events_and_counts_them() {
    let fake = FakeAmplitude::start(API_KEY).await;
    fake.reject_type(Some("ProductSearched"));
    let app = spawn_with(|s| {
        use_fake(s, &fake);
        s.tracker.flush_interval_ms = 300;
    })
    .await;
    let ids = products(&app, 3).await;
    app.get_page(&format!("/product/{}", ids[0])).await;
    app.get_page("/search?q=coffee").await;
    app.get_page(&format!("/product/{}", ids[1])).await;
    // The search is refused and lost; the views around it go again and arrive.
    let sink = sink_after(&app, 3).await;
    assert_eq!(sink["delivered"], 2);
    assert_eq!(sink["failed"], 1);
    let accepted = fake.accepted();
    assert_eq!(accepted.len(), 2);
    assert!(accepted.iter().all(|e| e["event_type"] == "ProductViewed"));
    assert!(fake.requests().iter().any(|r| r.status == 400));

    // A refusal of the whole request (a wrong API key) is not retried: lost and counted.
    fake.reject_all(true);
    let before = fake.requests().len();
    app.get_page(&format!("/product/{}", ids[2])).await;
    let sink = sink_after(&app, 4).await;
    assert_eq!(sink["delivered"], 2);
    assert_eq!(sink["failed"], 2);
    assert_eq!(fake.requests().len(), before + 1, "a 400 is not retried");
    let _ = app.stop().await;
}

/// The seeded history of the last three days (before the shop started).
async fn recent_history(app: &TestApp, types: Vec<EventType>) -> (String, String, Vec<Value>) {
    let since = app.started - 3 * 86_400 * 1_000_000;
    let filter = EventFilter {
        types,
        since: Some(Timestamp::from_micros(since)),
        until: Some(Timestamp::from_micros(app.started)),
        ..Default::default()
    };
    let events: Vec<Value> = app
        .store
        .events(&filter)
        .await
        .unwrap()
        .into_iter()
        .map(|e| serde_json::to_value(e.event).unwrap())
        .collect();
    assert!(events.len() > 20, "{} events", events.len());
    (
        storefront::clock::format_rfc3339(since),
        storefront::clock::format_rfc3339(app.started),
        events,
    )
}

#[tokio::test]
async fn export_amplitude_sends_the_seeded_history_since_a_date() {
    let fake = FakeAmplitude::start(API_KEY).await;
    let app = spawn_app().await;
    let db = app.database_url.clone();
    let (since, until, history) = recent_history(&app, Vec::new()).await;
    let out = storefront()
        .args(["export", "amplitude", "--database", &db])
        .args(["--since", &since, "--until", &until])
        .args(["--amplitude-api-key", API_KEY])
        .args(["--amplitude-endpoint-url", &fake.endpoint()])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n = history.len();
    assert!(
        stdout.contains(&format!("sent {n} of {n} events")),
        "{stdout}"
    );
    assert!(stdout.contains("0 lost"), "{stdout}");

    let accepted = fake.accepted();
    let expected: HashSet<String> = history
        .iter()
        .map(|e| e["event_id"].as_str().unwrap().to_string())
        .collect();
    assert_once_each(&accepted, &expected);
    for r in fake.requests() {
        assert_eq!(r.status, 200);
        assert!(r.events().len() < 2_000 && r.bytes < 1_000_000);
    }
    let stored: HashMap<&str, &Value> = history
        .iter()
        .map(|e| (e["event_id"].as_str().unwrap(), e))
        .collect();
    let mut sessions: HashMap<&str, Vec<(i64, i64)>> = HashMap::new();
    for a in &accepted {
        let e = stored[a["insert_id"].as_str().unwrap()];
        // The history is of the store's fictional shoppers: known, with their persona.
        assert_eq!(a["user_id"], e["user_id"]);
        assert!(
            a["user_properties"]["persona"]
                .as_str()
                .is_some_and(|p| p.contains('_'))
        );
        assert_eq!(a["device_id"], e["session_id"]);
        assert_eq!(a["event_type"], e["event_type"]);
        sessions
            .entry(a["device_id"].as_str().unwrap())
            .or_default()
            .push((
                a["session_id"].as_i64().unwrap(),
                a["time"].as_i64().unwrap(),
            ));
    }
    for events in sessions.values() {
        let first = events.iter().map(|(_, t)| *t).min().unwrap();
        assert!(events.iter().all(|(s, _)| *s == first), "{events:?}");
    }
    let _ = app.stop().await;
}

#[tokio::test]
async fn export_amplitude_dry_run_writes_ndjson_and_sends_nothing() {
    let fake = FakeAmplitude::start(API_KEY).await;
    let app = spawn_app().await;
    let db = app.database_url.clone();
    let (since, _, orders) = recent_history(&app, vec![EventType::OrderCompleted]).await;
    let scratch = tempfile::tempdir().unwrap();
    let file = scratch.path().join("amplitude.ndjson");
    stdout_of(
        storefront()
            .args(["export", "amplitude", "--database", &db])
            .args(["--type", "OrderCompleted", "--since", &since])
            .args(["--amplitude-endpoint-url", &fake.endpoint()])
            .arg("--dry-run")
            .arg("--out")
            .arg(&file),
    );
    let lines = ndjson(&std::fs::read_to_string(&file).unwrap());
    assert_eq!(lines.len(), orders.len());
    for (line, order) in lines.iter().zip(&orders) {
        assert_eq!(line["event_type"], "OrderCompleted");
        assert_eq!(line["insert_id"], order["event_id"]);
        assert_eq!(line["revenue"], order["properties"]["orderTotal"]);
        assert!(line["user_id"].is_string() && line["session_id"].is_i64());
    }
    assert!(fake.requests().is_empty(), "a dry run sends nothing");

    // Sending needs an API key.
    let out = storefront()
        .args(["export", "amplitude", "--database", &db])
        .args(["--amplitude-endpoint-url", &fake.endpoint()])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("API key"));
    assert!(fake.requests().is_empty());
    let _ = app.stop().await;
}
