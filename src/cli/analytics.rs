//! `storefront simulate` and `storefront funnel`: the measuring-personalization workshop on the
//! command line.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::DatabaseArgs;
use crate::analytics::FunnelSpec;
use crate::analytics::spec::{p_value, percent, points};
use crate::config::Settings;
use crate::db::{EventRow, LoadMode};
use crate::simulate::{Scenario, SimulationOptions, Simulator};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SimulateOutput {
    /// The store's event table (marked `simulated`).
    Db,
    /// One JSON event a line, to --out or standard output.
    Ndjson,
    /// Amplitude's HTTP V2 API (needs --amplitude-api-key).
    Amplitude,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// A scenario: pre-personalization, post-personalization, or a YAML file of funnels.
    #[arg(long, default_value = "pre-personalization")]
    pub scenario: String,
    /// Start of the simulated period: 30d (days ago), a date, or an RFC 3339 time.
    #[arg(long, default_value = "30d")]
    pub from: String,
    /// End of the simulated period (exclusive).
    #[arg(long, default_value = "now")]
    pub to: String,
    #[arg(long, default_value_t = 200)]
    pub sessions_per_day: usize,
    /// Draw shoppers from the first N of the store's shoppers (default: all).
    #[arg(long)]
    pub users: Option<usize>,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    #[arg(long, value_enum, default_value = "db")]
    pub output: SimulateOutput,
    /// With --output ndjson: the file to write (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub amplitude: super::amplitude::AmplitudeArgs,
}

#[derive(Debug, Args)]
pub struct FunnelArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// Event types in order, comma-separated.
    #[arg(long, default_value = crate::analytics::spec::DEFAULT_STEPS)]
    pub steps: String,
    /// Entry range start: 30d (days ago), now, a date or an RFC 3339 time.
    #[arg(long, default_value = "30d")]
    pub from: String,
    #[arg(long, default_value = "now")]
    pub to: String,
    /// Conversion window from entry: 1d, 12h, 30m.
    #[arg(long, default_value = "1d")]
    pub window: String,
    /// Step filter STEP:PROPERTY=V1,V2 (or !=); repeatable.
    #[arg(long)]
    pub filter: Vec<String>,
    /// Hold constant across steps: session, or a property name.
    #[arg(long, default_value = "")]
    pub hold: String,
    /// Group by a property of the entry event.
    #[arg(long, default_value = "")]
    pub group_by: String,
    /// Compare with a second period (B) …
    #[arg(long, default_value = "")]
    pub compare_from: String,
    #[arg(long, default_value = "")]
    pub compare_to: String,
    /// … and/or a step-1 segment for B: PROPERTY=V1,V2.
    #[arg(long, default_value = "")]
    pub compare_filter: String,
    /// Which events count: all, simulated or live.
    #[arg(long, default_value = "all")]
    pub source: String,
    /// The workshop's comparison (simulated events, 60–30 days ago vs the last 30 days' views
    /// from the personalization shelves); other flags are ignored.
    #[arg(long)]
    pub workshop: bool,
    #[arg(long)]
    pub json: bool,
}

pub async fn simulate(settings: &Settings, args: &SimulateArgs) -> anyhow::Result<()> {
    let now = crate::clock::Timestamp::now();
    let from = super::events::time_flag(&args.from, "from", now)?;
    let to = super::events::time_flag(&args.to, "to", now)?;
    if from >= to {
        anyhow::bail!("--from must be before --to");
    }
    if args.sessions_per_day == 0 {
        anyhow::bail!("--sessions-per-day must be at least 1");
    }
    let (scenario, funnels) = Scenario::load(&args.scenario)?;
    let store = crate::app::open_seeded_database(settings).await?;
    let catalog =
        crate::catalog::Catalog::new(store.load_categories().await?, store.load_products().await?);
    let mut shoppers = store.load_shoppers().await?;
    shoppers.truncate(args.users.unwrap_or(usize::MAX));
    if shoppers.is_empty() {
        anyhow::bail!("the store has no shoppers to simulate");
    }
    let options = SimulationOptions {
        from,
        to,
        sessions_per_day: args.sessions_per_day,
        seed: args.seed,
        scenario: scenario.name.clone(),
    };
    let mut out: Option<Box<dyn Write + Send>> = match (args.output, &args.out) {
        (SimulateOutput::Ndjson, Some(path)) => Some(Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
        ))),
        (SimulateOutput::Ndjson, None) => {
            Some(Box::new(std::io::BufWriter::new(std::io::stdout())))
        }
        (SimulateOutput::Db | SimulateOutput::Amplitude, _) => None,
    };
    let amplitude = match args.output {
        SimulateOutput::Amplitude => {
            if settings.amplitude.api_key.is_none() {
                anyhow::bail!(
                    "--output amplitude needs --amplitude-api-key (or STOREFRONT_AMPLITUDE__API_KEY)"
                );
            }
            Some(crate::events::amplitude::AmplitudeClient::new(
                &settings.amplitude,
            )?)
        }
        _ => None,
    };
    let personas = crate::catalog::ShopperDirectory::new(shoppers.clone());
    let mut sessions = crate::events::amplitude::Sessions::default();
    let mut delivery = crate::events::amplitude::Delivery::default();
    let mut loader = match args.output {
        SimulateOutput::Db => Some(store.event_loader(LoadMode::Shared).await?),
        _ => None,
    };
    let started = std::time::Instant::now();
    let bar = crate::app::progress_bar(
        options.days() as u64,
        "simulate {bar:40.cyan/blue} {pos}/{len} days {msg}",
    );
    // Days are generated (and, for the database, encoded) on their own thread while the
    // previous ones are written.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<SimulatedDay>(2);
    let encode = loader.is_some();
    let generator = std::thread::spawn(move || {
        let pool: Vec<&crate::domain::Shopper> = shoppers.iter().collect();
        let simulator = Simulator::new(&catalog, pool, &funnels, options);
        for day in 0..simulator.days() {
            let events = simulator.day(day);
            let day = if encode {
                SimulatedDay::Rows(events.into_iter().map(EventRow::from).collect())
            } else {
                SimulatedDay::Events(events)
            };
            if tx.blocking_send(day).is_err() {
                break;
            }
        }
        simulator.sessions()
    });
    let mut generated = 0u64;
    while let Some(day) = rx.recv().await {
        match day {
            SimulatedDay::Rows(rows) => {
                generated += rows.len() as u64;
                if let Some(loader) = loader.as_mut() {
                    loader.write(rows).await?;
                }
            }
            SimulatedDay::Events(events) => {
                generated += events.len() as u64;
                match (out.as_mut(), &amplitude) {
                    (Some(w), _) => {
                        for e in &events {
                            serde_json::to_writer(&mut *w, e)?;
                            w.write_all(b"\n")?;
                        }
                    }
                    // Every simulated shopper is one of the store's: a known user with a persona.
                    (None, Some(client)) => {
                        let bodies: Vec<Vec<u8>> = events
                            .iter()
                            .map(|e| {
                                let start =
                                    sessions.start_of(&e.session_id, e.timestamp.as_millis());
                                let shopper = personas
                                    .get(e.user_id.as_str())
                                    .map(std::convert::AsRef::as_ref);
                                crate::events::amplitude::amplitude_event(e, true, shopper, start)
                                    .to_json()
                            })
                            .collect();
                        delivery.add(client.send(&bodies).await);
                    }
                    (None, None) => {}
                }
            }
        }
        bar.inc(1);
        bar.set_message(format!("{generated} events"));
    }
    let written = match loader {
        Some(loader) => loader.finish().await?,
        None => 0,
    };
    let sessions = generator
        .join()
        .map_err(|_| anyhow::anyhow!("the simulator stopped unexpectedly"))?;
    if let Some(mut w) = out {
        w.flush()?;
    }
    bar.finish();
    store.close().await;
    let seconds = started.elapsed().as_secs_f64();
    let target = match args.output {
        SimulateOutput::Db => format!("the database ({written} new; the rest were already there)"),
        SimulateOutput::Ndjson => "NDJSON".to_string(),
        SimulateOutput::Amplitude => format!(
            "Amplitude ({} sent in {} requests, {} lost{})",
            delivery.sent,
            delivery.requests,
            delivery.lost,
            delivery
                .last_error
                .as_deref()
                .map(|e| format!(": {e}"))
                .unwrap_or_default()
        ),
    };
    eprintln!(
        "simulated {sessions} sessions of \"{}\": {generated} events in {seconds:.2} s ({:.0} events/s) into {target}",
        scenario.name,
        generated as f64 / seconds.max(1e-9),
    );
    if delivery.lost > 0 {
        anyhow::bail!("{} events did not reach Amplitude", delivery.lost);
    }
    Ok(())
}

/// One simulated day on its way to the output: encoded rows for the database, events for the
/// others.
enum SimulatedDay {
    Rows(Vec<EventRow>),
    Events(Vec<crate::events::Event>),
}

pub async fn funnel(settings: &Settings, args: &FunnelArgs) -> anyhow::Result<()> {
    let spec = if args.workshop {
        FunnelSpec::workshop()
    } else {
        FunnelSpec {
            steps: args.steps.clone(),
            from: args.from.clone(),
            to: args.to.clone(),
            window: args.window.clone(),
            filter: args.filter.join(";"),
            hold: args.hold.clone(),
            group_by: args.group_by.clone(),
            compare_from: args.compare_from.clone(),
            compare_to: args.compare_to.clone(),
            compare_filter: args.compare_filter.clone(),
            source: args.source.clone(),
        }
    };
    let question = spec
        .question(crate::clock::now_micros())
        .map_err(|e| anyhow::anyhow!(e))?;
    let store = crate::db::Store::connect(&settings.database_url).await?;
    let answer = question.answer(&store).await?;
    store.close().await;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&answer)?);
        return Ok(());
    }
    let print = |label: &str, report: &crate::analytics::FunnelReport| {
        println!(
            "{label} {} → {}",
            report.from.to_rfc3339(),
            report.to.to_rfc3339()
        );
        println!(
            "  {:<4} {:<40} {:>8} {:>10} {:>10} {:>9} {:>12}",
            "step", "event", "users", "of start", "of prev", "drop-off", "median time"
        );
        for s in &report.total.steps {
            println!(
                "  {:<4} {:<40} {:>8} {:>10} {:>10} {:>9} {:>12}",
                s.step,
                s.label,
                s.users,
                percent(s.conversion_from_start),
                percent(s.conversion_from_previous),
                s.drop_off,
                s.median_secs_from_previous
                    .map_or_else(|| "—".into(), |m| format!("{m:.0} s")),
            );
        }
        for g in &report.groups {
            println!(
                "  group {:<30} entered {:>7}  converted {:>7}  {}",
                g.group,
                g.result.entered,
                g.result.converted,
                percent(g.result.conversion_rate)
            );
        }
    };
    match &answer.comparison {
        None => print("funnel", &answer.report),
        Some(c) => {
            print("A (baseline)", &c.report_a);
            print("B", &c.report_b);
            let k = &c.comparison;
            println!(
                "overall conversion: A {} of {} = {}; B {} of {} = {}",
                k.a.converted,
                k.a.entered,
                percent(k.a.conversion_rate),
                k.b.converted,
                k.b.entered,
                percent(k.b.conversion_rate)
            );
            println!(
                "lift: {} points ({} relative), 95 % interval {} to {} points, p = {}",
                points(k.absolute_lift_pp),
                percent(k.relative_lift),
                points(k.ci95_low_pp),
                points(k.ci95_high_pp),
                p_value(k.p_value)
            );
            if let Some(note) = &k.note {
                println!("note: {note}");
            }
        }
    }
    println!(
        "{} events read ({:?}) in {:.3} s",
        answer.events_read, answer.source, answer.seconds
    );
    Ok(())
}
