//! The `storefront` command: one binary, one subcommand per job.

mod amplitude;
mod analytics;
mod config;
mod eval;
mod events;
mod experiment;
mod export;
mod personalize;
mod search;
mod shoppers;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::app::{Application, Intent, connect_and_migrate, open_seeded_database, settle_catalog};
use crate::config::{Overrides, RecommenderKind, Settings, Sources};
use config::ConfigCommand;

#[derive(Debug, Parser)]
#[command(name = "storefront", version, about = "A personalization storefront")]
pub struct Cli {
    /// Optional YAML configuration file; STOREFRONT_* variables and flags override it.
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
    /// Measure the search on a judged query set: precision@5 and NDCG@10.
    SearchEval(search::SearchEvalArgs),
    /// Simulate shopping sessions from a funnel scenario (the measuring-personalization workshop).
    Simulate(analytics::SimulateArgs),
    /// Simulated shoppers who browse a running shop over HTTP and react to what it shows them.
    Shoppers(shoppers::ShoppersArgs),
    /// A conversion funnel over the recorded events, optionally comparing two periods or segments.
    Funnel(analytics::FunnelArgs),
    /// Amazon Personalize: check the configured resources.
    #[command(subcommand)]
    Personalize(personalize::PersonalizeCommand),
    /// The effective settings.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Export the store's data for other services.
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Experiments between recommendation strategies: create, list, start, stop, results.
    #[command(subcommand)]
    Experiment(experiment::ExperimentCommand),
    /// Generate a catalog and shoppers in the Retail Demo Store's formats: the store's own seeds
    /// by default, or any size (deterministic per seed).
    GenerateSeeds(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// Database URL: sqlite://PATH (default sqlite://data/storefront.db) or postgres://…
    #[arg(long)]
    pub database: Option<String>,
}

impl DatabaseArgs {
    fn add_to(&self, flags: &mut Overrides) {
        flags.set("database_url", self.database.clone());
    }
}

#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// A folder with products.yaml, categories.yaml and optionally users.json(.gz) in the
    /// Retail Demo Store's formats. Default: the catalog the database holds (the store's own
    /// seeds for an empty one); commands without a database read the store's own seeds.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

impl CatalogArgs {
    fn add_to(&self, flags: &mut Overrides) {
        let dir = self.catalog.as_ref();
        flags.set("catalog_dir", dir.map(|d| d.to_string_lossy().into_owned()));
    }
}

/// The flags of `serve`: every setting that belongs on a command line.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long)]
    pub bind: Option<String>,
    #[command(flatten)]
    pub db: DatabaseArgs,
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Session cookie key, at least 64 bytes; default: generated once and kept in the database.
    #[arg(long)]
    pub session_key: Option<String>,
    /// HTTP worker threads (default: one per core).
    #[arg(long)]
    pub workers: Option<usize>,
    /// Mark the session cookie Secure (when served over HTTPS).
    #[arg(long)]
    pub secure_cookies: bool,
    /// Pick up other instances' events this often, in ms (0: never; default 500 on
    /// PostgreSQL, never on SQLite).
    #[arg(long)]
    pub event_pickup_interval_ms: Option<u64>,
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(flatten)]
    pub personalize: personalize::PersonalizeArgs,
    #[command(flatten)]
    pub amplitude: amplitude::AmplitudeArgs,
}

impl ServeArgs {
    fn add_to(&self, flags: &mut Overrides) {
        self.db.add_to(flags);
        self.catalog.add_to(flags);
        flags
            .set("bind", self.bind.clone())
            .set("session_key", self.session_key.clone())
            .set("workers", self.workers)
            .set("secure_cookies", self.secure_cookies.then_some(true))
            .set("event_pickup_interval_ms", self.event_pickup_interval_ms);
        self.engine.add_to(flags);
        self.personalize.add_to(flags);
        self.amplitude.add_to(flags);
    }
}

#[derive(Debug, Args)]
pub struct EngineArgs {
    /// Which engine answers the shelves.
    #[arg(long, value_enum)]
    pub recommender: Option<RecommenderKind>,
    /// Synthetic interactions the seed step writes (0: none).
    #[arg(long)]
    pub history_interactions: Option<usize>,
    /// Retrain in the background every this many seconds (0: never).
    #[arg(long)]
    pub retrain_interval_secs: Option<u64>,
}

impl EngineArgs {
    fn add_to(&self, flags: &mut Overrides) {
        flags
            .set(
                "engine.recommender",
                self.recommender.map(RecommenderKind::name),
            )
            .set("engine.history_interactions", self.history_interactions)
            .set("engine.retrain_interval_secs", self.retrain_interval_secs);
    }
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Rewrite the catalog even if the database already holds these files, or replace the one it
    /// holds with another (`--catalog`; without it, the held catalog's own source again).
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
    /// Products to generate, spread evenly over the 16 categories (the seeds have 2,400).
    #[arg(long, default_value_t = seedgen::Sizes::SEEDS.products, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=10_000_000))]
    pub products: usize,
    /// Shoppers to generate (the seeds have 6,000).
    #[arg(long, default_value_t = seedgen::Sizes::SEEDS.shoppers, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=10_000_000))]
    pub shoppers: usize,
}

/// The settings flags of a command: the last layer over the file and the environment.
fn flags_of(command: &Command) -> Overrides {
    let mut flags = Overrides::default();
    match command {
        Command::Serve(args)
        | Command::Config(ConfigCommand::Show(config::ShowArgs { serve: args, .. })) => {
            args.add_to(&mut flags);
        }
        Command::Migrate(db) => db.add_to(&mut flags),
        Command::Seed(SeedArgs {
            db,
            catalog,
            engine,
            ..
        })
        | Command::Train(TrainArgs {
            db,
            catalog,
            engine,
            ..
        }) => {
            db.add_to(&mut flags);
            catalog.add_to(&mut flags);
            engine.add_to(&mut flags);
        }
        Command::Events(args) => args.db.add_to(&mut flags),
        Command::Eval(args) => args.db.add_to(&mut flags),
        Command::Funnel(args) => args.db.add_to(&mut flags),
        Command::Simulate(args) => {
            args.db.add_to(&mut flags);
            args.amplitude.add_to(&mut flags);
        }
        Command::Personalize(personalize::PersonalizeCommand::Check(args)) => {
            args.db.add_to(&mut flags);
            args.personalize.add_to(&mut flags);
        }
        Command::Export(export::ExportCommand::Personalize(args)) => args.db.add_to(&mut flags),
        Command::Export(export::ExportCommand::Amplitude(args)) => {
            args.db.add_to(&mut flags);
            args.amplitude.add_to(&mut flags);
        }
        Command::Experiment(command) => {
            if let Some(db) = command.db() {
                db.add_to(&mut flags);
            }
        }
        Command::Shoppers(args) => args.catalog.add_to(&mut flags),
        Command::SearchEval(args) => args.catalog.add_to(&mut flags),
        Command::GenerateSeeds(_) => {}
    }
    flags
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let flags = flags_of(&cli.command);
    let settings = Settings::load(&Sources::from_process(cli.config, flags))?;
    match cli.command {
        Command::Serve(_) => {
            let app = Application::build(settings.clone()).await?;
            tracing::info!(
                "storefront listening on http://{}",
                display_addr(&settings.bind, app.port())
            );
            app.run_until_stopped().await
        }
        Command::Config(ConfigCommand::Show(args)) => config::show(&settings, &args),
        Command::Migrate(_) => {
            connect_and_migrate(&settings).await?;
            println!("database is up to date");
            Ok(())
        }
        Command::Seed(args) => {
            let store = connect_and_migrate(&settings).await?;
            let intent = if args.force {
                Intent::Replace
            } else {
                Intent::Follow
            };
            let seeding = settle_catalog(&store, &settings, intent).await?;
            if seeding.seeded {
                println!("seeded from {}", seeding.catalog);
            } else {
                println!("already seeded with {}", seeding.catalog);
            }
            // A large history is packed for funnels now, so the first funnel does not pay for it.
            let started = std::time::Instant::now();
            let packed = store.refresh_event_digest().await?;
            if packed.events > 0 {
                println!(
                    "packed {} events into {} blocks of the event digest in {:.1} s",
                    packed.events,
                    packed.blocks,
                    started.elapsed().as_secs_f64()
                );
            }
            Ok(())
        }
        Command::Train(args) => train(&settings, args.json).await,
        Command::Events(args) => events::print_events(&settings, args).await,
        Command::Eval(args) => eval::run(&settings, args).await,
        Command::SearchEval(args) => search::run(&settings, &args),
        Command::Simulate(args) => analytics::simulate(&settings, &args).await,
        Command::Funnel(args) => analytics::funnel(&settings, &args).await,
        Command::Shoppers(args) => shoppers::run(&settings, &args).await,
        Command::Personalize(personalize::PersonalizeCommand::Check(args)) => {
            personalize::check(&settings, &args).await
        }
        Command::Export(export::ExportCommand::Personalize(args)) => {
            personalize::export(&settings, &args).await
        }
        Command::Export(export::ExportCommand::Amplitude(args)) => {
            amplitude::export(&settings, &args).await
        }
        Command::Experiment(command) => experiment::run(&settings, command).await,
        Command::GenerateSeeds(args) => generate_seeds(&args),
    }
}

/// `generate-seeds`: the catalog and shoppers at the asked sizes, with a progress bar per part.
fn generate_seeds(args: &GenerateArgs) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let sizes = seedgen::Sizes {
        products: args.products,
        shoppers: args.shoppers,
    };
    let bar = std::sync::Mutex::new(None::<indicatif::ProgressBar>);
    let progress = |step: seedgen::Progress| {
        let mut bar = bar
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match step {
            seedgen::Progress::Start { part, total } => {
                if let Some(done) = bar.take() {
                    done.finish();
                }
                *bar = Some(crate::app::progress_bar(
                    total as u64,
                    &format!("{part:>9} [{{bar:40}}] {{pos}}/{{len}} ({{per_sec}}, {{eta}})"),
                ));
            }
            seedgen::Progress::Made(n) => {
                if let Some(bar) = bar.as_ref() {
                    bar.inc(n as u64);
                }
            }
        }
    };
    seedgen::write_sized(&args.out, args.seed, sizes, &progress)?;
    if let Some(done) = bar
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take()
    {
        done.finish();
    }
    println!(
        "wrote {} products and {} shoppers to {} in {:.1} s",
        sizes.products,
        sizes.shoppers,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn display_addr(bind: &str, port: u16) -> String {
    match bind.rsplit_once(':') {
        Some((host, _)) => format!("{host}:{port}"),
        None => bind.to_string(),
    }
}

async fn train(settings: &Settings, json: bool) -> anyhow::Result<()> {
    let store = open_seeded_database(settings).await?;
    let catalog = std::sync::Arc::new(crate::catalog::Catalog::new(
        store.load_categories().await?,
        store.load_products().await?,
    ));
    let fingerprint = store.meta("catalog_fingerprint").await?.unwrap_or_default();
    let params = crate::recs::embedded::TrainParams::from_settings(&settings.engine);
    let (_, report) =
        crate::recs::embedded::service::train_and_save(&store, catalog, &fingerprint, &params)
            .await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "trained on {} interactions of {} shoppers over {} items in {:.2} s ({} EASE); model {:.1} MB ({} item-item weights)",
            report.interactions,
            report.users,
            report.items,
            report.train_seconds,
            report.item_model,
            report.model_bytes as f64 / 1e6,
            report.ease_weights
        );
    }
    Ok(())
}
