//! `storefront shoppers`: simulated shoppers visiting a running shop over HTTP (`shopper-sim`),
//! with the store's own generative model as their hidden tastes.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use shopper_sim::{Crowd, Params, Report, Totals};

use super::CatalogArgs;
use crate::catalog::{Catalog, CatalogSource};
use crate::config::Settings;
use crate::simulate::ShopPopulation;

#[derive(Debug, Args)]
pub struct ShoppersArgs {
    /// The running shop.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// Visits to make (with --duration, whichever ends first).
    #[arg(long)]
    pub count: Option<u64>,
    /// Keep visiting for this long: 90s, 10m, 1h.
    #[arg(long)]
    pub duration: Option<String>,
    /// Shoppers browsing at the same time.
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// How shoppers browse: a YAML file of the keys to change (defaults: `storefront shoppers
    /// --print-params`).
    #[arg(long)]
    pub params: Option<PathBuf>,
    /// Print the default behaviour parameters, documented, and exit.
    #[arg(long)]
    pub print_params: bool,
    /// The run's name, recorded on each of its events as `simulationRun` (default shoppers-SEED).
    #[arg(long)]
    pub label: Option<String>,
    /// Seconds before one request counts as failed.
    #[arg(long, default_value_t = 30)]
    pub timeout_secs: u64,
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// A JSON report instead of the table.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(settings: &Settings, args: &ShoppersArgs) -> anyhow::Result<()> {
    if args.print_params {
        print!("{}", shopper_sim::params::DEFAULT_YAML);
        return Ok(());
    }
    let params = match &args.params {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
            Params::from_yaml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        }
        None => Params::default(),
    };
    let duration = match &args.duration {
        Some(text) => Some(Duration::from_micros(
            crate::clock::parse_duration(text)
                .and_then(|d| u64::try_from(d).ok())
                .ok_or_else(|| {
                    anyhow::anyhow!("--duration {text:?}: give a length such as 90s, 10m or 1h")
                })?,
        )),
        None => None,
    };
    let count = match (args.count, duration) {
        (Some(0), _) => anyhow::bail!("--count must be at least 1"),
        (None, None) => Some(100),
        (count, _) => count,
    };
    if args.concurrency == 0 || args.concurrency > 10_000 {
        anyhow::bail!("--concurrency must be between 1 and 10000");
    }
    if !(args.url.starts_with("http://") || args.url.starts_with("https://")) {
        anyhow::bail!(
            "--url {:?}: give the shop's address, e.g. http://127.0.0.1:8080",
            args.url
        );
    }
    let label = args
        .label
        .clone()
        .unwrap_or_else(|| format!("shoppers-{}", args.seed));
    if !shopper_sim::valid_label(&label) {
        anyhow::bail!(
            "--label {label:?}: 1 to 64 letters, digits, '.', '_', ':' or '-' (it is sent in a \
             header and recorded on every event)"
        );
    }
    let source = CatalogSource::configured(settings.catalog_dir.as_deref());
    let data = source.load()?;
    if data.shoppers.is_empty() {
        anyhow::bail!("{} has no shoppers to simulate", source.describe());
    }
    let catalog = Arc::new(Catalog::new(data.categories, data.products));
    let population = ShopPopulation::new(
        catalog,
        data.shoppers,
        settings.engine.history_seed,
        args.seed,
    );
    let crowd = Crowd {
        url: args.url.trim_end_matches('/').to_string(),
        count,
        duration,
        concurrency: args.concurrency,
        seed: args.seed,
        label,
        params,
        timeout: Duration::from_secs(args.timeout_secs.max(1)),
    };
    let bar = progress(count, args.json);
    let shown = bar.clone();
    let report = crowd
        .run(population, move |t: &Totals| {
            shown.set_position(if count.is_some() { t.sessions } else { 0 });
            shown.set_message(format!(
                "{} sessions · {} pages · {} events · {} orders · conversion {:.1} % · {} errors",
                t.sessions,
                t.page_views,
                t.events,
                t.orders,
                100.0 * t.conversion_rate(),
                t.errors
            ));
        })
        .await;
    bar.finish_and_clear();
    let report = report?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", table(&report));
    }
    if report.totals.errors > 0 {
        anyhow::bail!(
            "the shop answered {} request(s) with a server error; the first: {}",
            report.totals.errors,
            report.first_errors.first().map_or("", String::as_str)
        );
    }
    Ok(())
}

fn progress(count: Option<u64>, json: bool) -> indicatif::ProgressBar {
    if json || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    if let Some(n) = count {
        crate::app::progress_bar(n, "{bar:30} {pos}/{len} visits {msg}")
    } else {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    }
}

fn table(r: &Report) -> String {
    let t = &r.totals;
    let mut rows: Vec<(String, String)> = vec![
        (
            "sessions".into(),
            format!("{} ({} emulating a stored shopper)", t.sessions, t.emulated),
        ),
        ("page views".into(), t.page_views.to_string()),
        ("requests".into(), t.requests.to_string()),
        ("events (actions recorded)".into(), t.events.to_string()),
        ("searches".into(), t.searches.to_string()),
        ("card clicks".into(), t.clicks.to_string()),
    ];
    for (feature, n) in &t.clicks_by_feature {
        rows.push((format!("  on {feature}"), n.to_string()));
    }
    rows.extend([
        (
            "sessions with a click".into(),
            format!(
                "{} ({:.1} %)",
                t.sessions_with_click,
                100.0 * r.click_through_rate
            ),
        ),
        ("adds to cart".into(), t.adds.to_string()),
        ("out of stock when viewed".into(), t.unavailable.to_string()),
        ("cart views".into(), t.cart_views.to_string()),
        ("checkouts".into(), t.checkouts.to_string()),
        (
            "orders".into(),
            format!(
                "{} (conversion {:.2} %)",
                t.orders,
                100.0 * r.conversion_rate
            ),
        ),
        ("revenue".into(), format!("${:.2}", t.revenue)),
        ("server errors (5xx)".into(), t.errors.to_string()),
        ("other failures".into(), t.failures.to_string()),
        ("elapsed".into(), format!("{:.1} s", r.elapsed_secs)),
        (
            "throughput".into(),
            format!(
                "{:.0} pages/s ({:.0} requests/s)",
                r.pages_per_sec, r.requests_per_sec
            ),
        ),
        (
            "latency".into(),
            format!(
                "p50 {:.2} ms · p90 {:.2} ms · p99 {:.2} ms · max {:.1} ms",
                r.latency.p50_ms, r.latency.p90_ms, r.latency.p99_ms, r.latency.max_ms
            ),
        ),
    ]);
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out = format!(
        "simulated shoppers, run {} (seed {}, concurrency {})\n",
        r.label, r.seed, r.concurrency
    );
    for (k, v) in rows {
        out.push_str(&format!("  {k:<width$}  {v}\n"));
    }
    for e in &r.first_errors {
        out.push_str(&format!("  error: {e}\n"));
    }
    out
}
