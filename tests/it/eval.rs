//! `storefront eval` over several split seeds (`--split-seeds`): per-seed rows and mean ± std,
//! in the table and the JSON, on a tiny data set of two groups of shoppers; and
//! seed lists it refuses, with a message and a failing exit code.

use std::io::Write;

use crate::helpers::*;

/// Two groups of shoppers who never mix: 6 take the four items a1–a4, 30 take b1–b4. Under the
/// MS Recommenders split each shopper keeps round(0.75 · 4) = 3 items to train and one to test,
/// and their three training items are removed from their list.
fn two_groups() -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    writeln!(file, "user_id,item_id,timestamp,rating").unwrap();
    let mut t = 1_000_000;
    for (group, shoppers) in [("a", 6), ("b", 30)] {
        for u in 0..shoppers {
            for i in 1..=4 {
                t += 1;
                writeln!(file, "{group}-user-{u},{group}{i},{t},5").unwrap();
            }
        }
    }
    file.flush().unwrap();
    file
}

const NDCG: &str = "normalized_discounted_cumulative_gain_at_10";

fn eval_json(file: &std::path::Path, seeds: &str) -> serde_json::Value {
    let out = stdout_of(storefront().args([
        "eval",
        "--file",
        file.to_str().unwrap(),
        "--protocol",
        "ms-recommenders",
        "--split-seeds",
        seeds,
        "--json",
    ]));
    serde_json::from_str(&out).unwrap()
}

fn result<'a>(json: &'a serde_json::Value, prefix: &str) -> &'a serde_json::Value {
    json["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["algorithm"].as_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix} row in {json}"))
}

#[test]
fn split_seeds_report_each_seed_and_their_mean_and_deviation() {
    let file = two_groups();
    let json = eval_json(file.path(), "42,3,4");
    assert_eq!(json["split_seeds"], serde_json::json!([42, 3, 4]));
    assert_eq!(json["users"], 36);
    assert_eq!(json["items"], 8);

    // Each row: one result per seed, on every test shopper, and a mean and sample deviation that
    // are those of the per-seed rows.
    for prefix in ["ease(λ=15,", "ease(λ=250,keep", "popularity"] {
        let ease = result(&json, prefix);
        let per_seed = ease["per_seed"].as_array().unwrap();
        let seeds: Vec<u64> = per_seed
            .iter()
            .map(|s| s["seed"].as_u64().unwrap())
            .collect();
        assert_eq!(seeds, vec![42, 3, 4]);
        let values: Vec<f64> = per_seed
            .iter()
            .map(|s| {
                assert_eq!(s["test_users"], 36);
                s["metrics"][NDCG].as_f64().unwrap()
            })
            .collect();
        let mean = values.iter().sum::<f64>() / 3.0;
        let std = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 2.0).sqrt();
        assert!(
            (ease["mean"][NDCG].as_f64().unwrap() - mean).abs() < 1e-12,
            "{prefix}"
        );
        assert!(
            (ease["std"][NDCG].as_f64().unwrap() - std).abs() < 1e-12,
            "{prefix}"
        );
    }
}

#[test]
fn the_table_shows_mean_and_deviation_then_one_line_per_seed() {
    let file = two_groups();
    let out = stdout_of(storefront().args([
        "eval",
        "--file",
        file.path().to_str().unwrap(),
        "--protocol",
        "ms-recommenders",
        "--split-seeds",
        "5,6",
    ]));
    assert!(out.contains("split seeds 5,6"), "{out}");
    // The mean line, then one line per seed, for each row.
    for prefix in ["ease(λ=15,", "ease(λ=250,keep", "popularity"] {
        let mean = out
            .lines()
            .find(|l| l.starts_with(prefix) && !l.contains("[seed"))
            .unwrap_or_else(|| panic!("no {prefix} line in {out}"));
        assert!(mean.contains(" ± "), "{mean}");
        for seed in [5, 6] {
            assert!(
                out.lines()
                    .any(|l| l.starts_with(prefix) && l.contains(&format!("[seed {seed}]"))),
                "no {prefix} seed {seed} line in {out}"
            );
        }
    }
}

#[test]
fn bad_seed_lists_fail_with_a_clear_message() {
    let file = two_groups();
    for (seeds, says) in [
        ("", "empty seed"),
        ("42,,3", "empty seed"),
        ("42,x", "\"x\" is not a seed"),
        ("3,3", "seed 3 is given twice"),
    ] {
        let out = storefront()
            .args([
                "eval",
                "--file",
                file.path().to_str().unwrap(),
                "--protocol",
                "ms-recommenders",
                "--split-seeds",
                seeds,
            ])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{seeds:?} was accepted");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("--split-seeds") && stderr.contains(says),
            "{seeds:?}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{seeds:?} printed results");
    }
    // --seed and --split-seeds together: which one was meant is not clear.
    let both = storefront()
        .args([
            "eval",
            "--file",
            file.path().to_str().unwrap(),
            "--seed",
            "1",
            "--split-seeds",
            "2,3",
        ])
        .output()
        .unwrap();
    assert_eq!(both.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&both.stderr).contains("cannot be used with"));
}
