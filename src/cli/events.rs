//! `storefront events`: recorded events as a table or NDJSON.

use std::io::Write;

use clap::{Args, ValueEnum};

use super::DatabaseArgs;
use crate::config::Settings;
use crate::db::{EventFilter, Store};
use crate::events::{EventType, parse_timestamp};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Ndjson,
    Table,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Only these event types (repeatable), e.g. --type ProductViewed
    #[arg(long = "type")]
    pub types: Vec<String>,
    /// From this time on (RFC 3339 or YYYY-MM-DD, UTC).
    #[arg(long)]
    pub since: Option<String>,
    /// Before this time (RFC 3339 or YYYY-MM-DD, UTC).
    #[arg(long)]
    pub until: Option<String>,
    #[arg(long)]
    pub session: Option<String>,
    #[arg(long)]
    pub user: Option<String>,
    #[arg(long)]
    pub limit: Option<i64>,
}

pub async fn print_events(settings: &Settings, args: EventsArgs) -> anyhow::Result<()> {
    let filter = EventFilter {
        types: event_types(&args.types)?,
        since: time_flag(args.since.as_deref(), "since")?,
        until: time_flag(args.until.as_deref(), "until")?,
        session_id: args.session,
        user_id: args.user,
        limit: args.limit,
        ..Default::default()
    };
    let store = Store::connect(&settings.database_url).await?;
    store.migrate().await?;
    let events = store.events(&filter).await?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Ndjson => {
            for e in &events {
                serde_json::to_writer(&mut out, &e.event)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Table => {
            writeln!(
                out,
                "{:<28} {:<24} {:<34} {:<38}",
                "time (UTC)", "type", "user", "item"
            )?;
            for e in &events {
                let ev = &e.event;
                writeln!(
                    out,
                    "{:<28} {:<24} {:<34} {:<38}",
                    crate::events::format_timestamp(ev.timestamp),
                    ev.event_type.as_str(),
                    ev.user_id,
                    ev.item_id.as_deref().unwrap_or("-")
                )?;
            }
            writeln!(out, "{} events", events.len())?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `--type` values (repeatable, or comma-separated) as event types.
pub(super) fn event_types(values: &[String]) -> anyhow::Result<Vec<EventType>> {
    let mut types = Vec::new();
    for t in values {
        for part in t.split(',').filter(|p| !p.trim().is_empty()) {
            let parsed = EventType::parse(part).ok_or_else(|| {
                anyhow::anyhow!(
                    "unknown event type `{part}`; known: {}",
                    EventType::ALL.map(EventType::as_str).join(", ")
                )
            })?;
            types.push(parsed);
        }
    }
    Ok(types)
}

/// A `--since`/`--until` value as UTC microseconds.
pub(super) fn time_flag(value: Option<&str>, flag: &str) -> anyhow::Result<Option<i64>> {
    value
        .map(|v| {
            parse_timestamp(v).ok_or_else(|| {
                anyhow::anyhow!(
                    "--{flag} `{v}` is not a time (use 2026-11-21 or 2026-11-21T10:00:00Z)"
                )
            })
        })
        .transpose()
}
