//! Running algorithms over a split and reporting the results.

use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use super::metrics::{self, ApNormalization};
use super::split::{self, MS_TRAIN_RATIO, Split};
use super::{Algorithm, Dataset, EvalOptions, EvalRow, Protocol, TrainSet};

/// Splits `dataset` per `options.protocol` (once; every algorithm sees the same split), then fits
/// and scores each algorithm in turn. See [`evaluate_split`] for what is measured.
pub fn evaluate(
    dataset: &Dataset,
    algorithms: &mut [Box<dyn Algorithm>],
    options: &EvalOptions,
) -> Vec<EvalRow> {
    let split = make_split(dataset, options);
    algorithms
        .iter_mut()
        .map(|algorithm| evaluate_split(&split, algorithm.as_mut(), options.protocol))
        .collect()
}

/// The split [`evaluate`] uses, with `max_test_users` applied ([`Split::cap`]).
pub fn make_split(dataset: &Dataset, options: &EvalOptions) -> Split {
    let mut split = match options.protocol {
        Protocol::Personalize => split::personalize_split(dataset, options.seed),
        Protocol::MsRecommenders => split::stratified_split(dataset, MS_TRAIN_RATIO, options.seed),
    };
    if let Some(max) = options.max_test_users {
        split.cap(max, options.seed);
    }
    split
}

/// Number of recommendations requested per test user: 25 for Personalize, 10 for MS.
pub fn list_length(protocol: Protocol) -> usize {
    match protocol {
        Protocol::Personalize => 25,
        Protocol::MsRecommenders => 10,
    }
}

/// Fits one algorithm on `split.train` (timed: `fit_seconds`), asks it for
/// [`list_length`] items per test case (each call timed; `recommend_micros_median`), and averages
/// the protocol's metrics over all test cases (a user without hits scores 0).
///
/// Returned lists are sanitised before scoring — repeated items, items in the case's `exclude`
/// and items past the requested length are dropped — and the number of dropped entries is
/// reported in [`EvalRow::invalid_recommendations`] (0 for a correct algorithm).
pub fn evaluate_split(split: &Split, algorithm: &mut dyn Algorithm, protocol: Protocol) -> EvalRow {
    let train = TrainSet {
        n_users: split.n_users,
        n_items: split.n_items,
        interactions: &split.train,
    };
    let started = Instant::now();
    algorithm.fit(&train);
    let fit_seconds = started.elapsed().as_secs_f64();

    let k = list_length(protocol);
    let mut latencies = Vec::with_capacity(split.cases.len());
    let mut sums: BTreeMap<&'static str, f64> = BTreeMap::new();
    let mut recommended: HashSet<u32> = HashSet::new();
    let mut invalid = 0;
    for case in &split.cases {
        let exclude = |item: u32| case.exclude.binary_search(&item).is_ok();
        let started = Instant::now();
        let raw = algorithm.recommend(&case.history, k, &exclude);
        latencies.push(started.elapsed().as_secs_f64() * 1e6);
        let recs = sanitize(&raw, k, &exclude);
        invalid += raw.len() - recs.len();
        recommended.extend(&recs);
        let relevant = split::truth_set(case);
        for (key, value) in case_metrics(protocol, &recs, &relevant) {
            *sums.entry(key).or_insert(0.0) += value;
        }
    }

    let n_cases = split.cases.len();
    let mut metrics: BTreeMap<String, f64> = metric_keys(protocol)
        .iter()
        .map(|&key| {
            let sum = sums.get(key).copied().unwrap_or(0.0);
            (
                key.to_string(),
                if n_cases == 0 {
                    0.0
                } else {
                    sum / n_cases as f64
                },
            )
        })
        .collect();
    if protocol == Protocol::Personalize {
        metrics.insert(
            "coverage".into(),
            metrics::coverage(recommended.len(), split.n_items),
        );
    }
    EvalRow {
        algorithm: algorithm.name(),
        metrics,
        fit_seconds,
        recommend_micros_median: metrics::median(&latencies),
        test_users: n_cases,
        invalid_recommendations: invalid,
    }
}

/// The metric keys a protocol reports (before coverage, which is not a per-user average).
fn metric_keys(protocol: Protocol) -> &'static [&'static str] {
    match protocol {
        Protocol::Personalize => &[
            "mean_reciprocal_rank_at_25",
            "normalized_discounted_cumulative_gain_at_5",
            "normalized_discounted_cumulative_gain_at_10",
            "normalized_discounted_cumulative_gain_at_25",
            "precision_at_5",
            "precision_at_10",
            "precision_at_25",
        ],
        Protocol::MsRecommenders => &[
            "normalized_discounted_cumulative_gain_at_10",
            "precision_at_10",
            "recall_at_10",
            "map",
            "map_at_10",
        ],
    }
}

/// One test user's metric values.
fn case_metrics(
    protocol: Protocol,
    recs: &[u32],
    relevant: &HashSet<u32>,
) -> Vec<(&'static str, f64)> {
    use metrics::{average_precision_at_k as ap, ndcg_at_k as ndcg, precision_at_k as prec};
    match protocol {
        Protocol::Personalize => vec![
            (
                "mean_reciprocal_rank_at_25",
                metrics::reciprocal_rank_at_k(recs, relevant, 25),
            ),
            (
                "normalized_discounted_cumulative_gain_at_5",
                ndcg(recs, relevant, 5),
            ),
            (
                "normalized_discounted_cumulative_gain_at_10",
                ndcg(recs, relevant, 10),
            ),
            (
                "normalized_discounted_cumulative_gain_at_25",
                ndcg(recs, relevant, 25),
            ),
            ("precision_at_5", prec(recs, relevant, 5)),
            ("precision_at_10", prec(recs, relevant, 10)),
            ("precision_at_25", prec(recs, relevant, 25)),
        ],
        Protocol::MsRecommenders => vec![
            (
                "normalized_discounted_cumulative_gain_at_10",
                ndcg(recs, relevant, 10),
            ),
            ("precision_at_10", prec(recs, relevant, 10)),
            ("recall_at_10", metrics::recall_at_k(recs, relevant, 10)),
            ("map", ap(recs, relevant, 10, ApNormalization::Relevant)),
            (
                "map_at_10",
                ap(recs, relevant, 10, ApNormalization::MinKRelevant),
            ),
        ],
    }
}

/// First occurrences of allowed items, at most `k`.
fn sanitize(raw: &[u32], k: usize, exclude: &dyn Fn(u32) -> bool) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::with_capacity(k.min(raw.len()));
    for &item in raw {
        if out.len() == k {
            break;
        }
        if !exclude(item) && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Column order for known metric keys; unknown keys follow alphabetically.
const METRIC_ORDER: &[&str] = &[
    "coverage",
    "mean_reciprocal_rank_at_25",
    "normalized_discounted_cumulative_gain_at_5",
    "normalized_discounted_cumulative_gain_at_10",
    "normalized_discounted_cumulative_gain_at_25",
    "precision_at_5",
    "precision_at_10",
    "precision_at_25",
    "recall_at_10",
    "map",
    "map_at_10",
];

/// Where a metric key's column goes (unknown keys last).
pub(crate) fn metric_order(key: &str) -> usize {
    METRIC_ORDER
        .iter()
        .position(|o| *o == key)
        .unwrap_or(usize::MAX)
}

/// Short column header for a metric key: `ndcg@10`, `p@5`, `mrr@25`, `recall@10`, `map@10`.
pub fn short_metric_name(key: &str) -> String {
    for (prefix, short) in [
        ("normalized_discounted_cumulative_gain_at_", "ndcg@"),
        ("mean_reciprocal_rank_at_", "mrr@"),
        ("precision_at_", "p@"),
        ("recall_at_", "recall@"),
        ("map_at_", "map@"),
    ] {
        if let Some(k) = key.strip_prefix(prefix) {
            return format!("{short}{k}");
        }
    }
    key.to_string()
}

/// A plain-text table of rows: one line per algorithm, metrics as columns (4 decimals, short
/// headers from [`short_metric_name`]), then fit seconds, median recommend() microseconds, test
/// users, and — only when some algorithm broke the contract — the count of invalid entries.
pub fn format_table(rows: &[EvalRow]) -> String {
    let mut keys: Vec<&str> = rows
        .iter()
        .flat_map(|r| r.metrics.keys().map(String::as_str))
        .collect();
    keys.sort_by_key(|k| (metric_order(k), *k));
    keys.dedup();
    let mut header: Vec<String> = vec!["algorithm".into()];
    header.extend(keys.iter().map(|k| short_metric_name(k)));
    header.extend(["fit_s", "rec_us_p50", "users"].map(String::from));
    let show_invalid = rows.iter().any(|r| r.invalid_recommendations > 0);
    if show_invalid {
        header.push("invalid".into());
    }
    let mut lines: Vec<Vec<String>> = vec![header];
    for row in rows {
        let mut line = vec![row.algorithm.clone()];
        line.extend(keys.iter().map(|k| {
            row.metrics
                .get(*k)
                .map_or("-".into(), |v| format!("{v:.4}"))
        }));
        line.push(format!("{:.3}", row.fit_seconds));
        line.push(format!("{:.1}", row.recommend_micros_median));
        line.push(row.test_users.to_string());
        if show_invalid {
            line.push(row.invalid_recommendations.to_string());
        }
        lines.push(line);
    }
    aligned(&lines)
}

/// Rows of cells as a text table: the first column left-aligned, the rest right-aligned, two
/// spaces apart, the first row underlined.
pub fn aligned(lines: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..lines[0].len())
        .map(|c| {
            lines
                .iter()
                .map(|l| l[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, &w))| {
                if c == 0 {
                    format!("{cell:<w$}")
                } else {
                    format!("{cell:>w$}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
        if i == 0 {
            let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
            out.push_str(&rule.join("  "));
            out.push('\n');
        }
    }
    out
}
