//! `storefront config show`: the settings `serve` would run with, after every layer.

use clap::{Args, Subcommand};

use super::ServeArgs;
use crate::config::Settings;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective settings (defaults, file, STOREFRONT_* variables and these flags) as
    /// YAML, secrets redacted; fails if they are not valid.
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The flags `serve` takes, to see their effect.
    #[command(flatten)]
    pub serve: ServeArgs,
    /// Print JSON instead of YAML.
    #[arg(long)]
    pub json: bool,
}

pub fn show(settings: &Settings, args: &ShowArgs) -> anyhow::Result<()> {
    if args.json {
        println!("{}", serde_json::to_string_pretty(settings)?);
    } else {
        let yaml = serde_saphyr::to_string(settings)?;
        println!("{}", yaml.trim_end());
    }
    Ok(settings.validate()?)
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::super::{Cli, flags_of};
    use crate::config::{AmplitudeRegion, RecommenderKind, Settings, Sources};

    /// Every settings flag lands on its setting (a path the flags name wrongly would be an
    /// unknown setting here).
    #[test]
    fn every_settings_flag_sets_its_setting() {
        let cli = Cli::try_parse_from([
            "storefront",
            "config",
            "show",
            "--bind=0.0.0.0:1",
            "--database=sqlite://x.db",
            "--catalog=/catalog",
            "--session-key=k",
            "--workers=3",
            "--secure-cookies",
            "--event-pickup-interval-ms=7",
            "--recommender=baseline",
            "--history-interactions=11",
            "--retrain-interval-secs=12",
            "--personalize-region=eu-west-1",
            "--personalize-endpoint-url=http://p",
            "--personalize-recommendations-arn=a1",
            "--personalize-related-arn=a2",
            "--personalize-ranking-arn=a3",
            "--personalize-popular-arn=a4",
            "--personalize-filter-arn=a5",
            "--personalize-filter-value=A=1,B=2",
            "--personalize-context=DEVICE=web",
            "--personalize-tracking-id=t",
            "--personalize-access-key-id=id",
            "--personalize-secret-access-key=s",
            "--personalize-timeout-ms=13",
            "--amplitude-api-key=key",
            "--amplitude-region=eu",
            "--amplitude-endpoint-url=http://a",
        ])
        .expect("parses");
        let s = Settings::load(&Sources {
            flags: flags_of(&cli.command),
            ..Sources::default()
        })
        .expect("loads");
        assert_eq!(
            (s.bind.as_str(), s.database_url.as_str(), s.workers),
            ("0.0.0.0:1", "sqlite://x.db", Some(3))
        );
        assert_eq!(
            s.catalog_dir.as_deref(),
            Some(std::path::Path::new("/catalog"))
        );
        assert!(s.session_key.is_some() && s.secure_cookies);
        assert_eq!(s.event_pickup_interval_ms, Some(7));
        let e = &s.engine;
        assert_eq!(
            (
                e.recommender,
                e.history_interactions,
                e.retrain_interval_secs
            ),
            (RecommenderKind::Baseline, 11, 12)
        );
        let p = &s.personalize;
        assert_eq!(p.region.as_deref(), Some("eu-west-1"));
        assert_eq!(p.endpoint_url.as_deref(), Some("http://p"));
        assert_eq!(p.arns().len(), 5);
        assert_eq!(p.filter_values.len(), 2);
        assert_eq!(p.context["DEVICE"], "web");
        assert_eq!(p.tracking_id.as_deref(), Some("t"));
        assert!(p.access_key_id.is_some() && p.secret_access_key.is_some());
        assert_eq!(p.timeout_ms, 13);
        let a = &s.amplitude;
        assert!(a.api_key.is_some());
        assert_eq!(a.region, AmplitudeRegion::Eu);
        assert_eq!(a.endpoint(), "http://a");
    }
}
