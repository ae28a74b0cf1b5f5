//! Fuzzing the shop's parsers through its pages: arbitrary query strings on every GET route and
//! arbitrary form bodies (with the session's CSRF token, so they reach the form parsers) on
//! every POST route. No answer may be a 5xx. Ignored by `cargo test`: `bash benches/fuzz.sh`
//! runs it for a bounded time (`FUZZ_SECONDS`, default 60) with a seed it prints.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use crate::helpers::*;

/// Text a parser might choke on: anything, URL-escaped or not, with the form's own fields.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(any::<u8>(), 0..64)
            .prop_map(|b| b.iter().map(|x| format!("%{x:02X}")).collect()),
        Just(String::new()),
        (0..2_000usize).prop_map(|n| "9".repeat(n)),
        Just("-1".to_string()),
        Just("1e9".to_string()),
        Just("%".to_string()),
    ]
    .boxed()
}

const FIELDS: [&str; 16] = [
    "product_id",
    "quantity",
    "feature",
    "shopper_id",
    "mode",
    "interest",
    "age",
    "email",
    "password",
    "first_name",
    "name",
    "address1",
    "zipcode",
    "country",
    "checkout_key",
    "q",
];

/// A form body: some known fields with odd values, some odd names, sometimes raw bytes.
fn body() -> BoxedStrategy<Vec<(String, String)>> {
    let field = prop_oneof![
        prop::sample::select(&FIELDS[..]).prop_map(str::to_string),
        any::<String>(),
    ];
    prop::collection::vec((field, text()), 0..12).boxed()
}

fn encode(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~%".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
#[ignore = "a bounded-time fuzz run: bash benches/fuzz.sh"]
async fn arbitrary_forms_and_queries_never_cause_a_server_error() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| storefront::clock::now_micros() as u64);
    println!("fuzz seed {seed} (FUZZ_SEED={seed} repeats this run)");
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
    );
    let app = spawn_app().await;
    let product = product_in(&app, "books", 0).await;
    let mut token = app.csrf_token().await;
    let posts: Vec<String> = storefront::web::post_paths()
        .map(|p| p.replace("{id}", "x"))
        .collect();
    let gets: Vec<String> = storefront::web::ENDPOINTS
        .iter()
        .filter(|e| e.method == actix_web::http::Method::GET)
        .map(|e| {
            e.path
                .replace("{id}", &product)
                .replace("{name}", "books")
                .replace("{file}", &format!("{product}.svg"))
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut requests, mut failures) = (0u64, Vec::new());
    let mut statuses = std::collections::BTreeMap::<(&str, u16), u64>::new();
    while Instant::now() < deadline {
        let query = body().new_tree(&mut runner).unwrap().current();
        let form = body().new_tree(&mut runner).unwrap().current();
        let pick = (requests as usize) % (gets.len() + posts.len());
        let (method, path, sent) = if pick < gets.len() {
            let url = format!("{}?{}", gets[pick], encode(&query));
            let r = app.client.get(app.url(&url)).send().await.unwrap();
            ("GET", url, r)
        } else {
            let path = &posts[pick - gets.len()];
            let mut fields = form.clone();
            // The token, so the body reaches the form's own parser.
            fields.push(("csrf_token".into(), token.clone()));
            let r = app
                .client
                .post(app.url(path))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(encode(&fields))
                .send()
                .await
                .unwrap();
            ("POST", path.clone(), r)
        };
        requests += 1;
        *statuses
            .entry((method, sent.status().as_u16()))
            .or_default() += 1;
        if sent.status() == 403 {
            // A sign-in or sign-out renewed the session and its token.
            token = app.csrf_token().await;
        }
        if sent.status().is_server_error() {
            failures.push(format!("{method} {path} {:?}: {}", form, sent.status()));
        }
    }
    println!(
        "fuzz: {requests} requests in {seconds} s, {} server errors",
        failures.len()
    );
    println!("answers by method and status: {statuses:?}");
    assert!(failures.is_empty(), "{failures:#?}");
}
