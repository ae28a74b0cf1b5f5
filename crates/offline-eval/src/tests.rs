//! End-to-end tests: Popularity through both protocols on data whose answer is known exactly.

use super::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

/// 100 users with the same time-ordered history c0..c7, then a private item own_u, then c8 (the
/// newest, i.e. each test user's truth). Items are interned c0..c8 first, then own_0..own_99.
fn personalize_world() -> Dataset {
    let mut rows = Vec::new();
    for u in 0..100 {
        for j in 0..8 {
            rows.push((format!("u{u}"), format!("c{j}"), j, 1.0));
        }
    }
    for u in 0..100 {
        rows.push((format!("u{u}"), "c8".to_string(), 10, 1.0));
    }
    for u in 0..100 {
        rows.push((format!("u{u}"), format!("own{u}"), 9, 1.0));
    }
    Dataset::from_triples(rows)
}

#[test]
fn popularity_under_personalize_protocol() {
    // Training = the 90 training users: c0..c8 have 90 interactions each (ties → index order),
    // the training users' own items 1 each. So every test user gets [c0..c8, 16 own items] and
    // their truth {c8} sits at rank 9:
    //   mrr@25 = 1/9, ndcg@5 = 0, ndcg@10 = ndcg@25 = 1/log2(10) (ideal: 1 hit at rank 1),
    //   p@5 = 0, p@10 = 1/10, p@25 = 1/25, coverage = 25 distinct items / 109 items.
    let d = personalize_world();
    assert_eq!((d.n_users(), d.n_items()), (100, 109));
    let mut algorithms: Vec<Box<dyn Algorithm>> = vec![Box::new(Popularity::new())];
    let options = EvalOptions {
        protocol: Protocol::Personalize,
        seed: 5,
        max_test_users: None,
    };
    let rows = evaluate(&d, &mut algorithms, &options);
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.algorithm, "popularity");
    assert_eq!(row.test_users, 10);
    assert_eq!(row.invalid_recommendations, 0);
    let keys: Vec<&str> = row.metrics.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "coverage",
            "mean_reciprocal_rank_at_25",
            "normalized_discounted_cumulative_gain_at_10",
            "normalized_discounted_cumulative_gain_at_25",
            "normalized_discounted_cumulative_gain_at_5",
            "precision_at_10",
            "precision_at_25",
            "precision_at_5"
        ]
    );
    let m = |k: &str| row.metrics[k];
    assert!(close(m("mean_reciprocal_rank_at_25"), 1.0 / 9.0));
    assert_eq!(m("normalized_discounted_cumulative_gain_at_5"), 0.0);
    assert!(close(
        m("normalized_discounted_cumulative_gain_at_10"),
        1.0 / 10f64.log2()
    ));
    assert!(close(
        m("normalized_discounted_cumulative_gain_at_25"),
        1.0 / 10f64.log2()
    ));
    assert_eq!(m("precision_at_5"), 0.0);
    assert!(close(m("precision_at_10"), 0.1));
    assert!(close(m("precision_at_25"), 0.04));
    assert!(close(m("coverage"), 25.0 / 109.0));
    assert!(row.fit_seconds >= 0.0 && row.recommend_micros_median >= 0.0);
}

/// 40 users who each interacted with the same 8 items a0..a7 (stratified: 6 train, 2 test).
/// The splitter shuffles every same-sized user with the same permutation, so each user's items
/// are rotated by the user index: each item is then a test item for exactly 10 users.
fn ms_world() -> Dataset {
    let rows = (0..40)
        .flat_map(|u| (0..8).map(move |j| (format!("u{u}"), format!("a{}", (u + j) % 8), j, 1.0)));
    Dataset::from_triples(rows)
}

#[test]
fn popularity_under_ms_protocol() {
    // Every item has 30 training interactions, and after removing a user's 6 training items only
    // their 2 test items remain: both are recommended, at ranks 1 and 2. Hence ndcg@10 = 1,
    // precision@10 = 2/10, recall@10 = 1, map = map@10 = 1 for every user.
    let d = ms_world();
    let mut algorithms: Vec<Box<dyn Algorithm>> = vec![Box::new(Popularity::new())];
    let options = EvalOptions {
        protocol: Protocol::MsRecommenders,
        seed: 42,
        max_test_users: None,
    };
    let row = &evaluate(&d, &mut algorithms, &options)[0];
    assert_eq!(row.test_users, 40);
    let keys: Vec<&str> = row.metrics.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "map",
            "map_at_10",
            "normalized_discounted_cumulative_gain_at_10",
            "precision_at_10",
            "recall_at_10"
        ]
    );
    assert!(close(
        row.metrics["normalized_discounted_cumulative_gain_at_10"],
        1.0
    ));
    assert!(close(row.metrics["precision_at_10"], 0.2));
    assert!(close(row.metrics["recall_at_10"], 1.0));
    assert!(close(row.metrics["map"], 1.0));
    assert!(close(row.metrics["map_at_10"], 1.0));
}

/// Ignores the exclusion rule and repeats itself.
struct Careless;

impl Algorithm for Careless {
    fn name(&self) -> String {
        "careless".into()
    }
    fn fit(&mut self, _train: &TrainSet<'_>) {}
    fn recommend(
        &self,
        history: &[(u32, f32)],
        n: usize,
        _exclude: &dyn Fn(u32) -> bool,
    ) -> Vec<u32> {
        let mut out: Vec<u32> = history.iter().map(|h| h.0).collect();
        out.extend((0..8).chain(0..8));
        let _ = n; // ignores n too
        out
    }
}

#[test]
fn contract_violations_are_dropped_and_counted() {
    let d = ms_world();
    let mut algorithms: Vec<Box<dyn Algorithm>> =
        vec![Box::new(Careless), Box::new(Popularity::new())];
    let options = EvalOptions {
        protocol: Protocol::MsRecommenders,
        seed: 1,
        max_test_users: None,
    };
    let rows = evaluate(&d, &mut algorithms, &options);
    // 22 returned per user: the 6 (excluded) history items, then a0..a7 twice; only the first
    // occurrences of the 2 test items survive → 20 invalid per user, and the same metrics as
    // popularity (both test items recommended, in index order).
    assert_eq!(rows[0].invalid_recommendations, 40 * 20);
    assert!(close(rows[0].metrics["recall_at_10"], 1.0));
    assert!(close(rows[0].metrics["precision_at_10"], 0.2));
    assert_eq!(rows[1].invalid_recommendations, 0);
    let table = format_table(&rows);
    assert!(
        table.lines().next().unwrap().ends_with("invalid"),
        "{table}"
    );
}

#[test]
fn evaluate_is_deterministic_and_capped() {
    let d = personalize_world();
    let run = |seed, max| {
        let mut algorithms: Vec<Box<dyn Algorithm>> = vec![Box::new(Popularity::new())];
        let options = EvalOptions {
            protocol: Protocol::Personalize,
            seed,
            max_test_users: max,
        };
        evaluate(&d, &mut algorithms, &options).remove(0)
    };
    assert_eq!(run(3, None).metrics, run(3, None).metrics);
    let capped = run(3, Some(4));
    assert_eq!(capped.test_users, 4);
    assert!(close(capped.metrics["precision_at_10"], 0.1));
    let split_a = make_split(
        &d,
        &EvalOptions {
            protocol: Protocol::Personalize,
            seed: 3,
            max_test_users: None,
        },
    );
    let split_b = make_split(
        &d,
        &EvalOptions {
            protocol: Protocol::Personalize,
            seed: 3,
            max_test_users: Some(4),
        },
    );
    assert_eq!(split_a.train, split_b.train);
}

#[test]
fn empty_dataset_gives_zeroes() {
    let d = Dataset::default();
    for protocol in [Protocol::Personalize, Protocol::MsRecommenders] {
        let mut algorithms: Vec<Box<dyn Algorithm>> = vec![Box::new(Popularity::new())];
        let options = EvalOptions {
            protocol,
            ..EvalOptions::default()
        };
        let row = evaluate(&d, &mut algorithms, &options).remove(0);
        assert_eq!(row.test_users, 0);
        assert!(row.metrics.values().all(|v| *v == 0.0));
    }
}

#[test]
fn table_layout() {
    let mut metrics = std::collections::BTreeMap::new();
    metrics.insert("precision_at_10".to_string(), 0.12346);
    metrics.insert(
        "normalized_discounted_cumulative_gain_at_10".to_string(),
        0.5,
    );
    metrics.insert("coverage".to_string(), 1.0);
    let row = EvalRow {
        algorithm: "popularity".into(),
        metrics,
        fit_seconds: 0.0123,
        recommend_micros_median: 4.26,
        test_users: 94,
        invalid_recommendations: 0,
    };
    let mut other = row.clone();
    other.algorithm = "ease".into();
    other.metrics.insert("recall_at_10".into(), 0.25);
    let table = format_table(&[row, other]);
    let expected = "\
algorithm   coverage  ndcg@10    p@10  recall@10  fit_s  rec_us_p50  users
----------  --------  -------  ------  ---------  -----  ----------  -----
popularity    1.0000   0.5000  0.1235          -  0.012         4.3     94
ease          1.0000   0.5000  0.1235     0.2500  0.012         4.3     94
";
    assert_eq!(table, expected);
}

#[test]
fn protocol_names() {
    for p in [Protocol::Personalize, Protocol::MsRecommenders] {
        assert_eq!(p.as_str().parse::<Protocol>().unwrap(), p);
    }
    assert_eq!(
        "MS_Recommenders".parse::<Protocol>().unwrap(),
        Protocol::MsRecommenders
    );
    assert!("netflix".parse::<Protocol>().is_err());
}
