//! Amazon Personalize through the real AWS SDK clients, against the fake server: shelves it
//! answers, fallbacks when it fails or is slow, PutEvents mapping and batching, the dataset
//! export and `storefront personalize check`.

use std::collections::HashSet;
use std::time::Duration;

use serde_json::Value;
use storefront::config::{RecommenderKind, Settings};
use storefront::events::EventType;

use crate::fake_personalize::{Behaviour, FakePersonalize};
use crate::helpers::*;

const RECS_ARN: &str = "arn:aws:personalize:us-east-1:123456789012:recommender/recommended-for-you";
const RELATED_ARN: &str = "arn:aws:personalize:us-east-1:123456789012:campaign/sims";
const RANKING_ARN: &str =
    "arn:aws:personalize:us-east-1:123456789012:campaign/personalized-ranking";
const POPULAR_ARN: &str = "arn:aws:personalize:us-east-1:123456789012:recommender/most-viewed";
const FILTER_ARN: &str = "arn:aws:personalize:us-east-1:123456789012:filter/exclude-purchased";
const TRACKING_ID: &str = "f0e1d2c3-tracking";

/// Points the shop at the fake with static test credentials; `arns` picks the use-cases.
fn use_fake(s: &mut Settings, fake: &FakePersonalize, arns: &[&str]) {
    s.engine.recommender = RecommenderKind::Personalize;
    let p = &mut s.personalize;
    p.region = Some("us-east-1".into());
    p.endpoint_url = Some(fake.url.clone());
    p.access_key_id = Some("AKIDTEST".into());
    p.secret_access_key = Some("test-secret".to_string().into());
    p.timeout_ms = 2_000;
    for arn in arns {
        match *arn {
            RECS_ARN => p.recommendations_arn = Some(arn.to_string()),
            RELATED_ARN => p.related_arn = Some(arn.to_string()),
            RANKING_ARN => p.ranking_arn = Some(arn.to_string()),
            POPULAR_ARN => p.popular_arn = Some(arn.to_string()),
            _ => unreachable!(),
        }
    }
    p.filter_arn = Some(FILTER_ARN.into());
    p.filter_values = [("CATEGORY".to_string(), "\"books\"".to_string())].into();
    p.context = [("DEVICE".to_string(), "web".to_string())].into();
    p.tracking_id = Some(TRACKING_ID.into());
}

/// Product ids of one category, in catalog order, from an anonymous visit.
async fn ids_of(app: &TestApp, category: &str) -> Vec<String> {
    let browser = Browser {
        app,
        client: client(),
    };
    let (_, page) = browser.get_page(&format!("/category/{category}")).await;
    page.shelf("category_detail_rank").product_ids()
}

async fn healthz(app: &TestApp) -> Value {
    app.get("/healthz").await.json().await.expect("json")
}

fn stat<'a>(health: &'a Value, use_case: &str) -> &'a Value {
    health["personalize"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["use_case"] == use_case))
        .expect("counters for the use-case")
}

#[tokio::test]
async fn personalize_answers_every_configured_shelf_through_the_sdk() {
    let fake = FakePersonalize::start(Vec::new()).await;
    let app =
        spawn_with(|s| use_fake(s, &fake, &[RECS_ARN, RELATED_ARN, RANKING_ARN, POPULAR_ARN]))
            .await;
    let books = ids_of(&app, "books").await;
    fake.set_items(books.clone());
    let (id, _) = emulate(&app, "jewelry").await;

    // User recommendations: the fake's items in its order, though the shopper likes jewelry.
    let (status, home) = app.get_page("/").await;
    assert_eq!(status, 200);
    assert_eq!(
        home.shelf("home_product_recs").product_ids(),
        books[..12].to_vec()
    );
    assert_eq!(
        shelf_badge(&home, "home_product_recs"),
        "personalize · recommended-for-you"
    );
    let call = &fake.requests("/recommendations").await[0].body;
    assert_eq!(call["recommenderArn"], RECS_ARN);
    assert_eq!(call["userId"], id.as_str());
    assert_eq!(call["filterArn"], FILTER_ARN);
    assert_eq!(call["filterValues"]["CATEGORY"], "\"books\"");
    assert_eq!(call["context"]["DEVICE"], "web");
    // 12 shown, 8 more asked for so that sold-out items can be left out.
    assert_eq!(call["numResults"], 20);
    assert!(call.get("campaignArn").is_none());

    // Featured shelf re-ranked: the fake reverses what it is given.
    let ranking = fake.requests("/personalize-ranking").await;
    let asked: Vec<&str> = ranking[0].body["inputList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(ranking[0].body["campaignArn"], RANKING_ARN);
    assert_eq!(ranking[0].body["context"]["DEVICE"], "web");
    let mut reversed: Vec<String> = asked
        .iter()
        .rev()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(home.shelf("home_featured_rerank").product_ids(), reversed);

    // A category page: at most 500 items go to Personalize; all come back, once.
    let (_, page) = app.get_page("/category/books").await;
    let ranked = fake.requests("/personalize-ranking").await;
    let input: Vec<String> = ranked.last().unwrap().body["inputList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert!(input.len() <= 500);
    assert_eq!(
        input[..books.len()],
        books[..],
        "the whole category, in its natural order"
    );
    reversed = input.iter().rev().take(48).cloned().collect();
    assert_eq!(page.shelf("category_detail_rank").product_ids(), reversed);

    // Related items by item id, without the product itself.
    let product = &books[20];
    let (_, page) = app.get_page(&format!("/product/{product}")).await;
    let related = fake
        .requests("/recommendations")
        .await
        .last()
        .unwrap()
        .body
        .clone();
    assert_eq!(related["itemId"], product.as_str());
    assert_eq!(related["campaignArn"], RELATED_ARN);
    assert!(related.get("filterArn").is_none() && related.get("context").is_none());
    let shown = page.shelf("product_detail_related").product_ids();
    assert_eq!(shown.len(), 8);
    assert!(!shown.contains(product));
    assert_eq!(
        shelf_badge(&page, "product_detail_related"),
        "personalize · sims"
    );

    let health = healthz(&app).await;
    // The home page after saving the profile, and this one.
    assert_eq!(stat(&health, "recommendations")["answered"], 2);
    assert_eq!(stat(&health, "recommendations")["fallbacks"], 0);
    let _ = app.stop().await;
}

#[tokio::test]
async fn personalize_promotes_through_its_promotions_parameter() {
    const PROMOTION_FILTER: &str =
        "arn:aws:personalize:us-east-1:123456789012:filter/promoted-items";
    let fake = FakePersonalize::start(Vec::new()).await;
    let app = spawn_with(|s| {
        use_fake(s, &fake, &[RECS_ARN]);
        s.personalize.promotion_filter_arn = Some(PROMOTION_FILTER.into());
    })
    .await;
    let books = ids_of(&app, "books").await;
    let tools: Vec<String> = ids_of(&app, "tools")
        .await
        .into_iter()
        .filter(|id| seed_stock(id).is_some_and(|left| left > 0))
        .collect();
    fake.set_items(books.clone());
    fake.set_promoted(tools[..5].to_vec());
    emulate(&app, "jewelry").await;

    let (_, home) = app.get_page("/").await;
    let call = &fake.requests("/recommendations").await[0].body;
    assert_eq!(call["promotions"][0]["name"], "promoted");
    assert_eq!(call["promotions"][0]["percentPromotedItems"], 25);
    assert_eq!(call["promotions"][0]["filterArn"], PROMOTION_FILTER);
    // Personalize's own promoted items carry the banner; the shop adds none of its own. It
    // asked for 20 (12 and some to spare for sold-out items): 5 promoted, 3 of them shown.
    let shelf = home.shelf("home_product_recs");
    let cards = shelf.select_all(".card");
    let bannered: Vec<String> = cards
        .iter()
        .filter(|c| c.has("[data-promoted]"))
        .map(|c| c.attr("data-product-id"))
        .collect();
    assert_eq!(bannered, tools[..3].to_vec());
}

#[tokio::test]
async fn errors_and_a_slow_personalize_leave_the_embedded_engine_answering() {
    let fake = FakePersonalize::start(Vec::new()).await;
    let app = spawn_with(|s| {
        use_fake(s, &fake, &[RECS_ARN, RELATED_ARN]);
        s.personalize.timeout_ms = 150;
        s.personalize.breaker_failures = 3;
        s.personalize.breaker_cooldown_secs = 600;
    })
    .await;
    fake.set_items(ids_of(&app, "books").await);
    emulate(&app, "jewelry").await;

    for (behaviour, says) in [
        (
            Behaviour::Fail(400, "InvalidInputException"),
            "400 InvalidInputException",
        ),
        (
            Behaviour::Fail(404, "ResourceNotFoundException"),
            "404 ResourceNotFoundException",
        ),
        (Behaviour::Slow(Duration::from_secs(3)), "timed out"),
    ] {
        fake.set(behaviour);
        let (status, home) = app.get_page("/").await;
        assert_eq!(status, 200);
        let badge = shelf_badge(&home, "home_product_recs");
        assert!(
            badge.starts_with("embedded · ") && badge.contains(says),
            "{says}: {badge}"
        );
        assert_eq!(home.shelf("home_product_recs").product_ids().len(), 12);
    }
    let health = healthz(&app).await;
    let recs = stat(&health, "recommendations");
    assert_eq!(recs["errors"], 2);
    assert_eq!(recs["timeouts"], 1);
    assert_eq!(recs["breaker_is_open"], true, "three failures in a row");

    // Open: the next page does not call Personalize at all.
    fake.set(Behaviour::Answer);
    let before = fake.requests("/recommendations").await.len();
    let (_, home) = app.get_page("/").await;
    assert!(shelf_badge(&home, "home_product_recs").contains("circuit open"));
    assert_eq!(fake.requests("/recommendations").await.len(), before);
    let health = healthz(&app).await;
    assert_eq!(stat(&health, "recommendations")["breaker_open"], 1);
    assert_eq!(stat(&health, "recommendations")["fallbacks"], 4);

    // Related items have their own breaker, still closed: Personalize answers them.
    let product = &ids_of(&app, "books").await[3];
    let (_, page) = app.get_page(&format!("/product/{product}")).await;
    assert_eq!(
        shelf_badge(&page, "product_detail_related"),
        "personalize · sims"
    );
    let _ = app.stop().await;
}

#[tokio::test]
async fn mixed_setups_use_personalize_only_where_configured() {
    let fake = FakePersonalize::start(Vec::new()).await;
    let app = spawn_with(|s| use_fake(s, &fake, &[RELATED_ARN])).await;
    let books = ids_of(&app, "books").await;
    fake.set_items(books.clone());
    let (_, home) = app.get_page("/").await;
    assert!(shelf_badge(&home, "home_product_recs_cold").starts_with("embedded · "));
    let (_, page) = app.get_page(&format!("/product/{}", books[0])).await;
    assert_eq!(
        shelf_badge(&page, "product_detail_related"),
        "personalize · sims"
    );
    assert!(fake.requests("/personalize-ranking").await.is_empty());
    assert_eq!(fake.requests("/recommendations").await.len(), 1);
    let _ = app.stop().await;
}

/// Every PutEvents call's events, flattened, with the call's session and user.
async fn sent(fake: &FakePersonalize) -> Vec<(Value, Value)> {
    fake.requests("/events")
        .await
        .into_iter()
        .flat_map(|r| {
            let call = r.body.clone();
            r.body["eventList"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(move |e| (call.clone(), e))
        })
        .collect()
}

#[tokio::test]
async fn store_events_reach_put_events_mapped_field_by_field() {
    let fake = FakePersonalize::start(Vec::new()).await;
    let app = spawn_with(|s| use_fake(s, &fake, &[RECS_ARN])).await;
    let books = ids_of(&app, "books").await;
    fake.set_items(books.clone());
    let (shopper, _) = emulate(&app, "jewelry").await;

    // A view from the Personalize shelf carries its recommendation id and impression.
    let (_, home) = app.get_page("/").await;
    let recs = home.shelf("home_product_recs");
    let shelf = recs.product_ids();
    let link = recs
        .section(&format!("[data-product-id=\"{}\"] a.name", shelf[2]))
        .attr("href");
    let href = format!("/product/{}?feature=home_product_recs", shelf[2]);
    assert!(link.starts_with(&href), "{link}");
    assert!(
        link.contains("&rid=RID-fake-") && link.contains("&imp="),
        "{link}"
    );
    app.get_page(&link).await;
    app.post_form("/cart/add", &[("product_id", &shelf[2]), ("quantity", "1")])
        .await;
    app.post_form("/cart/add", &[("product_id", &shelf[5]), ("quantity", "2")])
        .await;
    let (_, _) = app.get_page("/cart").await;
    checkout_prefilled(&app).await;
    app.events_of(EventType::OrderCompleted, 1).await;

    // Wait for the last of them, the order's two Purchase interactions: a count of all sent
    // can be reached before they are (the cart is viewed more than once).
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let purchases = |sent: &[(Value, Value)]| {
        sent.iter()
            .filter(|(_, e)| e["eventType"] == "Purchase")
            .count()
    };
    while purchases(&sent(&fake).await) < 2 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let events = sent(&fake).await;
    for r in fake.requests("/events").await {
        assert_eq!(r.body["trackingId"], TRACKING_ID);
        assert_eq!(r.body["userId"], shopper.as_str(), "a known shopper's id");
        assert!(r.body["sessionId"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(r.body["eventList"].as_array().unwrap().len() <= 10);
    }
    let of = |t: &str| -> Vec<&Value> {
        events
            .iter()
            .map(|(_, e)| e)
            .filter(|e| e["eventType"] == t)
            .collect()
    };
    let view = of("View")[0];
    assert_eq!(view["itemId"], shelf[2].as_str());
    assert!(
        view["recommendationId"]
            .as_str()
            .unwrap()
            .starts_with("RID-fake-")
    );
    let impression: Vec<&str> = view["impression"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        impression,
        shelf.iter().map(String::as_str).collect::<Vec<_>>()
    );
    let properties: Value = serde_json::from_str(view["properties"].as_str().unwrap()).unwrap();
    assert!(matches!(
        properties["discount"].as_str(),
        Some("Yes" | "No")
    ));
    let sent_at = view["sentAt"].as_f64().unwrap();
    assert!(
        (sent_at - app.started as f64 / 1e6).abs() < 120.0,
        "sentAt in seconds"
    );
    assert!(view["eventId"].as_str().is_some_and(|s| !s.is_empty()));

    let added: HashSet<&str> = of("AddToCart")
        .iter()
        .map(|e| e["itemId"].as_str().unwrap())
        .collect();
    assert_eq!(added, HashSet::from([shelf[2].as_str(), shelf[5].as_str()]));
    for t in ["ViewCart", "StartCheckout", "Purchase"] {
        let items: HashSet<&str> = of(t)
            .iter()
            .map(|e| e["itemId"].as_str().unwrap())
            .collect();
        assert_eq!(items, added, "{t}: one interaction per line");
        assert!(of(t).iter().all(|e| e.get("recommendationId").is_none()));
    }
    let ids: HashSet<&str> = events
        .iter()
        .map(|(_, e)| e["eventId"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), events.len(), "event ids are unique");
    let _ = app.stop().await;
}

#[tokio::test]
async fn events_go_ten_per_call_once_each_and_anonymous_shoppers_send_no_user_id() {
    let fake = FakePersonalize::start(Vec::new()).await;
    let app = spawn_with(|s| {
        use_fake(s, &fake, &[RECS_ARN]);
        // One batch of everything below, so the sink has to split it.
        s.tracker.flush_interval_ms = 500;
    })
    .await;
    let books = ids_of(&app, "books").await;
    let views = 25;
    for id in books.iter().take(views) {
        app.get_page(&format!("/product/{id}")).await;
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while sent(&fake).await.len() < views && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let calls = fake.requests("/events").await;
    assert!(calls.len() >= 3, "25 events need at least three calls");
    for call in &calls {
        assert!(call.body["eventList"].as_array().unwrap().len() <= 10);
        assert!(
            call.body.get("userId").is_none(),
            "anonymous: the session only"
        );
    }
    let viewed: Vec<String> = sent(&fake)
        .await
        .iter()
        .map(|(_, e)| e["itemId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(viewed, books[..views].to_vec(), "each once, in order");
    let health = healthz(&app).await;
    let sink = health["events"]["sinks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["sink"] == "personalize")
        .unwrap()
        .clone();
    assert_eq!(sink["delivered"], views);
    assert_eq!(sink["dropped"], 0);
    let _ = app.stop().await;
}

#[tokio::test]
async fn personalize_check_calls_each_resource_with_credentials_from_the_aws_chain() {
    let fake = FakePersonalize::start(vec!["x".into()]).await;
    let app = spawn_app().await;
    let db = app.database_url.clone();
    let run = |fake_url: &str| {
        storefront()
            .args(["personalize", "check", "--database", &db])
            .args(["--personalize-endpoint-url", fake_url])
            .args(["--personalize-recommendations-arn", RECS_ARN])
            .args(["--personalize-ranking-arn", RANKING_ARN])
            .args(["--personalize-region", "us-east-1"])
            // The standard chain: credentials from the environment.
            .env("AWS_ACCESS_KEY_ID", "AKIDTEST")
            .env("AWS_SECRET_ACCESS_KEY", "test-secret")
            .env_remove("AWS_PROFILE")
            .output()
            .expect("run")
    };
    let out = run(&fake.url);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("recommendations") && stdout.contains("answered"));
    assert!(stdout.contains(RANKING_ARN));
    assert_eq!(fake.requests("/recommendations").await.len(), 1);
    assert_eq!(fake.requests("/personalize-ranking").await.len(), 1);

    fake.set(Behaviour::Fail(404, "ResourceNotFoundException"));
    let out = run(&fake.url);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("FAILED: answered 404 ResourceNotFoundException")
    );
    let _ = app.stop().await;
}

/// A CSV line split into fields (quotes as the exporter writes them).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[tokio::test]
async fn the_export_writes_three_datasets_that_match_their_schemas() {
    let app = spawn_app().await;
    let db = app.database_url.clone();
    let scratch = tempfile::tempdir().unwrap();
    let out_dir = scratch.path().join("export");
    let out = storefront()
        .args(["export", "personalize", "--database", &db, "--out"])
        .arg(&out_dir)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    for (name, record, min_rows) in [
        ("items", "Items", 2_000),
        ("users", "Users", 5_000),
        ("interactions", "Interactions", 50_000),
    ] {
        let schema: Value = serde_json::from_str(
            &std::fs::read_to_string(out_dir.join(format!("{name}-schema.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(schema["type"], "record");
        assert_eq!(schema["name"], record);
        assert_eq!(schema["namespace"], "com.amazonaws.personalize.schema");
        assert_eq!(schema["version"], "1.0");
        let fields = schema["fields"].as_array().unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        let csv = std::fs::read_to_string(out_dir.join(format!("{name}.csv"))).unwrap();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next().unwrap(),
            names.join(","),
            "{name}: header = schema"
        );
        let mut rows = 0;
        for line in lines {
            let values = csv_fields(line);
            assert_eq!(values.len(), fields.len(), "{name}: {line}");
            for (f, v) in fields.iter().zip(&values) {
                let nullable = f["type"].is_array();
                let kind = if nullable { &f["type"][1] } else { &f["type"] };
                if v.is_empty() {
                    assert!(nullable, "{name}.{}: empty but not nullable", f["name"]);
                    continue;
                }
                let ok = match kind.as_str().unwrap() {
                    "string" => true,
                    "int" => v.parse::<i32>().is_ok(),
                    "long" => v.parse::<i64>().is_ok(),
                    "float" => v.parse::<f32>().is_ok(),
                    other => panic!("unexpected type {other}"),
                };
                assert!(ok, "{name}.{} = {v}", f["name"]);
            }
            rows += 1;
        }
        assert!(rows >= min_rows, "{name}: {rows} rows");
    }
    let interactions = std::fs::read_to_string(out_dir.join("interactions.csv")).unwrap();
    let types: HashSet<&str> = interactions
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    assert!(types.contains("View") && types.contains("Purchase"));
    assert!(types.is_subset(&HashSet::from([
        "View",
        "AddToCart",
        "UpdateQuantity",
        "ViewCart",
        "StartCheckout",
        "Purchase"
    ])));
    let _ = app.stop().await;
}
