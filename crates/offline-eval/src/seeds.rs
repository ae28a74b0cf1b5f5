//! One evaluation over several split seeds: each algorithm's metrics per seed, their mean and
//! standard deviation, so a difference can be told from the split's luck.

use std::collections::BTreeMap;

use super::run::{aligned, evaluate, format_table, metric_order, short_metric_name};
use super::{Algorithm, Dataset, EvalError, EvalOptions, EvalRow};

/// One algorithm over every seed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AcrossSeeds {
    pub algorithm: String,
    /// Each metric's mean over the seeds.
    pub mean: BTreeMap<String, f64>,
    /// Each metric's sample standard deviation over the seeds (n − 1; 0 for one seed).
    pub std: BTreeMap<String, f64>,
    /// The seeds' own results, in the order the seeds were given.
    pub per_seed: Vec<SeedResult>,
}

/// One seed's result for one algorithm.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SeedResult {
    pub seed: u64,
    #[serde(flatten)]
    pub row: EvalRow,
}

/// Parses a split-seed list such as `42,3,4,5,6`: at least one seed, each a whole number, none
/// twice.
pub fn parse_seeds(list: &str) -> Result<Vec<u64>, EvalError> {
    let mut seeds = Vec::new();
    for part in list.split(',').map(str::trim) {
        if part.is_empty() {
            return Err(EvalError::Format(format!(
                "empty seed in {list:?} (expected a comma-separated list such as 42,3,4,5,6)"
            )));
        }
        let seed: u64 = part.parse().map_err(|_| {
            EvalError::Format(format!(
                "{part:?} is not a seed (expected a comma-separated list of whole numbers such as 42,3,4,5,6)"
            ))
        })?;
        if seeds.contains(&seed) {
            return Err(EvalError::Format(format!("seed {seed} is given twice")));
        }
        seeds.push(seed);
    }
    Ok(seeds)
}

/// Runs [`evaluate`] once per seed (`options.seed` is ignored) and gathers each algorithm's
/// results across them.
pub fn evaluate_seeds(
    dataset: &Dataset,
    algorithms: &mut [Box<dyn Algorithm>],
    options: &EvalOptions,
    seeds: &[u64],
) -> Vec<AcrossSeeds> {
    let mut out: Vec<AcrossSeeds> = Vec::with_capacity(algorithms.len());
    for &seed in seeds {
        let options = EvalOptions {
            seed,
            ..options.clone()
        };
        for (k, row) in evaluate(dataset, algorithms, &options)
            .into_iter()
            .enumerate()
        {
            if out.len() <= k {
                out.push(AcrossSeeds {
                    algorithm: row.algorithm.clone(),
                    mean: BTreeMap::new(),
                    std: BTreeMap::new(),
                    per_seed: Vec::new(),
                });
            }
            out[k].per_seed.push(SeedResult { seed, row });
        }
    }
    for summary in &mut out {
        let keys: Vec<String> = summary
            .per_seed
            .iter()
            .flat_map(|s| s.row.metrics.keys().cloned())
            .collect();
        for key in keys {
            let values: Vec<f64> = summary
                .per_seed
                .iter()
                .filter_map(|s| s.row.metrics.get(&key).copied())
                .collect();
            let (mean, std) = mean_std(&values);
            summary.mean.insert(key.clone(), mean);
            summary.std.insert(key, std);
        }
    }
    out
}

/// Mean and sample standard deviation (n − 1; 0 for fewer than two values).
pub fn mean_std(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    if values.len() < 2 {
        return (mean, 0.0);
    }
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var.sqrt())
}

/// Two plain-text tables: each algorithm's mean ± standard deviation per metric, then one line
/// per algorithm and seed (as [`format_table`]).
pub fn format_seeds_table(summaries: &[AcrossSeeds]) -> String {
    let mut keys: Vec<&str> = summaries
        .iter()
        .flat_map(|s| s.mean.keys().map(String::as_str))
        .collect();
    keys.sort_by_key(|k| (metric_order(k), *k));
    keys.dedup();
    let mut lines: Vec<Vec<String>> = vec![
        std::iter::once("algorithm (mean ± std)".to_string())
            .chain(keys.iter().map(|k| short_metric_name(k)))
            .chain(std::iter::once("seeds".to_string()))
            .collect(),
    ];
    for s in summaries {
        let mut line = vec![s.algorithm.clone()];
        line.extend(keys.iter().map(|k| match (s.mean.get(*k), s.std.get(*k)) {
            (Some(m), Some(d)) => format!("{m:.4} ± {d:.4}"),
            _ => "-".into(),
        }));
        line.push(s.per_seed.len().to_string());
        lines.push(line);
    }
    let mut out = aligned(&lines);
    out.push('\n');
    let per_seed: Vec<EvalRow> = summaries
        .iter()
        .flat_map(|s| {
            s.per_seed.iter().map(|r| EvalRow {
                algorithm: format!("{} [seed {}]", s.algorithm, r.seed),
                ..r.row.clone()
            })
        })
        .collect();
    out.push_str(&format_table(&per_seed));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_lists_parse_or_say_what_is_wrong() {
        assert_eq!(parse_seeds("42,3, 4").unwrap(), vec![42, 3, 4]);
        for (bad, says) in [
            ("", "empty seed"),
            ("42,,3", "empty seed"),
            ("42,x", "\"x\" is not a seed"),
            ("-1", "\"-1\" is not a seed"),
            ("7,7", "seed 7 is given twice"),
        ] {
            let message = parse_seeds(bad).unwrap_err().to_string();
            assert!(message.contains(says), "{bad:?}: {message}");
        }
    }

    #[test]
    fn mean_and_sample_deviation() {
        let (m, s) = mean_std(&[1.0, 2.0, 3.0]);
        assert!((m - 2.0).abs() < 1e-12 && (s - 1.0).abs() < 1e-12);
        assert_eq!(mean_std(&[5.0]), (5.0, 0.0));
    }
}
