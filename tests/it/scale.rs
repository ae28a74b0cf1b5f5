//! The scale smoke test (issue 16's first step): a generated catalog larger than the seeds,
//! deterministic, loads into a database with its synthetic history and answers search through
//! the CLI. The big sizes are benchmarks (docs/BENCHMARKS.md), not tests.

use crate::helpers::*;

const PRODUCTS: &str = "3000";
const SHOPPERS: &str = "400";

fn generate(out: &std::path::Path) -> String {
    stdout_of(
        storefront()
            .args([
                "generate-seeds",
                "--products",
                PRODUCTS,
                "--shoppers",
                SHOPPERS,
            ])
            .args(["--seed", "99", "--out"])
            .arg(out),
    )
}

#[test]
fn a_generated_catalog_of_any_size_loads_with_its_history_and_is_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let said = generate(&a);
    assert!(
        said.contains("wrote 3000 products and 400 shoppers"),
        "{said}"
    );
    generate(&b);
    for file in ["categories.yaml", "products.yaml", "users.json.gz"] {
        assert!(
            std::fs::read(a.join(file)).unwrap() == std::fs::read(b.join(file)).unwrap(),
            "{file} is the same for the same seed"
        );
    }

    let database = crate::testdb::empty_database(dir.path());
    let seeded = stdout_of(
        storefront()
            .args(["seed", "--database", &database.url, "--catalog"])
            .arg(&a)
            .args(["--history-interactions", "6000"]),
    );
    assert!(seeded.contains("seeded"), "{seeded}");
    let stored_events = || {
        ndjson(&stdout_of(storefront().args([
            "events",
            "--database",
            &database.url,
            "--format",
            "ndjson",
            "--source",
            "all",
        ])))
    };
    let events = stored_events();
    assert!(
        (5_000..=12_000).contains(&events.len()),
        "about 6,000 interactions of history, got {} events",
        events.len()
    );
    let catalog_ids: std::collections::HashSet<String> =
        std::fs::read_to_string(a.join("products.yaml"))
            .unwrap()
            .lines()
            .filter_map(|l| {
                l.strip_prefix("- id: ")
                    .or_else(|| l.strip_prefix("  id: "))
            })
            .map(|id| id.trim_matches(|c| c == '"' || c == '\'').to_string())
            .collect();
    assert_eq!(catalog_ids.len(), 3000);
    let about_catalog = events
        .iter()
        .filter_map(|e| e["item_id"].as_str())
        .filter(|id| catalog_ids.contains(*id))
        .count();
    assert!(
        about_catalog > 0,
        "the history is about the generated products"
    );

    // Naming another catalog to a command that works on the store is refused, and changes
    // nothing: the store keeps its catalog and history.
    let other = dir.path().join("other");
    stdout_of(
        storefront()
            .args(["generate-seeds", "--products", "40", "--shoppers", "10"])
            .arg("--out")
            .arg(&other),
    );
    let refused = storefront()
        .args(["train", "--database", &database.url, "--catalog"])
        .arg(&other)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{said}");
    assert!(
        said.contains("holds another catalog") && said.contains("storefront seed --catalog"),
        "{said}"
    );

    // The model large catalogs train, on this one: it trains, keeps weights and, measured
    // offline on the same history, recommends as well as dense EASE and better than popularity.
    // Without `--catalog`, `train` trains on the catalog the store holds.
    let trained = stdout_of(
        storefront()
            .env("STOREFRONT_ENGINE__ITEM_MODEL", "neighbourhood")
            .args(["train", "--json", "--database", &database.url]),
    );
    let trained: serde_json::Value = serde_json::from_str(&trained).expect("JSON");
    assert_eq!(trained["item_model"], "neighbourhood", "{trained}");
    assert_eq!(trained["items"], 3000, "{trained}");
    assert_eq!(
        stored_events().len(),
        events.len(),
        "the history is as it was"
    );
    assert!(
        trained["ease_weights"].as_u64().unwrap_or(0) > 1000,
        "{trained}"
    );
    let eval = stdout_of(storefront().args(["eval", "--json", "--database", &database.url]));
    let eval: serde_json::Value = serde_json::from_str(&eval).expect("JSON");
    let ndcg = |prefix: &str| {
        eval["results"]
            .as_array()
            .and_then(|rows| {
                rows.iter().find(|r| {
                    r["algorithm"]
                        .as_str()
                        .is_some_and(|a| a.starts_with(prefix))
                })
            })
            .and_then(|r| r["metrics"]["normalized_discounted_cumulative_gain_at_10"].as_f64())
            .unwrap_or_else(|| panic!("no {prefix} row in {eval}"))
    };
    let (nbr, dense, popular) = (ndcg("ease-nbr"), ndcg("ease("), ndcg("popularity"));
    assert!(
        nbr >= 0.9 * dense && nbr > popular,
        "neighbourhood EASE {nbr} against dense EASE {dense} and popularity {popular}: {eval}"
    );

    let scores = stdout_of(
        storefront()
            .args(["search-eval", "--json", "--catalog"])
            .arg(&a),
    );
    let scores: serde_json::Value = serde_json::from_str(&scores).expect("JSON");
    let precision = scores["summary"]["precision_at_5"]
        .as_f64()
        .unwrap_or_default();
    assert!(precision > 0.8, "search on the generated catalog: {scores}");
}
