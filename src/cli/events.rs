//! `storefront events`: recorded events as a table or NDJSON.

use std::io::Write;

use clap::{Args, ValueEnum};

use super::DatabaseArgs;
use crate::analytics::spec::Source;
use crate::clock::Timestamp;
use crate::config::Settings;
use crate::db::EventFilter;
use crate::domain::{SessionId, UserId};
use crate::events::EventType;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Ndjson,
    Table,
}

/// Which recorded events a command reads: the flags `events` and `export amplitude` share.
#[derive(Debug, Args)]
pub struct EventSelection {
    /// Only these event types (repeatable or comma-separated), e.g. --type ProductViewed
    #[arg(long = "type")]
    pub types: Vec<String>,
    /// From this time on: 30d (days ago), now, YYYY-MM-DD or RFC 3339, UTC.
    #[arg(long)]
    pub since: Option<String>,
    /// Before this time (the same forms).
    #[arg(long)]
    pub until: Option<String>,
    /// The simulator's events, the shop's own (live and the seed's history), or all.
    #[arg(long, value_enum, default_value = "all")]
    pub source: Source,
}

impl EventSelection {
    /// The store's filter for these flags, or a message naming the flag that is wrong.
    pub fn filter(&self) -> anyhow::Result<EventFilter> {
        let now = Timestamp::now();
        Ok(EventFilter {
            types: event_types(&self.types)?,
            since: self
                .since
                .as_deref()
                .map(|v| time_flag(v, "since", now))
                .transpose()?,
            until: self
                .until
                .as_deref()
                .map(|v| time_flag(v, "until", now))
                .transpose()?,
            simulated: self.source.simulated(),
            ..Default::default()
        })
    }
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[command(flatten)]
    pub selection: EventSelection,
    /// One browser session's events (indexed for the shop's own: add --source live on a
    /// database holding many simulated events).
    #[arg(long)]
    pub session: Option<String>,
    /// One shopper's events (the same note as --session).
    #[arg(long)]
    pub user: Option<String>,
    #[arg(long)]
    pub limit: Option<i64>,
}

pub async fn print_events(settings: &Settings, args: EventsArgs) -> anyhow::Result<()> {
    let filter = EventFilter {
        session_id: args.session.map(SessionId::from),
        user_id: args.user.map(UserId::from),
        limit: args.limit,
        ..args.selection.filter()?
    };
    let store = crate::app::connect_and_migrate(settings).await?;
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
                    ev.timestamp.to_rfc3339(),
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
fn event_types(values: &[String]) -> anyhow::Result<Vec<EventType>> {
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

/// A time flag's value (`30d` for days ago, `now`, a date or an RFC 3339 time, UTC), or a
/// message naming the flag.
pub(super) fn time_flag(value: &str, flag: &str, now: Timestamp) -> anyhow::Result<Timestamp> {
    crate::clock::parse_when(value, now.as_micros())
        .map(Timestamp::from_micros)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "--{flag} `{value}` is not a time: use 30d (days ago), now, 2026-11-21 or \
             2026-11-21T10:00:00Z"
            )
        })
}
