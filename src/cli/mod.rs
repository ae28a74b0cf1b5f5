//! The `storefront` command: one binary, one subcommand per job.

mod amplitude;
mod analytics;
mod eval;
mod events;
mod export;
mod personalize;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use secrecy::SecretString;

use crate::app::{Application, prepare_database, seed_if_needed};
use crate::catalog::CatalogSource;
use crate::config::{RecommenderKind, Settings};
use crate::db::Store;

#[derive(Debug, Parser)]
#[command(name = "storefront", version, about = "A personalization storefront")]
pub struct Cli {
    /// Optional YAML configuration file; flags and STOREFRONT_* variables override it.
    #[arg(long, global = true, env = "STOREFRONT_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the shop (creates, migrates and seeds the database on first start).
    Serve(ServeArgs),
    /// Create or upgrade the database schema.
    Migrate(DatabaseArgs),
    /// Load a catalog and its shoppers into the database.
    Seed(SeedArgs),
    /// Train the recommendation model on everything recorded and save it.
    Train(TrainArgs),
    /// Print recorded events.
    Events(events::EventsArgs),
    /// Measure the recommendation algorithms offline (Personalize's or MS Recommenders' protocol).
    Eval(eval::EvalArgs),
    /// Simulate shopping sessions from a funnel scenario (the measuring-personalization workshop).
    Simulate(analytics::SimulateArgs),
    /// A conversion funnel over the recorded events, optionally comparing two periods or segments.
    Funnel(analytics::FunnelArgs),
    /// Amazon Personalize: check the configured resources.
    #[command(subcommand)]
    Personalize(personalize::PersonalizeCommand),
    /// Export the store's data for other services.
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Regenerate the store's own seed files (deterministic).
    #[command(hide = true)]
    GenerateSeeds(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// Database URL: sqlite://PATH (default sqlite://data/storefront.db) or postgres://…
    #[arg(long, env = "STOREFRONT_DATABASE_URL")]
    pub database: Option<String>,
}

#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// A folder with products.yaml, categories.yaml and optionally users.json(.gz) in the
    /// Retail Demo Store's formats; default: the store's own seeds.
    #[arg(long, env = "STOREFRONT_CATALOG_DIR")]
    pub catalog: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "STOREFRONT_BIND")]
    pub bind: Option<String>,
    #[command(flatten)]
    pub db: DatabaseArgs,
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Session cookie key, at least 64 bytes; default: generated once and kept in the database.
    #[arg(long, env = "STOREFRONT_SESSION_KEY", hide_env_values = true)]
    pub session_key: Option<String>,
    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "STOREFRONT_WORKERS")]
    pub workers: Option<usize>,
    /// Mark the session cookie Secure (when served over HTTPS).
    #[arg(long, env = "STOREFRONT_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Pick up other instances' events this often, in ms (0: never; default 500 on
    /// PostgreSQL, never on SQLite).
    #[arg(long, env = "STOREFRONT_EVENT_PICKUP_INTERVAL_MS")]
    pub event_pickup_interval_ms: Option<u64>,
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(flatten)]
    pub personalize: personalize::PersonalizeArgs,
    #[command(flatten)]
    pub amplitude: amplitude::AmplitudeArgs,
}

#[derive(Debug, Args)]
pub struct EngineArgs {
    /// Which engine answers the shelves.
    #[arg(long, value_enum, env = "STOREFRONT_RECOMMENDER")]
    pub recommender: Option<RecommenderKind>,
    /// Synthetic interactions the seed step writes (0: none).
    #[arg(long, env = "STOREFRONT_HISTORY_INTERACTIONS")]
    pub history_interactions: Option<usize>,
    /// Retrain in the background every this many seconds (0: never).
    #[arg(long, env = "STOREFRONT_RETRAIN_INTERVAL_SECS")]
    pub retrain_interval_secs: Option<u64>,
}

fn apply_engine(settings: &mut Settings, engine: &EngineArgs) {
    if let Some(v) = engine.recommender {
        settings.engine.recommender = v;
    }
    if let Some(v) = engine.history_interactions {
        settings.engine.history_interactions = v;
    }
    if let Some(v) = engine.retrain_interval_secs {
        settings.engine.retrain_interval_secs = v;
    }
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Rewrite the catalog even if the database already holds these files.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub engine: EngineArgs,
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    #[command(flatten)]
    pub catalog: CatalogArgs,
    #[command(flatten)]
    pub engine: EngineArgs,
    /// Print the training report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[arg(long, default_value = "seeds")]
    pub out: PathBuf,
    #[arg(long, default_value_t = seedgen::DEFAULT_SEED)]
    pub seed: u64,
}

fn settings(cli_config: Option<&PathBuf>) -> anyhow::Result<Settings> {
    Ok(Settings::from_file(cli_config.map(PathBuf::as_path))?)
}

fn apply_db(settings: &mut Settings, db: &DatabaseArgs) {
    if let Some(url) = &db.database {
        settings.database_url = url.clone();
    }
}

fn apply_catalog(settings: &mut Settings, catalog: &CatalogArgs) {
    if let Some(dir) = &catalog.catalog {
        settings.catalog_dir = Some(dir.clone());
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let mut settings = settings(cli.config.as_ref())?;
    match cli.command {
        Command::Serve(args) => {
            if let Some(bind) = args.bind {
                settings.bind = bind;
            }
            apply_db(&mut settings, &args.db);
            apply_catalog(&mut settings, &args.catalog);
            if let Some(key) = args.session_key {
                settings.session_key = Some(SecretString::from(key));
            }
            if args.workers.is_some() {
                settings.workers = args.workers;
            }
            settings.secure_cookies |= args.secure_cookies;
            if args.event_pickup_interval_ms.is_some() {
                settings.event_pickup_interval_ms = args.event_pickup_interval_ms;
            }
            apply_engine(&mut settings, &args.engine);
            args.personalize.apply(&mut settings);
            args.amplitude.apply(&mut settings);
            let app = Application::build(settings.clone()).await?;
            tracing::info!(
                "storefront listening on http://{}",
                display_addr(&settings.bind, app.port())
            );
            app.run_until_stopped().await
        }
        Command::Migrate(db) => {
            apply_db(&mut settings, &db);
            let store = Store::connect(&settings.database_url).await?;
            store.migrate().await?;
            println!("database is up to date");
            Ok(())
        }
        Command::Seed(args) => {
            apply_db(&mut settings, &args.db);
            apply_catalog(&mut settings, &args.catalog);
            apply_engine(&mut settings, &args.engine);
            if args.force {
                let store = Store::connect(&settings.database_url).await?;
                store.migrate().await?;
                let source = match &settings.catalog_dir {
                    Some(d) => CatalogSource::Dir(d.clone()),
                    None => CatalogSource::Builtin,
                };
                seed_if_needed(&store, &source, true, &settings.engine).await?;
                println!("seeded from {}", source.describe());
            } else {
                let (_, seeded) = prepare_database(&settings).await?;
                println!(
                    "{}",
                    if seeded {
                        "seeded"
                    } else {
                        "already seeded with this catalog"
                    }
                );
            }
            Ok(())
        }
        Command::Train(args) => {
            apply_db(&mut settings, &args.db);
            apply_catalog(&mut settings, &args.catalog);
            apply_engine(&mut settings, &args.engine);
            train(&settings, args.json).await
        }
        Command::Events(args) => {
            apply_db(&mut settings, &args.db);
            events::print_events(&settings, args).await
        }
        Command::Eval(args) => {
            apply_db(&mut settings, &args.db);
            eval::run(&settings, args).await
        }
        Command::Simulate(args) => {
            apply_db(&mut settings, &args.db);
            args.amplitude.apply(&mut settings);
            analytics::simulate(&settings, &args).await
        }
        Command::Funnel(args) => {
            apply_db(&mut settings, &args.db);
            analytics::funnel(&settings, &args).await
        }
        Command::Personalize(personalize::PersonalizeCommand::Check(args)) => {
            apply_db(&mut settings, &args.db);
            args.personalize.apply(&mut settings);
            personalize::check(&settings, &args).await
        }
        Command::Export(export::ExportCommand::Personalize(args)) => {
            apply_db(&mut settings, &args.db);
            personalize::export(&settings, &args).await
        }
        Command::Export(export::ExportCommand::Amplitude(args)) => {
            apply_db(&mut settings, &args.db);
            args.amplitude.apply(&mut settings);
            amplitude::export(&settings, &args).await
        }
        Command::GenerateSeeds(args) => {
            seedgen::write_seeds(&args.out, args.seed)?;
            println!("wrote seeds to {}", args.out.display());
            Ok(())
        }
    }
}

fn display_addr(bind: &str, port: u16) -> String {
    match bind.rsplit_once(':') {
        Some((host, _)) => format!("{host}:{port}"),
        None => bind.to_string(),
    }
}

async fn train(settings: &Settings, json: bool) -> anyhow::Result<()> {
    let (store, _) = prepare_database(settings).await?;
    let catalog = std::sync::Arc::new(crate::catalog::Catalog::new(
        store.load_categories().await?,
        store.load_products().await?,
    ));
    let fingerprint = store.meta("catalog_fingerprint").await?.unwrap_or_default();
    let params = crate::recs::embedded::TrainParams {
        lambda: settings.engine.lambda,
        ..Default::default()
    };
    let (_, report) =
        crate::recs::embedded::service::train_and_save(&store, catalog, &fingerprint, &params)
            .await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "trained on {} interactions of {} shoppers over {} items in {:.2} s; model {:.1} MB ({} item-item weights)",
            report.interactions,
            report.users,
            report.items,
            report.train_seconds,
            report.model_bytes as f64 / 1e6,
            report.ease_weights
        );
    }
    Ok(())
}
