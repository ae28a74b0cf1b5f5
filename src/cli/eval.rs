//! `storefront eval`: the engine's algorithms and a popularity baseline, measured offline on the
//! store's own history or on any interactions file.

use std::path::PathBuf;

use clap::Args;

use super::DatabaseArgs;
use crate::config::Settings;
use offline_eval::{
    Algorithm, Dataset, Ease, EvalOptions, ItemKnn, NeighbourhoodEase, Popularity, Protocol,
    evaluate, evaluate_seeds, format_seeds_table, format_table,
};

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// An interactions file (CSV or TSV: user, item, timestamp, optional event type or rating);
    /// default: the store's own history.
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// `personalize` (90 % of users train, newest 10 % of each test user is the truth, top 25)
    /// or `ms-recommenders` (per-user random 75/25 split, top 10, seen items removed).
    #[arg(long, default_value = "personalize")]
    pub protocol: String,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Several split seeds, comma-separated (e.g. `42,3,4,5,6`): each algorithm is measured on
    /// each seed's split and reported per seed and as mean ± standard deviation. Replaces
    /// `--seed`.
    #[arg(long, value_name = "SEEDS", conflicts_with = "seed")]
    pub split_seeds: Option<String>,
    /// Evaluate at most this many test users.
    #[arg(long)]
    pub max_test_users: Option<usize>,
    /// The shop's dense EASE's L2 regularisation (in its weighted Gram's units; the rest of its
    /// parameters are `EaseParams::TUNED`, as the shop trains).
    #[arg(long, default_value_t = crate::recs::embedded::DEFAULT_LAMBDA)]
    pub lambda: f64,
    /// Textbook dense EASE's L2 regularisation (plain Gram, λI), measured beside the shop's.
    #[arg(long, default_value_t = 250.0)]
    pub plain_lambda: f64,
    /// Neighbourhood EASE's L2 regularisation (plain co-occurrence counts).
    #[arg(long, default_value_t = crate::config::DEFAULT_NEIGHBOURHOOD_LAMBDA)]
    pub neighbourhood_lambda: f64,
    /// Neighbourhood EASE's neighbours per item (the model the shop trains for large catalogs).
    #[arg(long, default_value_t = 128)]
    pub neighbours: usize,
    /// Co-occurrences neighbourhood EASE keeps per item for its solves.
    #[arg(long, default_value_t = 512)]
    pub gram_keep: usize,
    /// Print JSON (metric names as Amazon Personalize spells them) instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(settings: &Settings, args: EvalArgs) -> anyhow::Result<()> {
    let protocol: Protocol = args.protocol.parse()?;
    let split_seeds = args
        .split_seeds
        .as_deref()
        .map(offline_eval::parse_seeds)
        .transpose()
        .map_err(|e| anyhow::anyhow!("--split-seeds: {e}"))?;
    for (name, value) in [
        ("--lambda", args.lambda),
        ("--plain-lambda", args.plain_lambda),
        ("--neighbourhood-lambda", args.neighbourhood_lambda),
    ] {
        if !(value.is_finite() && value > 0.0) {
            anyhow::bail!("{name} must be a positive number, not {value}");
        }
    }
    let (dataset, source) = if let Some(path) = &args.file {
        (
            offline_eval::load_interactions(path)?,
            path.display().to_string(),
        )
    } else {
        let store = crate::app::connect_and_migrate(settings).await?;
        let rows = store.interactions().await?;
        let dataset = Dataset::from_triples(rows.into_iter().map(|r| {
            let weight = offline_eval::event_weight(r.event_type.as_str());
            (
                r.user_id.into_string(),
                r.item_id,
                r.timestamp.as_micros(),
                weight,
            )
        }));
        (
            dataset,
            format!("the store's history ({})", settings.database_url),
        )
    };
    if dataset.interactions.is_empty() {
        anyhow::bail!("no interactions in {source}");
    }
    let mut algorithms: Vec<Box<dyn Algorithm>> = vec![
        Box::new(Popularity::new()),
        Box::new(ItemKnn::new(100)),
        Box::new(Ease::with_params(
            crate::recs::embedded::train::dense_ease(args.lambda),
            true,
        )),
        Box::new(Ease::new(
            args.plain_lambda,
            crate::recs::embedded::DEFAULT_KEEP,
            true,
        )),
        Box::new(NeighbourhoodEase::new(
            item_scoring::NeighbourhoodParams {
                lambda: args.neighbourhood_lambda,
                neighbours: args.neighbours,
                keep: crate::recs::embedded::DEFAULT_KEEP,
            },
            args.gram_keep,
        )),
    ];
    let options = EvalOptions {
        protocol,
        seed: args.seed,
        max_test_users: args.max_test_users,
    };
    if let Some(seeds) = split_seeds {
        let summaries = evaluate_seeds(&dataset, &mut algorithms, &options, &seeds);
        if args.json {
            let out = serde_json::json!({
                "source": source,
                "protocol": protocol.as_str(),
                "split_seeds": seeds,
                "users": dataset.n_users(),
                "items": dataset.n_items(),
                "interactions": dataset.interactions.len(),
                "results": summaries,
            });
            println!("{}", serde_json::to_string_pretty(&out)?);
        } else {
            let list: Vec<String> = seeds.iter().map(u64::to_string).collect();
            println!(
                "{source}: {} users, {} items, {} interactions; protocol {}, split seeds {}",
                dataset.n_users(),
                dataset.n_items(),
                dataset.interactions.len(),
                protocol.as_str(),
                list.join(",")
            );
            print!("{}", format_seeds_table(&summaries));
        }
        return Ok(());
    }
    let rows = evaluate(&dataset, &mut algorithms, &options);
    if args.json {
        let out = serde_json::json!({
            "source": source,
            "protocol": protocol.as_str(),
            "seed": args.seed,
            "users": dataset.n_users(),
            "items": dataset.n_items(),
            "interactions": dataset.interactions.len(),
            "results": rows,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!(
            "{source}: {} users, {} items, {} interactions; protocol {}, seed {}",
            dataset.n_users(),
            dataset.n_items(),
            dataset.interactions.len(),
            protocol.as_str(),
            args.seed
        );
        print!("{}", format_table(&rows));
    }
    Ok(())
}
