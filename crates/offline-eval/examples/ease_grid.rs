//! Dense EASE's parameters over several split seeds at once (the tuning behind `EaseParams::TUNED`,
//! docs/BENCHMARKS.md): each spec is fitted on every seed's split and reported as NDCG@10 mean ±
//! standard deviation, then per seed.
//!
//! ```sh
//! cargo run --release -p offline-eval --example ease_grid -- data/ml-100k/ml-100k.inter \
//!     --seeds 1,2,7,8,9,10,11,12 "lambda=15,exp=0.75,prox=0.5,win=10" "plain,lambda=500"
//! ```
//!
//! A spec is comma-separated `key=value`: `lambda`, `drop` (EDLAE dropout), `exp` (history-length
//! exponent), `prox` and `win` (proximity bonus and window), `pop` (popularity discount), `keep`;
//! `plain` starts from textbook EASE instead of `EaseParams::TUNED`; `positive` keeps only
//! positive weights (the pruning before the magnitude fix). `--protocol personalize` for the
//! store's own history exported as a file.

use std::path::PathBuf;

use item_scoring::{EaseParams, ItemWeights};
use offline_eval::{
    Algorithm, Ease, EvalOptions, Protocol, TrainSet, evaluate_split, load_interactions, make_split,
};

const NDCG: &str = "normalized_discounted_cumulative_gain_at_10";

/// Dense EASE pruned as before the magnitude fix: only positive weights, the `keep` largest.
struct PositiveOnly(Ease);

impl Algorithm for PositiveOnly {
    fn name(&self) -> String {
        format!("{} positive-only", self.0.name())
    }

    fn fit(&mut self, train: &TrainSet<'_>) {
        let keep = self.0.params.keep;
        self.0.params.keep = usize::MAX;
        self.0.fit(train);
        self.0.params.keep = keep;
        self.0.map_weights(|w: &mut ItemWeights| {
            for row in &mut w.rows {
                row.retain(|&(_, b)| b > 0.0);
                item_scoring::keep_strongest(row, keep);
            }
        });
    }

    fn recommend(&self, h: &[(u32, f32)], n: usize, exclude: &dyn Fn(u32) -> bool) -> Vec<u32> {
        self.0.recommend(h, n, exclude)
    }
}

fn parse_spec(spec: &str) -> Result<(EaseParams, bool), String> {
    let mut params = EaseParams::TUNED;
    let mut positive = false;
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if part == "plain" {
            params = EaseParams::plain(params.regularization.lambda, params.keep);
            continue;
        }
        if part == "positive" {
            positive = true;
            continue;
        }
        let (key, value) = part
            .split_once('=')
            .ok_or(format!("bad spec part {part:?}"))?;
        let v: f64 = value.parse().map_err(|_| format!("bad number {value:?}"))?;
        match key {
            "lambda" => params.regularization.lambda = v,
            "drop" => params.regularization.dropout = v,
            "exp" => params.weighting.length_exponent = v,
            "prox" => params.weighting.proximity = v,
            "win" => params.weighting.window = v,
            "pop" => params.popularity_discount = v,
            "keep" => params.keep = if v <= 0.0 { usize::MAX } else { v as usize },
            _ => return Err(format!("unknown key {key:?}")),
        }
    }
    Ok((params, positive))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = PathBuf::from(
        args.next()
            .ok_or("usage: ease_grid FILE [--seeds S] SPEC...")?,
    );
    let mut seeds = vec![1u64, 2, 7, 8, 9, 10, 11, 12];
    let mut protocol = Protocol::MsRecommenders;
    let mut specs = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seeds" => {
                seeds = args
                    .next()
                    .ok_or("--seeds needs a list")?
                    .split(',')
                    .map(|s| s.trim().parse())
                    .collect::<Result<_, _>>()?;
            }
            "--protocol" => protocol = args.next().ok_or("--protocol needs a value")?.parse()?,
            _ => specs.push(a),
        }
    }
    let dataset = load_interactions(&file)?;
    let splits: Vec<_> = seeds
        .iter()
        .map(|&seed| {
            make_split(
                &dataset,
                &EvalOptions {
                    protocol,
                    seed,
                    max_test_users: None,
                },
            )
        })
        .collect();
    for spec in &specs {
        let (params, positive) = parse_spec(spec)?;
        let mut values = Vec::new();
        let mut name = String::new();
        for split in &splits {
            let mut algorithm: Box<dyn Algorithm> = if positive {
                Box::new(PositiveOnly(Ease::with_params(params, true)))
            } else {
                Box::new(Ease::with_params(params, true))
            };
            let row = evaluate_split(split, algorithm.as_mut(), protocol);
            name = row.algorithm;
            values.push(row.metrics[NDCG]);
        }
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let std =
            (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt();
        let per_seed: Vec<String> = values.iter().map(|v| format!("{v:.4}")).collect();
        println!(
            "{mean:.4} ± {std:.4}  {spec:<40} {name}  [{}]",
            per_seed.join(" ")
        );
    }
    Ok(())
}
