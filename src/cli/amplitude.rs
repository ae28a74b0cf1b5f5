//! Amplitude from the command line: its settings as flags, and `storefront export amplitude`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::DatabaseArgs;
use crate::config::{AmplitudeRegion, Overrides, Settings};
use crate::events::amplitude::{self, AmplitudeClient, BatchLimits, Target};

/// Amplitude's settings as flags (over the file and STOREFRONT_AMPLITUDE__* variables).
#[derive(Debug, Args, Default)]
pub struct AmplitudeArgs {
    /// Amplitude project API key: set, store events also go to Amplitude's HTTP V2 API.
    #[arg(long)]
    pub amplitude_api_key: Option<String>,
    /// Amplitude data centre (us or eu).
    #[arg(long, value_enum)]
    pub amplitude_region: Option<AmplitudeRegion>,
    /// Another endpoint for Amplitude's HTTP V2 API (a test server, a proxy).
    #[arg(long)]
    pub amplitude_endpoint_url: Option<String>,
}

impl AmplitudeArgs {
    pub fn add_to(&self, flags: &mut Overrides) {
        flags
            .set("amplitude.api_key", self.amplitude_api_key.clone())
            .set(
                "amplitude.region",
                self.amplitude_region.map(AmplitudeRegion::name),
            )
            .set(
                "amplitude.endpoint_url",
                self.amplitude_endpoint_url.clone(),
            );
    }
}

#[derive(Debug, Args)]
pub struct AmplitudeExportArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    #[command(flatten)]
    pub amplitude: AmplitudeArgs,
    #[command(flatten)]
    pub selection: super::events::EventSelection,
    /// Send nothing: write the events as the requests would carry them, one JSON object a line.
    #[arg(long, requires = "out")]
    pub dry_run: bool,
    /// The NDJSON file of a dry run ("-": standard output).
    #[arg(long, requires = "dry_run")]
    pub out: Option<PathBuf>,
}

pub async fn export(settings: &Settings, args: &AmplitudeExportArgs) -> anyhow::Result<()> {
    settings.amplitude.validate()?;
    let filter = args.selection.filter()?;
    // Fails before any reading when there is no key to send with.
    let client = if args.dry_run {
        None
    } else {
        Some(AmplitudeClient::new(&settings.amplitude)?)
    };
    let store = crate::app::connect_and_migrate(settings).await?;
    let bar = crate::app::progress_bar(
        0,
        "amplitude {bar:40.cyan/blue} {percent:>3}% {msg} ({elapsed})",
    );
    let mut progress = |done: u64, total: u64, r: &amplitude::ExportReport| {
        bar.set_length(total);
        bar.set_position(done);
        bar.set_message(if args.dry_run {
            format!("{} events written", r.written)
        } else {
            format!("{} sent, {} lost", r.sent, r.lost)
        });
    };
    let report = match (&client, &args.out) {
        (Some(client), _) => {
            amplitude::export(&store, &filter, Target::Send(client), &mut progress).await?
        }
        (None, Some(path)) => {
            let mut out: Box<dyn Write> = if path.as_os_str() == "-" {
                Box::new(std::io::BufWriter::new(std::io::stdout().lock()))
            } else {
                let file = std::fs::File::create(path)
                    .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
                Box::new(std::io::BufWriter::new(file))
            };
            let target = Target::DryRun {
                out: &mut out,
                limits: BatchLimits::of(&settings.amplitude),
            };
            amplitude::export(&store, &filter, target, &mut progress).await?
        }
        (None, None) => anyhow::bail!("--dry-run needs --out FILE"),
    };
    bar.finish_and_clear();
    store.close().await;
    if args.dry_run {
        eprintln!(
            "dry run: wrote {} events ({} requests' worth) and sent nothing",
            report.written, report.requests
        );
        return Ok(());
    }
    let endpoint = client.as_ref().map_or("", |c| c.endpoint());
    println!(
        "sent {} of {} events to {endpoint} in {} requests; {} lost",
        report.sent, report.events, report.requests, report.lost
    );
    if report.lost > 0 {
        anyhow::bail!(
            "{} events were not accepted: {}",
            report.lost,
            report.last_error.unwrap_or_default()
        );
    }
    Ok(())
}
