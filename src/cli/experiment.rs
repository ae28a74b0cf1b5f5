//! `storefront experiment`: create, list, start, stop and read experiments from the command
//! line, against the same database a running shop uses (it picks up a start or stop within
//! `experiments.refresh_interval_ms`).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::DatabaseArgs;
use crate::config::Settings;
use crate::db::Store;
use crate::experiments::definition::{Metric, Plan};
use crate::experiments::{ExperimentId, ExperimentSpec, ManageError, manage};

#[derive(Debug, Subcommand)]
pub enum ExperimentCommand {
    /// Store an experiment file (YAML) as a draft; prints its id.
    Create(CreateArgs),
    /// Every experiment, newest first.
    List(ListArgs),
    /// Start a draft (one running experiment per shelf).
    Start(IdArgs),
    /// Stop a running experiment.
    Stop(IdArgs),
    /// Exposures, outcomes, statistics and verdict.
    Results(ResultsArgs),
    /// The sample size per variation to detect a relative change of a rate.
    SampleSize(SampleSizeArgs),
}

impl ExperimentCommand {
    pub fn db(&self) -> Option<&DatabaseArgs> {
        match self {
            ExperimentCommand::Create(a) => Some(&a.db),
            ExperimentCommand::List(a) => Some(&a.db),
            ExperimentCommand::Start(a) | ExperimentCommand::Stop(a) => Some(&a.db),
            ExperimentCommand::Results(a) => Some(&a.db),
            ExperimentCommand::SampleSize(_) => None,
        }
    }
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// The experiment file: name, shelf, type, metric, variations (see the README).
    pub file: PathBuf,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IdArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    pub id: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ResultsArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    pub id: String,
    /// Test another outcome than the experiment's primary metric: click_through, add_to_cart,
    /// purchase or revenue.
    #[arg(long)]
    pub metric: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SampleSizeArgs {
    /// The metric's rate today, e.g. 0.05.
    #[arg(long)]
    pub baseline: f64,
    /// The relative change to detect, e.g. 0.10 for +10 %.
    #[arg(long)]
    pub mde: f64,
    #[arg(long, default_value_t = 0.05)]
    pub alpha: f64,
    #[arg(long, default_value_t = 0.8)]
    pub power: f64,
    #[arg(long)]
    pub json: bool,
}

async fn store(settings: &Settings) -> anyhow::Result<Store> {
    crate::app::connect_and_migrate(settings).await
}

fn parse_id(text: &str) -> anyhow::Result<ExperimentId> {
    ExperimentId::parse(text)
        .ok_or_else(|| anyhow::anyhow!("'{text}' is not an experiment id (a positive number)"))
}

/// A refusal the operator can act on, without the error chain's noise.
fn refused(e: ManageError) -> anyhow::Error {
    match e {
        ManageError::Store(e) => anyhow::Error::new(e),
        other => anyhow::anyhow!("{other}"),
    }
}

pub async fn run(settings: &Settings, command: ExperimentCommand) -> anyhow::Result<()> {
    match command {
        ExperimentCommand::Create(args) => {
            let text = std::fs::read_to_string(&args.file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.file.display()))?;
            let spec = ExperimentSpec::from_yaml(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
            // Checked before connecting: a bad file changes nothing, even without a database.
            spec.check()
                .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
            let id = manage::create(&store(settings).await?, &spec)
                .await
                .map_err(refused)?;
            if args.json {
                println!("{}", serde_json::json!({ "id": id.0 }));
            } else {
                println!("{id}");
            }
            Ok(())
        }
        ExperimentCommand::List(args) => {
            let all = manage::list(&store(settings).await?)
                .await
                .map_err(refused)?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&all)?);
                return Ok(());
            }
            if all.is_empty() {
                println!("no experiments yet");
            }
            for e in all {
                println!(
                    "{:>4}  {:<8} {:<13} {:<24} {:<14} {}",
                    e.id,
                    e.status.as_str(),
                    e.kind.as_str(),
                    e.shelf.as_str(),
                    e.metric.as_str(),
                    e.name
                );
            }
            Ok(())
        }
        ExperimentCommand::Start(args) => {
            let store = store(settings).await?;
            let id = parse_id(&args.id)?;
            let e = manage::start(&store, id).await.map_err(refused)?;
            report(&e, args.json, &format!("is running on {}", e.shelf))
        }
        ExperimentCommand::Stop(args) => {
            let store = store(settings).await?;
            let id = parse_id(&args.id)?;
            let e = manage::stop(&store, id).await.map_err(refused)?;
            report(&e, args.json, "stopped")
        }
        ExperimentCommand::Results(args) => {
            let store = store(settings).await?;
            let metric = match &args.metric {
                Some(m) => Some(Metric::parse(m).ok_or_else(|| {
                    anyhow::anyhow!(
                        "--metric {m:?}: one of click_through, add_to_cart, purchase, revenue"
                    )
                })?),
                None => None,
            };
            let (_, r) = manage::results(&store, parse_id(&args.id)?, metric)
                .await
                .map_err(refused)?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                print_results(&r);
            }
            Ok(())
        }
        ExperimentCommand::SampleSize(args) => {
            let plan = Plan::new(args.baseline, args.mde, args.alpha, args.power)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let n = plan
                .sample_size
                .ok_or_else(|| anyhow::anyhow!("no sample size for these inputs"))?;
            if args.json {
                println!("{}", serde_json::json!({ "per_variation": n }));
            } else {
                println!("{plan}");
            }
            Ok(())
        }
    }
}

/// What a start or stop did: the experiment as stored now, or a line.
fn report(e: &crate::experiments::Experiment, json: bool, done: &str) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(e)?);
    } else {
        println!("experiment {} ({}) {done}", e.id, e.name);
    }
    Ok(())
}

fn print_results(r: &crate::experiments::ExperimentResults) {
    let show = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| format!("{v:.4}"));
    println!(
        "{} ({}, {}, metric {}) — {}",
        r.name, r.kind, r.shelf, r.metric, r.status
    );
    if r.srm_flagged {
        println!(
            "SAMPLE RATIO MISMATCH (p = {}): no verdict",
            show(r.srm_p_value)
        );
    }
    println!(
        "{:<16} {:>9} {:>11} {:>9} {:>21} {:>9} {:>9}",
        "variation", "exposed", "conversions", "rate", "95 % interval", "lift", "p"
    );
    for v in &r.variations {
        println!(
            "{:<16} {:>9} {:>11} {:>9} {:>21} {:>9} {:>9}",
            v.name,
            v.exposed,
            v.conversions,
            show(v.rate),
            format!("[{}, {}]", show(v.ci_low), show(v.ci_high)),
            show(v.lift),
            show(v.p_value)
        );
    }
    if let (Some(w), Some(l), Some(t)) = (r.wins, r.losses, r.ties) {
        println!(
            "interleaving: wins {w}, losses {l}, ties {t}, delta {}",
            show(r.delta)
        );
    }
    println!("verdict: {}", r.verdict.text);
}
