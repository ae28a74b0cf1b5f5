//! `storefront eval` over several split seeds (`--split-seeds`): per-seed rows and mean ± std,
//! in the table and the JSON, on a tiny data set whose answers can be worked out by hand; and
//! seed lists it refuses, with a message and a failing exit code.

use std::io::Write;

use crate::helpers::*;

/// Two groups of shoppers who never mix: 6 take the four items a1–a4, 30 take b1–b4. Under the
/// MS Recommenders split each shopper keeps round(0.75 · 4) = 3 items to train and one to test,
/// and their three training items are removed from their list. So an a-shopper's candidates are
/// their one unseen a-item and the four b-items (far more popular), and a b-shopper's their
/// unseen b-item and the four a-items.
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

    // EASE's weights never cross the groups (the Gram's blocks are apart), so each shopper's
    // one unseen item of their own group is the only item scored above zero: first in the list,
    // on every seed. NDCG@10 = 1, P@10 = 1/10, recall@10 = 1, for the shop's EASE and the
    // textbook one alike.
    for prefix in ["ease(λ=15,", "ease(λ=250,keep"] {
        let ease = result(&json, prefix);
        let per_seed = ease["per_seed"].as_array().unwrap();
        let seeds: Vec<u64> = per_seed
            .iter()
            .map(|s| s["seed"].as_u64().unwrap())
            .collect();
        assert_eq!(seeds, vec![42, 3, 4]);
        for s in per_seed {
            assert_eq!(s["test_users"], 36);
            assert_eq!(s["metrics"][NDCG], 1.0, "{prefix}: {s}");
            assert!((s["metrics"]["precision_at_10"].as_f64().unwrap() - 0.1).abs() < 1e-12);
            assert_eq!(s["metrics"]["recall_at_10"], 1.0);
        }
        assert_eq!(ease["mean"][NDCG], 1.0);
        assert_eq!(ease["std"][NDCG], 0.0);
    }

    // Popularity puts the four b-items before an a-shopper's own unseen item (each b-item is
    // trained on by the b-shoppers who did not draw it for their test, about 22 of 30; an
    // a-item by at most 5): fifth place, NDCG 1/log2(6) for the 6 a-shoppers, and first place,
    // NDCG 1, for the 30 b-shoppers.
    let popularity = result(&json, "popularity");
    let expected = (6.0 / 6f64.log2() + 30.0) / 36.0;
    let per_seed = popularity["per_seed"].as_array().unwrap();
    for s in per_seed {
        let v = s["metrics"][NDCG].as_f64().unwrap();
        assert!((v - expected).abs() < 1e-9, "seed {}: {v}", s["seed"]);
    }
    // The mean and deviation are those of the rows above.
    let values: Vec<f64> = per_seed
        .iter()
        .map(|s| s["metrics"]["map"].as_f64().unwrap())
        .collect();
    let mean = values.iter().sum::<f64>() / 3.0;
    let std = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 2.0).sqrt();
    assert!((popularity["mean"]["map"].as_f64().unwrap() - mean).abs() < 1e-12);
    assert!((popularity["std"]["map"].as_f64().unwrap() - std).abs() < 1e-12);
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
    let ease_mean = out
        .lines()
        .find(|l| l.starts_with("ease(λ=15,") && !l.contains("[seed"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(ease_mean.contains("1.0000 ± 0.0000"), "{ease_mean}");
    for seed in [5, 6] {
        let line = out
            .lines()
            .find(|l| l.starts_with("ease(λ=15,") && l.contains(&format!("[seed {seed}]")))
            .unwrap_or_else(|| panic!("no seed {seed} line in {out}"));
        assert!(line.contains("1.0000"), "{line}");
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
