//! Stored events to Amplitude (`storefront export amplitude`): the synthetic history, simulated
//! sessions, or live events sent again (Amplitude drops those it already has by `insert_id`).
//! The events are read page by page in the order they were stored and go through the same
//! mapping, batching and retries as the live sink.

use std::collections::HashMap;
use std::io::Write;

use super::client::body_overhead;
use super::{AmplitudeClient, BatchLimits, Delivery, Sessions, amplitude_event};
use crate::catalog::ShopperDirectory;
use crate::db::{EventFilter, Store, StoreError};
use crate::domain::UserId;

/// Events read from the database at a time.
const PAGE: i64 = 5_000;

/// Where the events go.
pub enum Target<'a> {
    Send(&'a AmplitudeClient),
    /// Each event as a request body would carry it, one JSON object a line; nothing is sent.
    DryRun {
        out: &'a mut dyn Write,
        limits: BatchLimits,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportReport {
    /// Events read.
    pub events: usize,
    /// Requests made (or, in a dry run, that would have been).
    pub requests: usize,
    pub sent: usize,
    pub lost: usize,
    /// Events written by a dry run.
    pub written: usize,
    pub last_error: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the dry run: {0}")]
    Write(#[from] std::io::Error),
}

/// Exports the events `filter` selects (all of them, oldest first: its `limit` and
/// `newest_first` are ignored). `progress(done, total, report)` is called after each page, with
/// the position in the range of stored events being exported.
pub async fn export(
    store: &Store,
    filter: &EventFilter,
    mut target: Target<'_>,
    progress: &mut dyn FnMut(u64, u64, &ExportReport),
) -> Result<ExportReport, ExportError> {
    let mut report = ExportReport::default();
    let base = EventFilter {
        newest_first: false,
        limit: None,
        ..filter.clone()
    };
    // Events stored while the export runs (the shop may be open) are left for the next one.
    let newest = store
        .events(&EventFilter {
            newest_first: true,
            limit: Some(1),
            ..base.clone()
        })
        .await?;
    let Some(last_seq) = newest.first().map(|e| e.seq) else {
        return Ok(report);
    };
    let shoppers = ShopperDirectory::new(store.load_shoppers().await?);
    // Other user ids are accounts, or a browser's provisional id (anonymous: device only).
    let mut accounts: HashMap<UserId, bool> = HashMap::new();
    let mut sessions = Sessions::default();
    let (limits, overhead) = match &target {
        Target::Send(client) => (client.limits(), client.overhead()),
        Target::DryRun { limits, .. } => (*limits, body_overhead("")),
    };
    let mut pending: Vec<Vec<u8>> = Vec::new();
    let mut after = base.after_seq;
    let mut first_seq = None;
    loop {
        let page = store
            .events(&EventFilter {
                after_seq: after,
                limit: Some(PAGE),
                ..base.clone()
            })
            .await?;
        let done = page.last().is_none_or(|e| e.seq >= last_seq);
        for stored in page.iter().filter(|e| e.seq <= last_seq) {
            let e = &stored.event;
            first_seq.get_or_insert(stored.seq);
            let shopper = shoppers
                .get(e.user_id.as_str())
                .map(std::convert::AsRef::as_ref);
            let known = match shopper {
                Some(_) => true,
                None => {
                    if let Some(&k) = accounts.get(&e.user_id) {
                        k
                    } else {
                        let k = store.user_id_is_taken(&e.user_id).await?;
                        accounts.insert(e.user_id.clone(), k);
                        k
                    }
                }
            };
            let start = sessions.start_of(&e.session_id, e.timestamp.as_millis());
            pending.push(amplitude_event(e, known, shopper, start).to_json());
            report.events += 1;
        }
        after = page.last().map(|e| e.seq);
        // Send the full requests; the last, maybe not full, waits for the next page.
        let plan = limits.plan(&pending, overhead);
        let ready = if done {
            plan.len()
        } else {
            plan.len().saturating_sub(1)
        };
        let cut = plan.get(ready).map_or(pending.len(), |r| r.start);
        match &mut target {
            Target::Send(client) => {
                let d: Delivery = client.send(&pending[..cut]).await;
                report.requests += d.requests;
                report.sent += d.sent;
                report.lost += d.lost;
                if d.last_error.is_some() {
                    report.last_error = d.last_error;
                }
            }
            Target::DryRun { out, .. } => {
                for e in &pending[..cut] {
                    out.write_all(e)?;
                    out.write_all(b"\n")?;
                }
                report.requests += ready;
                report.written += cut;
            }
        }
        pending.drain(..cut);
        let first = first_seq.unwrap_or(last_seq);
        let total = (last_seq - first + 1).max(1) as u64;
        let position = after.map_or(0, |a| (a.min(last_seq) - first + 1).max(0) as u64);
        progress(if done { total } else { position }, total, &report);
        if done {
            break;
        }
    }
    if let Target::DryRun { out, .. } = &mut target {
        out.flush()?;
    }
    Ok(report)
}
