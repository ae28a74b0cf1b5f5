//! Experiments over HTTP and the CLI: operator access, creation with bad input, assignment,
//! exposure, attribution, results for each type, the bandit's allocation and interleaving's
//! credit.

use std::time::Duration;

use serde_json::Value;
use storefront::db::EventFilter;
use storefront::events::{Actor, Event, EventType};

use crate::helpers::{TestApp, spawn_with, stdout_of, storefront};
use crate::page::Page;

const TOKEN: &str = "operator-token-for-tests-0123456789";

async fn spawn_operated() -> TestApp {
    spawn_with(|s| {
        s.experiments.operator_token = Some(TOKEN.to_string().into());
        s.experiments.refresh_interval_ms = 100;
        s.experiments.bandit_interval_secs = 1;
        s.experiments.bandit_draws = 2_000;
    })
    .await
}

/// Signs this test's browser in as the operator.
async fn sign_in_operator(app: &TestApp) {
    let token = {
        let (status, page) = app.get_page("/experiments/signin").await;
        assert_eq!(status, 200);
        page.attr("form[data-operator-signin] input[name=csrf_token]", "value")
    };
    let r = app
        .client
        .post(app.url("/experiments/signin"))
        .form(&[("csrf_token", token.as_str()), ("token", TOKEN)])
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), 200, "signed in and sent to the list");
    assert!(r.url().path().ends_with("/experiments"), "{}", r.url());
}

/// The form fields of an A/B experiment on the home shelf.
fn ab_form<'a>(name: &'a str, shelf: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("shelf", shelf),
        ("type", "ab"),
        ("metric", "click_through"),
        ("v0_name", "control"),
        ("v0_strategy", "popular"),
        ("v0_weight", "1"),
        ("v1_name", "personalized"),
        ("v1_strategy", "embedded"),
        ("v1_weight", "1"),
    ]
}

/// Creates through the operator form; the new experiment's id.
async fn create(app: &TestApp, fields: &[(&str, &str)]) -> i64 {
    let r = app.post_form("/experiments/new", fields).await;
    assert_eq!(r.status(), 200, "created and redirected");
    let path = r.url().path().to_string();
    path.rsplit('/')
        .next()
        .unwrap()
        .parse()
        .expect("an id in the address")
}

async fn start(app: &TestApp, id: i64) {
    let r = app
        .post_form(&format!("/experiments/{id}/start"), &[])
        .await;
    assert_eq!(r.status(), 200);
    let page = Page::of(r).await;
    assert_eq!(
        page.attr("[data-experiment-page]", "data-status"),
        "running"
    );
}

async fn results_json(app: &TestApp, id: i64) -> Value {
    app.client
        .get(app.url(&format!("/experiments/{id}/results.json")))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("JSON")
}

#[tokio::test]
async fn shoppers_never_reach_the_experiment_pages() {
    // Without an operator token the pages do not exist.
    let closed = crate::helpers::spawn_app().await;
    for path in [
        "/experiments",
        "/experiments/new",
        "/experiments/1",
        "/experiments/signin",
    ] {
        assert_eq!(closed.get(path).await.status(), 404, "{path}");
    }

    let app = spawn_operated().await;
    let id = {
        let store = &app.store;
        let spec = storefront::experiments::ExperimentSpec::from_yaml(
            "name: secret\nshelf: home_product_recs\ntype: ab\nmetric: click_through\nvariations:\n  - {name: a, strategy: popular}\n  - {name: b, strategy: embedded}\n",
        )
        .unwrap();
        storefront::experiments::manage::create(store, &spec)
            .await
            .unwrap()
    };
    let shopper = crate::helpers::client();
    for path in [
        "/experiments".to_string(),
        "/experiments/new".to_string(),
        format!("/experiments/{id}"),
        format!("/experiments/{id}/results.json"),
    ] {
        let r = shopper.get(app.url(&path)).send().await.unwrap();
        // Sent to the operator sign-in, which shows nothing of the experiments.
        assert!(
            r.url().path().ends_with("/experiments/signin"),
            "{path}: {}",
            r.url()
        );
        let page = Page::of(r).await;
        assert!(page.has("form[data-operator-signin]"), "{path}");
        assert!(
            !page.has("[data-experiment-list]") && !page.has("[data-results]"),
            "{path}"
        );
    }
    // A wrong bearer token is no better; a wrong sign-in token is refused.
    let r = shopper
        .get(app.url(&format!("/experiments/{id}/results.json")))
        .bearer_auth("not-the-token-at-all")
        .send()
        .await
        .unwrap();
    assert!(r.url().path().ends_with("/experiments/signin"));
    let r = app
        .post_form("/experiments/signin", &[("token", "guess-guess-guess")])
        .await;
    assert_eq!(r.status(), 401);
    // A shopper's start is not an operator's: the experiment stays a draft.
    let r = app
        .post_form(&format!("/experiments/{id}/start"), &[])
        .await;
    assert!(r.url().path().ends_with("/experiments/signin"));
    let stored = app.store.experiment(id).await.unwrap().unwrap();
    assert_eq!(stored.status.as_str(), "draft");
}

#[tokio::test]
async fn bad_experiments_are_refused_naming_the_field_and_store_nothing() {
    let app = spawn_operated().await;
    sign_in_operator(&app).await;
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (ab_form("x1", "the_moon"), "shelf"),
        (
            ab_form("x2", "home_product_recs")
                .into_iter()
                .map(|(k, v)| {
                    if k == "v1_strategy" {
                        (k, "magic")
                    } else {
                        (k, v)
                    }
                })
                .collect(),
            "variations[1].strategy",
        ),
        (
            ab_form("x3", "home_product_recs")
                .into_iter()
                .map(|(k, v)| if k == "v0_weight" { (k, "-1") } else { (k, v) })
                .collect(),
            "variations[0].weight",
        ),
        (
            ab_form("x4", "home_product_recs")
                .into_iter()
                .filter(|(k, _)| !k.starts_with("v1"))
                .collect(),
            "variations",
        ),
    ];
    for (fields, field) in cases {
        let r = app.post_form("/experiments/new", &fields).await;
        assert_eq!(r.status(), 400, "{field}");
        let page = Page::of(r).await;
        assert_eq!(page.attr("[data-error-field]", "data-error-field"), field);
        assert!(page.text_of("[data-error-field]").starts_with(field));
    }
    assert!(
        app.store.experiments().await.unwrap().is_empty(),
        "nothing stored"
    );

    // A second running experiment on the same shelf is refused.
    let first = create(&app, &ab_form("first", "home_product_recs")).await;
    start(&app, first).await;
    let second = create(&app, &ab_form("second", "home_product_recs_cold")).await;
    let r = app
        .post_form(&format!("/experiments/{second}/start"), &[])
        .await;
    let page = Page::of(r).await;
    assert_eq!(page.attr("[data-experiment-page]", "data-status"), "draft");
    assert!(
        page.text_of(".flash").contains("already running"),
        "{}",
        page.text_of(".flash")
    );
    // A name used twice is refused too.
    let r = app
        .post_form("/experiments/new", &ab_form("first", "search_results"))
        .await;
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn an_ab_shelf_is_sticky_exposes_once_and_attributes_its_clicks() {
    let app = spawn_operated().await;
    sign_in_operator(&app).await;
    let id = create(&app, &ab_form("home-ab", "home_product_recs")).await;
    // No data yet: the results page says so.
    let (_, page) = app.get_page(&format!("/experiments/{id}")).await;
    assert_eq!(page.attr("[data-verdict]", "data-verdict"), "no_data");
    start(&app, id).await;

    // The shelf carries the experiment and this shopper's variation, on every reload.
    let (_, home) = app.get_page("/").await;
    let shelf = home.section("[data-experiment]");
    assert_eq!(shelf.attr("data-experiment"), "home-ab");
    let variation = shelf.attr("data-variation");
    assert!(variation == "control" || variation == "personalized");
    for _ in 0..3 {
        let (_, again) = app.get_page("/").await;
        assert_eq!(again.attr("[data-experiment]", "data-variation"), variation);
    }
    // One exposure, however often the shelf was shown.
    app.count_own_events().await;
    let exposures = app.events_of(EventType::ExperimentExposure, 1).await;
    assert_eq!(exposures.len(), 1);
    let e = &exposures[0].event;
    assert_eq!(e.properties["experiment"], id);
    assert_eq!(e.properties["variation"], variation.as_str());
    assert_eq!(e.properties["feature"], "home_product_recs");
    assert_eq!(e.properties["items"].as_array().map(Vec::len), Some(12));

    // Following a card records its correlation id on the view.
    let link = shelf.section("a.name").attr("href");
    let expected_variation = if variation == "control" { 0 } else { 1 };
    assert!(
        link.contains(&format!("&exp={id}~{expected_variation}~0")),
        "{link}"
    );
    app.get(&link).await;
    // A forged id naming the other variation is dropped.
    let product = link.split('?').next().unwrap();
    let forged = format!(
        "{product}?feature=home_product_recs&exp={id}~{}~1",
        1 - expected_variation
    );
    app.get(&forged).await;
    let views = app.events_of(EventType::ProductViewed, 2).await;
    let ids: Vec<&str> = views
        .iter()
        .map(|v| {
            v.event.properties["experimentCorrelationId"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(ids, [format!("{id}~{expected_variation}~0").as_str(), ""]);

    // The results count this shopper once, with a click.
    app.count_own_events().await;
    let results = results_json(&app, id).await;
    let arms = results["variations"].as_array().unwrap();
    let mine = arms
        .iter()
        .find(|v| v["name"] == variation.as_str())
        .unwrap();
    assert_eq!(mine["exposed"], 1);
    assert_eq!(mine["conversions"], 1);
    assert_eq!(results["exposed"], 1);
    assert_eq!(results["verdict"]["code"], "not_enough_data");

    // Sticky across sessions: the same shopper (emulated) in another browser, then after a
    // restart of the shop on the same database.
    let (shopper, _) = crate::helpers::emulate(&app, "footwear").await;
    let (_, home) = app.get_page("/").await;
    let emulated_variation = home.attr("[data-experiment]", "data-variation");
    let other = TestApp::fresh_client(&app);
    other
        .post_form("/profile/save", &[("shopper_id", shopper.as_str())])
        .await;
    let (_, home) = other.get_page("/").await;
    assert_eq!(
        home.attr("[data-experiment]", "data-variation"),
        emulated_variation
    );
}

#[tokio::test]
async fn outcomes_before_the_first_exposure_do_not_count() {
    let app = spawn_operated().await;
    sign_in_operator(&app).await;
    let id = create(
        &app,
        &[
            ("name", "atc"),
            ("shelf", "product_detail_related"),
            ("type", "ab"),
            ("metric", "add_to_cart"),
            ("v0_name", "same"),
            ("v0_strategy", "baseline"),
            ("v1_name", "engine"),
            ("v1_strategy", "embedded"),
        ],
    )
    .await;
    start(&app, id).await;
    // An add to cart straight from a category page, before any product page showed the shelf.
    let product = crate::helpers::product_in(&app, "footwear", 0).await;
    let r = app
        .post_form(
            "/cart/add",
            &[("product_id", product.as_str()), ("quantity", "1")],
        )
        .await;
    assert!(r.status().is_success());
    app.count_own_events().await;
    // That add landed on the product page (the redirect): now the shopper is exposed.
    let results = results_json(&app, id).await;
    assert_eq!(results["exposed"], 1);
    let added: u64 = results["variations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["conversions"].as_u64().unwrap())
        .sum();
    assert_eq!(added, 0, "the add came before the exposure");
    // An add after the exposure counts.
    app.post_form(
        "/cart/add",
        &[("product_id", product.as_str()), ("quantity", "1")],
    )
    .await;
    app.count_own_events().await;
    let results = results_json(&app, id).await;
    let added: u64 = results["variations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["conversions"].as_u64().unwrap())
        .sum();
    assert_eq!(added, 1);
}

fn exposure(user: &str, experiment: i64, variation: &str) -> Event {
    let actor = Actor {
        user_id: user.into(),
        session_id: format!("s-{user}").into(),
        anonymous: false,
        simulation: None,
    };
    Event::new(EventType::ExperimentExposure, &actor, None)
        .with("experiment", experiment)
        .with("experimentName", "skewed")
        .with("variation", variation)
        .with("feature", "home_featured_rerank")
}

#[tokio::test]
async fn the_cli_creates_starts_reads_and_flags_a_skewed_split() {
    let app = spawn_operated().await;
    let dir = tempfile::tempdir().unwrap();
    let cli = |args: &[&str]| {
        let mut c = storefront();
        c.args(args).arg("--database").arg(&app.database_url);
        c
    };
    // A malformed file and a bad field: a message naming the field, nothing stored.
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "name: skewed\nshelf: nowhere\ntype: ab\nmetric: purchase\nvariations:\n  - {name: a, strategy: natural}\n  - {name: b, strategy: popular}\n").unwrap();
    let out = cli(&["experiment", "create", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("shelf: unknown shelf 'nowhere'"),
        "{stderr}"
    );
    std::fs::write(&bad, "name: [unclosed").unwrap();
    let out = cli(&["experiment", "create", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("file:"));
    assert!(app.store.experiments().await.unwrap().is_empty());

    let file = dir.path().join("skewed.yaml");
    std::fs::write(&file, "name: skewed\nshelf: home_featured_rerank\ntype: ab\nmetric: purchase\nvariations:\n  - {name: a, strategy: natural}\n  - {name: b, strategy: popular}\n").unwrap();
    let created: Value = serde_json::from_str(&stdout_of(&mut cli(&[
        "experiment",
        "create",
        file.to_str().unwrap(),
        "--json",
    ])))
    .unwrap();
    let id = created["id"].as_i64().expect("an id");
    stdout_of(&mut cli(&["experiment", "start", &id.to_string()]));
    let listed = stdout_of(&mut cli(&["experiment", "list"]));
    assert!(
        listed.contains("running") && listed.contains("skewed"),
        "{listed}"
    );
    // Starting it again is refused.
    let out = cli(&["experiment", "start", &id.to_string()])
        .output()
        .unwrap();
    assert!(!out.status.success());

    // 700 against 300 on a 50/50 split: a sample-ratio mismatch.
    let events: Vec<Event> = (0..1000)
        .map(|k| exposure(&format!("srm-{k}"), id, if k < 700 { "a" } else { "b" }))
        .collect();
    app.store.insert_events(&events).await.unwrap();
    let results: Value = serde_json::from_str(&stdout_of(&mut cli(&[
        "experiment",
        "results",
        &id.to_string(),
        "--json",
    ])))
    .unwrap();
    assert_eq!(results["variations"][0]["exposed"], 700);
    assert_eq!(results["variations"][1]["exposed"], 300);
    assert!(results["srm_p_value"].as_f64().unwrap() < 1e-6);
    assert_eq!(results["srm_flagged"], true);
    assert_eq!(results["verdict"]["code"], "srm");
    for key in ["lift", "p_value", "srm_p_value"] {
        assert!(results.get(key).is_some(), "{key}");
    }
    for key in [
        "name",
        "strategy",
        "exposed",
        "conversions",
        "rate",
        "ci_low",
        "ci_high",
    ] {
        assert!(results["variations"][0].get(key).is_some(), "{key}");
    }
    // The page shows the banner in place of a verdict.
    sign_in_operator(&app).await;
    let (_, page) = app.get_page(&format!("/experiments/{id}")).await;
    assert!(page.has("[data-srm]"));
    stdout_of(&mut cli(&["experiment", "stop", &id.to_string()]));
    let sample = stdout_of(storefront().args([
        "experiment",
        "sample-size",
        "--baseline",
        "0.05",
        "--mde",
        "0.1",
        "--json",
    ]));
    let n: Value = serde_json::from_str(&sample).unwrap();
    assert!(n["per_variation"].as_u64().unwrap() > 10_000, "{sample}");
}

/// A deterministic coin for the simulated clicks.
fn coin(k: u64, p: f64) -> bool {
    let mut z = k.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    ((z >> 11) as f64 / (1u64 << 53) as f64) < p
}

#[tokio::test]
async fn a_bandit_moves_traffic_to_the_better_arm() {
    let app = spawn_operated().await;
    sign_in_operator(&app).await;
    let id = create(
        &app,
        &[
            ("name", "bandit"),
            ("shelf", "home_product_recs"),
            ("type", "bandit"),
            ("metric", "click_through"),
            ("v0_name", "weak"),
            ("v0_strategy", "natural"),
            ("v1_name", "strong"),
            ("v1_strategy", "popular"),
        ],
    )
    .await;
    start(&app, id).await;
    let mut shown = [0u32; 2];
    let mut late = [0u32; 2];
    let rounds = 10;
    for round in 0..rounds {
        for k in 0..24u64 {
            let browser = TestApp::fresh_client(&app);
            let (_, home) = browser.get_page("/").await;
            let shelf = home.section("[data-experiment]");
            let strong = shelf.attr("data-variation") == "strong";
            shown[usize::from(strong)] += 1;
            if round >= rounds - 4 {
                late[usize::from(strong)] += 1;
            }
            // Shoppers click the strong arm's shelf often and the weak one's rarely.
            if coin(round * 1000 + k, if strong { 0.6 } else { 0.05 }) {
                browser
                    .get_page(&shelf.section("a.name").attr("href"))
                    .await;
            }
        }
        // Let a period pass so the bandit rebalances.
        tokio::time::sleep(Duration::from_millis(1100)).await;
    }
    app.count_own_events().await;
    let results = results_json(&app, id).await;
    let shares = results["allocations"].as_array().unwrap();
    assert!(shares.len() >= 3, "{results}");
    let last = shares.last().unwrap()["shares"][1].as_f64().unwrap();
    assert!(last > 0.8, "the strong arm's share ended at {last}");
    assert!(
        late[1] > late[0] * 2,
        "late traffic {late:?}, all {shown:?}"
    );
    // The floor keeps the weak arm explored.
    assert!(shares.last().unwrap()["shares"][0].as_f64().unwrap() >= 0.0099);
    let p_best = results["variations"][1]["p_best"].as_f64().unwrap();
    assert!(p_best > 0.9, "{p_best}");
    let (status, page) = app.get_page(&format!("/experiments/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.has("[data-chart=allocation]"));
}

#[tokio::test]
async fn interleaving_credits_the_ranker_that_contributed_the_clicked_card() {
    let app = spawn_operated().await;
    sign_in_operator(&app).await;
    let id = create(
        &app,
        &[
            ("name", "rank-il"),
            ("shelf", "category_detail_rank"),
            ("type", "interleaving"),
            ("metric", "click_through"),
            ("v0_name", "catalog"),
            ("v0_strategy", "natural"),
            ("v1_name", "shuffled"),
            ("v1_strategy", "random"),
        ],
    )
    .await;
    start(&app, id).await;
    let (_, page) = app.get_page("/category/footwear").await;
    let list = page.section("[data-experiment]");
    assert_eq!(list.attr("data-variation"), "interleaved");
    let rankers = list.attrs("data-ranker");
    assert!(rankers.iter().any(|r| r == "catalog") && rankers.iter().any(|r| r == "shuffled"));
    // Click two cards the second ranker contributed (and none of the first's).
    let cards = list.select_all("article.card");
    let labels = list.select_all("[data-ranker]");
    let mut clicked = 0;
    for (card, label) in cards.iter().zip(&labels) {
        if label.attr("data-ranker") == "shuffled" && clicked < 2 {
            let href = card.section("a.name").attr("href");
            assert!(href.contains(&format!("&exp={id}~1~")), "{href}");
            app.get(&href).await;
            clicked += 1;
        }
    }
    assert_eq!(clicked, 2);
    app.count_own_events().await;
    let results = results_json(&app, id).await;
    assert_eq!(results["wins"], 0);
    assert_eq!(results["losses"], 1, "{results}");
    assert_eq!(results["ties"], 0);
    assert_eq!(results["delta"], -0.5);
    assert_eq!(results["variations"][1]["conversions"], 1);
    let (status, page) = app.get_page(&format!("/experiments/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.has("[data-interleaving]"));
    // A shopper's list shows the same merge on a reload.
    let (_, again) = app.get_page("/category/footwear").await;
    assert_eq!(
        again.section("[data-experiment]").product_ids(),
        list.product_ids()
    );
}

#[tokio::test]
async fn the_results_page_renders_for_every_type_and_the_form_calculates() {
    let app = spawn_operated().await;
    sign_in_operator(&app).await;
    let (status, page) = app
        .get_page("/experiments/new?calc_baseline=0.05&calc_mde=0.1")
        .await;
    assert_eq!(status, 200);
    assert!(page.text_of("[data-sample-size]").contains("per variation"));
    for (name, kind, shelf) in [
        ("t-ab", "ab", "search_results"),
        ("t-il", "interleaving", "home_featured_rerank"),
        ("t-bandit", "bandit", "home_trending"),
    ] {
        let mut fields = ab_form(name, shelf);
        for f in &mut fields {
            if f.0 == "type" {
                f.1 = kind;
            }
        }
        let id = create(&app, &fields).await;
        start(&app, id).await;
        let (status, page) = app.get_page(&format!("/experiments/{id}")).await;
        assert_eq!(status, 200, "{kind}");
        assert_eq!(
            page.attr("[data-verdict]", "data-verdict"),
            "no_data",
            "{kind}"
        );
    }
    let (_, list) = app.get_page("/experiments").await;
    assert_eq!(list.select_all("[data-experiment-list] tbody tr").len(), 3);
    // The exposures of the other shelves land too.
    app.get_page("/").await;
    let (_, category) = app.get_page("/category/footwear").await;
    let name = category.text_of("[data-feature] a.name");
    let word = name.split_whitespace().last().unwrap().to_string();
    app.get_page(&format!("/search?q={word}")).await;
    app.count_own_events().await;
    let exposures = app
        .wait_for_events(
            &EventFilter {
                types: vec![EventType::ExperimentExposure],
                ..app.own_events()
            },
            3,
        )
        .await;
    let mut features: Vec<String> = exposures
        .iter()
        .map(|e| e.event.properties["feature"].as_str().unwrap().to_string())
        .collect();
    features.sort();
    assert_eq!(
        features,
        ["home_featured_rerank", "home_trending", "search_results"]
    );
}

#[tokio::test]
async fn two_instances_on_one_database_serve_the_same_experiment_alike() {
    let first = spawn_operated().await;
    let database = first.database_url.clone();
    let second = spawn_with(|s| {
        s.database_url = database;
        s.experiments.operator_token = Some(TOKEN.to_string().into());
        s.experiments.refresh_interval_ms = 100;
    })
    .await;
    // Started from the first instance's store (as the CLI would): both pick it up.
    let spec = storefront::experiments::ExperimentSpec::from_yaml(
        "name: shared\nshelf: home_product_recs\ntype: ab\nmetric: click_through\nvariations:\n  - {name: a, strategy: popular}\n  - {name: b, strategy: natural}\n  - {name: c, strategy: random}\n",
    )
    .unwrap();
    let id = storefront::experiments::manage::create(&first.store, &spec)
        .await
        .unwrap();
    storefront::experiments::manage::start(&first.store, id)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    // The same shoppers (emulated in a browser on each instance) get the same variations.
    let shoppers: Vec<String> = first
        .store
        .load_shoppers()
        .await
        .unwrap()
        .into_iter()
        .take(8)
        .map(|s| s.id.to_string())
        .collect();
    let mut seen = std::collections::HashSet::new();
    for shopper in &shoppers {
        let mut variations = Vec::new();
        for app in [&first, &second] {
            let browser = TestApp::fresh_client(app);
            browser
                .post_form("/profile/save", &[("shopper_id", shopper.as_str())])
                .await;
            let (_, home) = browser.get_page("/").await;
            variations.push(home.attr("[data-experiment]", "data-variation"));
        }
        assert_eq!(variations[0], variations[1], "{shopper}");
        seen.insert(variations[0].clone());
    }
    assert!(
        seen.len() >= 2,
        "eight shoppers split over three variations: {seen:?}"
    );
    // Stopped on one, gone from both.
    storefront::experiments::manage::stop(&second.store, id)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    for app in [&first, &second] {
        let (_, home) = app.get_page("/").await;
        assert!(!home.has("[data-experiment]"));
    }
}
