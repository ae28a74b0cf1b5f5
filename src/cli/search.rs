//! `storefront search-eval`: the shop's search measured on a judged query set.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::CatalogArgs;
use crate::catalog::{Catalog, CatalogSource};
use crate::config::Settings;
use crate::search::eval::{self, BUILTIN_JUDGMENTS, NDCG_AT, QueryScore};

#[derive(Debug, Args)]
pub struct SearchEvalArgs {
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// A judged query set (YAML, the format of seeds/search/judged.yaml); default: the shop's own.
    #[arg(long)]
    pub queries: Option<PathBuf>,
    /// Print every query's measures and its first results, not only the means.
    #[arg(long)]
    pub verbose: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(settings: &Settings, args: &SearchEvalArgs) -> anyhow::Result<()> {
    let judged = match &args.queries {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
            eval::parse_judgments(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        }
        None => eval::parse_judgments(BUILTIN_JUDGMENTS)?,
    };
    let source = CatalogSource::configured(settings.catalog_dir.as_deref());
    let data = source.load()?;
    let started = Instant::now();
    let catalog = Catalog::new(data.categories, data.products);
    let built = started.elapsed();
    let products = catalog.products();

    let mut micros: Vec<f64> = Vec::with_capacity(judged.len());
    let answers: Vec<(Vec<usize>, usize)> = judged
        .iter()
        .map(|q| {
            let started = Instant::now();
            let found = catalog.search(&q.query, NDCG_AT);
            micros.push(started.elapsed().as_secs_f64() * 1e6);
            (found.items, found.total)
        })
        .collect();
    micros.sort_unstable_by(f64::total_cmp);
    let quantile = |q: f64| micros[((micros.len() - 1) as f64 * q).round() as usize];

    let mut scores: Vec<QueryScore> = Vec::with_capacity(judged.len());
    let mut firsts: Vec<Vec<String>> = Vec::with_capacity(judged.len());
    for (query, (ranked, total)) in judged.iter().zip(answers) {
        let grades = query.grades(products);
        scores.push(eval::score(query, &grades, &ranked, total));
        firsts.push(
            ranked
                .iter()
                .take(5)
                .map(|&i| {
                    format!(
                        "{}{}",
                        products[i].name,
                        ["", "¹", "²", "³"][usize::from(grades[i])]
                    )
                })
                .collect(),
        );
    }
    let summary = eval::summarize(&scores);

    if args.json {
        let out = serde_json::json!({
            "catalog": source.describe(),
            "products": products.len(),
            "summary": summary,
            "queries": if args.verbose { serde_json::to_value(&scores)? } else { serde_json::Value::Null },
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "search on {} ({} products; catalog and index built in {:.0} ms); {} judged queries, \
         {:.0} µs p50, {:.0} µs p99, {:.0} µs max",
        source.describe(),
        products.len(),
        built.as_secs_f64() * 1e3,
        scores.len(),
        quantile(0.5),
        quantile(0.99),
        quantile(1.0),
    );
    if args.verbose {
        println!();
        println!(
            "{:<24} {:<8} {:>5} {:>7} {:>8}  first results (¹ ² grade)",
            "query", "kind", "P@5", "NDCG@10", "results"
        );
        for (s, first) in scores.iter().zip(&firsts) {
            println!(
                "{:<24} {:<8} {:>5.2} {:>7.3} {:>8}  {}",
                s.query,
                s.kind,
                s.precision_at_5,
                s.ndcg_at_10,
                s.results,
                first.join("; ")
            );
        }
    }
    println!();
    println!(
        "{:<10} {:>7} {:>6} {:>8}",
        "kind", "queries", "P@5", "NDCG@10"
    );
    for k in &summary.by_kind {
        println!(
            "{:<10} {:>7} {:>6.3} {:>8.3}",
            k.kind, k.queries, k.precision_at_5, k.ndcg_at_10
        );
    }
    println!(
        "{:<10} {:>7} {:>6.3} {:>8.3}",
        "all", summary.queries, summary.precision_at_5, summary.ndcg_at_10
    );
    if summary.unjudged > 0 {
        println!(
            "({} queries have no relevant product in this catalog and are left out of the means)",
            summary.unjudged
        );
    }
    Ok(())
}
