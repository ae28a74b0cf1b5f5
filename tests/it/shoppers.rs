//! Simulated shoppers (`storefront shoppers`) against a real shop: their visits go through the
//! pages and forms, the shop records the events (marked, with `feature` from the links), training's
//! export skips them, a better strategy wins an experiment they take part in, and bad input gets
//! a clear message.

use serde_json::Value;
use storefront::db::EventFilter;
use storefront::events::EventType;

use crate::helpers::{TestApp, spawn_app, spawn_with, stdout_of, storefront};

/// Runs the CLI off the runtime's thread, so the shop on this runtime keeps answering.
async fn run(args: Vec<String>) -> std::process::Output {
    tokio::task::spawn_blocking(move || storefront().args(&args).output().expect("run"))
        .await
        .expect("joined")
}

async fn crowd(app: &TestApp, extra: &[&str]) -> Value {
    let mut args: Vec<String> = ["shoppers", "--url", &app.address, "--json"]
        .iter()
        .map(ToString::to_string)
        .collect();
    args.extend(extra.iter().map(ToString::to_string));
    let out = run(args).await;
    assert!(
        out.status.success(),
        "shoppers failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

fn count(report: &Value, key: &str) -> u64 {
    report[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} in {report}"))
}

#[tokio::test]
async fn a_crowd_browses_through_the_pages_and_the_shop_records_what_it_did() {
    let app = spawn_app().await;
    let report = crowd(
        &app,
        &[
            "--count",
            "40",
            "--concurrency",
            "2",
            "--seed",
            "7",
            "--label",
            "it-run",
        ],
    )
    .await;
    for key in [
        "sessions",
        "page_views",
        "events",
        "orders",
        "errors",
        "conversion_rate",
    ] {
        assert!(report.get(key).is_some(), "{key} missing from {report}");
    }
    assert_eq!(count(&report, "sessions"), 40);
    assert_eq!(count(&report, "errors"), 0);
    assert_eq!(count(&report, "failures"), 0);
    assert!(count(&report, "page_views") > 40, "{report}");
    assert!(
        count(&report, "emulated") > 0,
        "some visits emulate a stored shopper"
    );
    assert!(count(&report, "emulated") < 40, "some are anonymous");
    let clicks = count(&report, "clicks");
    assert!(clicks > 0, "{report}");

    // The shop recorded every action, marked with the run: as many of each kind as the
    // shoppers saw happen (polled until the tracker's last batch is written).
    let filter = EventFilter {
        simulated: Some(true),
        ..EventFilter::default()
    };
    let expected = [
        (EventType::ProductSearched, "searches"),
        (EventType::ProductViewed, "product_views"),
        (EventType::ProductAdded, "adds"),
        (EventType::ProductRemoved, "removals"),
        (EventType::CartViewed, "cart_views"),
        (EventType::CheckoutStarted, "checkouts"),
        (EventType::OrderCompleted, "orders"),
    ];
    let mut events = Vec::new();
    for _ in 0..100 {
        events = app.store.events(&filter).await.expect("events");
        let all_there = expected.iter().all(|(t, key)| {
            events.iter().filter(|e| e.event.event_type == *t).count() as u64 == count(&report, key)
        });
        if all_there {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    for (t, key) in expected {
        let recorded = events.iter().filter(|e| e.event.event_type == t).count() as u64;
        assert_eq!(recorded, count(&report, key), "{t:?} against {key}");
    }
    let shop_actions = events
        .iter()
        .filter(|e| e.event.event_type != EventType::ExperimentExposure)
        .count() as u64;
    assert_eq!(shop_actions, count(&report, "events"));
    let of_run: Vec<_> = events
        .iter()
        .filter(|e| e.event.simulation_run() == Some("it-run"))
        .collect();
    assert_eq!(
        of_run.len(),
        events.len(),
        "every simulated event names its run"
    );
    // Each click came from a card's link, so its view carries the shelf it was on (the page an
    // add-to-cart's redirect lands on records no view).
    let featured_views: Vec<&str> = of_run
        .iter()
        .filter(|e| e.event.event_type == EventType::ProductViewed)
        .filter_map(|e| e.event.properties.get("feature").and_then(Value::as_str))
        .filter(|f| !f.is_empty())
        .collect();
    assert_eq!(featured_views.len() as u64, clicks);
    let by_feature = report["clicks_by_feature"]
        .as_object()
        .expect("clicks by shelf");
    for feature in by_feature.keys() {
        assert!(
            featured_views.contains(&feature.as_str()),
            "{feature} clicked but not recorded"
        );
    }
    // Stored shoppers shop under their own ids, as a presenter emulating them would.
    let shoppers = app.store.load_shoppers().await.expect("shoppers");
    assert!(
        of_run
            .iter()
            .any(|e| shoppers.iter().any(|s| s.id == e.event.user_id))
    );

    // Training's data leaves them out: the Personalize export has none of the run's visitors.
    let dir = tempfile::tempdir().expect("dir");
    stdout_of(
        storefront()
            .args([
                "export",
                "personalize",
                "--database",
                &app.database_url,
                "--out",
            ])
            .arg(dir.path()),
    );
    let interactions =
        std::fs::read_to_string(dir.path().join("interactions.csv")).expect("interactions.csv");
    let anonymous: Vec<&str> = of_run
        .iter()
        .map(|e| e.event.user_id.as_str())
        .filter(|id| !shoppers.iter().any(|s| s.id.as_str() == *id))
        .collect();
    assert!(!anonymous.is_empty());
    assert!(
        anonymous
            .iter()
            .all(|id| !interactions.contains(&format!("{id},")))
    );
}

/// The shelf under an experiment between the engine and a random shelf: simulated shoppers
/// click the engine's cards more, and the experiment's own results say so.
#[tokio::test]
async fn embedded_beats_random_on_the_home_shelf() {
    let app = spawn_with(|s| s.experiments.refresh_interval_ms = 100).await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("ab.yaml");
    std::fs::write(
        &file,
        "name: engine-vs-random\nshelf: home_product_recs\ntype: ab\nmetric: click_through\nvariations:\n  - {name: random, strategy: random}\n  - {name: engine, strategy: embedded}\n",
    )
    .expect("write");
    let cli = |args: &[&str]| {
        let mut c = storefront();
        c.args(args).arg("--database").arg(&app.database_url);
        c
    };
    let created: Value = serde_json::from_str(&stdout_of(&mut cli(&[
        "experiment",
        "create",
        file.to_str().expect("path"),
        "--json",
    ])))
    .expect("json");
    let id = created["id"].as_i64().expect("id").to_string();
    stdout_of(&mut cli(&["experiment", "start", &id]));
    // Let the shop see the experiment (it re-reads them every refresh interval).
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let params = dir.path().join("home.yaml");
    std::fs::write(
        &params,
        "arrival: {home: 1.0, category: 0.0, search: 0.0}\n",
    )
    .expect("write");
    let report = crowd(
        &app,
        &[
            "--count",
            "300",
            "--concurrency",
            "2",
            "--seed",
            "11",
            "--params",
            params.to_str().expect("path"),
        ],
    )
    .await;
    assert_eq!(count(&report, "errors"), 0);
    // The events reach the table through the tracker; then the results read them.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let results: Value = serde_json::from_str(&stdout_of(&mut cli(&[
        "experiment",
        "results",
        &id,
        "--json",
    ])))
    .expect("json");
    let arm = |k: usize| &results["variations"][k];
    let exposed = |k: usize| arm(k)["exposed"].as_u64().expect("exposed");
    assert!(exposed(0) > 100 && exposed(1) > 100, "{results}");
    let rate = |k: usize| arm(k)["rate"].as_f64().expect("rate");
    assert!(
        rate(1) > rate(0),
        "engine {} vs random {}",
        rate(1),
        rate(0)
    );
    let p = results["p_value"].as_f64().expect("a p-value");
    assert!(p < 0.01, "p = {p}: {results}");
    assert_eq!(results["srm_flagged"], false, "{results}");
    // The same exposures, tested for a secondary outcome.
    let purchase: Value = serde_json::from_str(&stdout_of(&mut cli(&[
        "experiment",
        "results",
        &id,
        "--json",
        "--metric",
        "add_to_cart",
    ])))
    .expect("json");
    assert_eq!(purchase["metric"], "add_to_cart");
    assert_eq!(purchase["variations"][0]["exposed"], arm(0)["exposed"]);
    assert_eq!(purchase["variations"][1]["rate"], arm(1)["add_to_cart"]);
    let out = cli(&["experiment", "results", &id, "--metric", "joy"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--metric \"joy\""));
}

#[tokio::test]
async fn bad_input_gets_a_clear_message_and_a_failure() {
    // Nothing listens there.
    let out = run(vec![
        "shoppers".into(),
        "--url".into(),
        "http://127.0.0.1:9".into(),
        "--count".into(),
        "1".into(),
    ])
    .await;
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot reach"), "{stderr}");

    // Something answers, but not the shop: an error page, then a page without the contract.
    let app = spawn_app().await;
    let out = run(vec![
        "shoppers".into(),
        "--url".into(),
        app.url("/no-such-shop"),
        "--count".into(),
        "1".into(),
    ])
    .await;
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("does not answer as the shop does") && stderr.contains("404"),
        "{stderr}"
    );

    for (args, expect) in [
        (vec!["--count", "0"], "--count must be at least 1"),
        (vec!["--duration", "soon"], "--duration"),
        (vec!["--concurrency", "0"], "--concurrency"),
        (vec!["--url", "localhost:8080"], "--url"),
        (vec!["--label", "my run"], "--label"),
    ] {
        let mut all = vec!["shoppers".to_string(), "--url".into(), app.address.clone()];
        all.extend(args.iter().map(ToString::to_string));
        // A later --url wins over the first.
        let out = run(all).await;
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expect), "{args:?}: {stderr}");
    }
    let dir = tempfile::tempdir().expect("dir");
    let params = dir.path().join("bad.yaml");
    std::fs::write(&params, "attention_decay: 2\n").expect("write");
    let out = run(vec![
        "shoppers".into(),
        "--url".into(),
        app.address.clone(),
        "--params".into(),
        params.to_string_lossy().into_owned(),
    ])
    .await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("attention_decay"));
    // Nothing was recorded by any of it.
    let filter = EventFilter {
        simulated: Some(true),
        ..EventFilter::default()
    };
    assert!(app.store.events(&filter).await.expect("events").is_empty());
}
