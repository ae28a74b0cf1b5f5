//! Amazon Personalize from the command line: its settings as flags, `storefront personalize
//! check`, and `storefront export personalize`.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Subcommand};

use super::DatabaseArgs;
use crate::config::{Overrides, Settings};
use crate::domain::UserId;
use crate::recs::personalize::{Clients, PersonalizeRecommender, dataset};

/// Personalize's settings as flags (over the file and STOREFRONT_PERSONALIZE__* variables).
#[derive(Debug, Args, Default)]
pub struct PersonalizeArgs {
    /// AWS region of the Personalize resources (default: the AWS chain, e.g. AWS_REGION).
    #[arg(long)]
    pub personalize_region: Option<String>,
    /// Another endpoint for Personalize (a test server, LocalStack).
    #[arg(long)]
    pub personalize_endpoint_url: Option<String>,
    /// User recommendations: a campaign or recommender ARN (e.g. recommended-for-you).
    #[arg(long)]
    pub personalize_recommendations_arn: Option<String>,
    /// Related items: a Similar-Items or SIMS campaign (or recommender) ARN.
    #[arg(long)]
    pub personalize_related_arn: Option<String>,
    /// Personalized ranking campaign ARN.
    #[arg(long)]
    pub personalize_ranking_arn: Option<String>,
    /// Popular items recommender (or campaign) ARN.
    #[arg(long)]
    pub personalize_popular_arn: Option<String>,
    /// The exclude-purchased filter ARN for user recommendations.
    #[arg(long)]
    pub personalize_filter_arn: Option<String>,
    /// A value for the filter's placeholder, NAME=VALUE (repeatable, or comma-separated).
    #[arg(long, value_delimiter = ',', value_parser = key_value)]
    pub personalize_filter_value: Vec<(String, String)>,
    /// Context for user recommendations and ranking, KEY=VALUE (repeatable, or comma-separated).
    #[arg(long, value_delimiter = ',', value_parser = key_value)]
    pub personalize_context: Vec<(String, String)>,
    /// Event tracker tracking id: every store event is also sent with PutEvents.
    #[arg(long)]
    pub personalize_tracking_id: Option<String>,
    /// Explicit AWS access key id (prefer the standard AWS credential chain).
    #[arg(long)]
    pub personalize_access_key_id: Option<String>,
    /// Explicit AWS secret access key, with --personalize-access-key-id.
    #[arg(long)]
    pub personalize_secret_access_key: Option<String>,
    /// How long a shelf waits for Personalize, in milliseconds (default 250).
    #[arg(long)]
    pub personalize_timeout_ms: Option<u64>,
}

impl PersonalizeArgs {
    pub fn add_to(&self, flags: &mut Overrides) {
        let texts = [
            ("personalize.region", &self.personalize_region),
            ("personalize.endpoint_url", &self.personalize_endpoint_url),
            (
                "personalize.recommendations_arn",
                &self.personalize_recommendations_arn,
            ),
            ("personalize.related_arn", &self.personalize_related_arn),
            ("personalize.ranking_arn", &self.personalize_ranking_arn),
            ("personalize.popular_arn", &self.personalize_popular_arn),
            ("personalize.filter_arn", &self.personalize_filter_arn),
            ("personalize.tracking_id", &self.personalize_tracking_id),
            ("personalize.access_key_id", &self.personalize_access_key_id),
            (
                "personalize.secret_access_key",
                &self.personalize_secret_access_key,
            ),
        ];
        for (path, value) in texts {
            flags.set(path, value.clone());
        }
        let maps = [
            ("personalize.filter_values", &self.personalize_filter_value),
            ("personalize.context", &self.personalize_context),
        ];
        for (path, pairs) in maps {
            let map: serde_json::Map<String, serde_json::Value> = pairs
                .iter()
                .map(|(k, v)| (k.clone(), v.clone().into()))
                .collect();
            flags.set(path, (!map.is_empty()).then_some(map));
        }
        flags.set("personalize.timeout_ms", self.personalize_timeout_ms);
    }
}

fn key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.trim().to_string())),
        _ => Err(format!("{text:?} is not KEY=VALUE")),
    }
}

#[derive(Debug, Subcommand)]
pub enum PersonalizeCommand {
    /// Make one call to every configured Personalize resource and print what answered.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    #[command(flatten)]
    pub personalize: PersonalizeArgs,
    /// The user id to ask for (default: the first of the store's shoppers).
    #[arg(long)]
    pub user: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// The folder to write into (created if missing).
    #[arg(long)]
    pub out: PathBuf,
}

async fn open_catalog(
    settings: &Settings,
) -> anyhow::Result<(crate::db::Store, crate::catalog::Catalog)> {
    let store = crate::app::open_seeded_database(settings).await?;
    let catalog =
        crate::catalog::Catalog::new(store.load_categories().await?, store.load_products().await?);
    Ok((store, catalog))
}

pub async fn check(settings: &Settings, args: &CheckArgs) -> anyhow::Result<()> {
    if settings.personalize.arns().is_empty() {
        anyhow::bail!(
            "no Personalize resource is configured: set at least one of \
             --personalize-recommendations-arn, --personalize-related-arn, \
             --personalize-ranking-arn, --personalize-popular-arn"
        );
    }
    settings.personalize.validate(false)?;
    let (store, catalog) = open_catalog(settings).await?;
    let shoppers = store.load_shoppers().await?;
    let user: UserId = match &args.user {
        Some(u) => u.as_str().into(),
        None => shoppers
            .first()
            .map_or_else(|| "storefront-check".into(), |s| s.id.clone()),
    };
    let catalog = Arc::new(catalog);
    let items: Vec<usize> = (0..catalog.len().min(25)).collect();
    let clients = Clients::connect(&settings.personalize).await;
    let fallback = Arc::new(crate::recs::BaselineRecommender::new(catalog.clone(), &[]));
    let personalize = PersonalizeRecommender::new(
        catalog,
        clients.runtime,
        &settings.personalize,
        settings.engine.promoted_share,
        fallback,
    );
    let probes = personalize.probe(&user, &items).await;
    store.close().await;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&probes)?);
    } else {
        for p in &probes {
            match &p.error {
                None => println!(
                    "{:<16} {}  answered {} items in {} ms{}",
                    p.use_case,
                    p.resource,
                    p.items,
                    p.millis,
                    p.recommendation_id
                        .as_deref()
                        .map(|r| format!(" (recommendation id {r})"))
                        .unwrap_or_default()
                ),
                Some(e) => println!("{:<16} {}  FAILED: {e}", p.use_case, p.resource),
            }
        }
        if let Some(filter) = &settings.personalize.filter_arn {
            println!(
                "{:<16} {filter}  (used by the recommendations call)",
                "filter"
            );
        }
    }
    let failed = probes.iter().filter(|p| p.error.is_some()).count();
    if failed > 0 {
        anyhow::bail!(
            "{failed} of {} Personalize resources did not answer",
            probes.len()
        );
    }
    Ok(())
}

pub async fn export(settings: &Settings, args: &ExportArgs) -> anyhow::Result<()> {
    let (store, catalog) = open_catalog(settings).await?;
    let shoppers = store.load_shoppers().await?;
    let interactions = store.interactions().await?;
    store.close().await;
    let shoppers: Vec<&crate::domain::Shopper> = shoppers.iter().collect();
    let report = dataset::export(&args.out, &catalog, &shoppers, &interactions)
        .map_err(|e| anyhow::anyhow!("cannot write to {}: {e}", args.out.display()))?;
    println!(
        "wrote {} items, {} users and {} interactions with their schemas to {}",
        report.items,
        report.users,
        report.interactions,
        report.dir.display()
    );
    Ok(())
}
