//! Writing the seed's synthetic history (see `simulate`): generated on a thread of its own, in
//! parallel over blocks of shoppers, and handed to the database's bulk loader through a
//! bounded channel, so generating the next block and writing this one overlap and memory stays
//! bounded however long the history.
//!
//! Each shopper's events come from the history's own stream for that shopper (their event ids
//! and order ids too), so the history is the same whichever thread generates a shopper and
//! whatever the block size; blocks are written in the shoppers' order.

use rayon::prelude::*;

use crate::catalog::Catalog;
use crate::config::EngineSettings;
use crate::db::{EventRow, LoadMode, Store};
use crate::domain::Shopper;
use crate::simulate::{HistoryGenerator, HistoryOptions};

/// Events a block aims at: enough to keep the threads busy, a few megabytes in the channel.
const EVENTS_PER_BLOCK: usize = 50_000;

/// Blocks generated ahead of the writer.
const BLOCKS_AHEAD: usize = 2;

/// The synthetic interaction history the engine first learns from, written in bulk
/// ([`LoadMode::Exclusive`]).
pub(super) async fn write_history(
    store: &Store,
    catalog: Catalog,
    shoppers: Vec<Shopper>,
    engine: &EngineSettings,
    end: crate::clock::Timestamp,
    catalog_key: u64,
) -> anyhow::Result<()> {
    if engine.history_interactions == 0 || shoppers.is_empty() {
        return Ok(());
    }
    let options = HistoryOptions {
        interactions: engine.history_interactions,
        days: engine.history_days,
        seed: engine.history_seed,
        end,
        catalog_key,
    };
    let bar = super::progress_bar(
        engine.history_interactions as u64,
        "history {bar:40.cyan/blue} {pos}/{len} events {msg}",
    );
    let started = std::time::Instant::now();
    let mut loader = store.event_loader(LoadMode::Exclusive).await?;
    let (blocks, mut received) = tokio::sync::mpsc::channel(BLOCKS_AHEAD);
    let producer = std::thread::Builder::new()
        .name("history".into())
        .spawn(move || generate(&catalog, &shoppers, &options, &blocks))?;
    let mut generated = 0u64;
    while let Some(rows) = received.recv().await {
        generated += rows.len() as u64;
        // An error here drops `received`, which stops the producer.
        loader.write(rows).await?;
        bar.set_position(generated);
    }
    producer
        .join()
        .map_err(|_| anyhow::anyhow!("the history generator panicked"))?;
    let written = loader.finish().await?;
    bar.set_position(written);
    bar.finish_with_message("done");
    let seconds = started.elapsed().as_secs_f64();
    tracing::info!(
        events = written,
        seconds = format!("{seconds:.1}"),
        per_second = format!("{:.0}", written as f64 / seconds.max(1e-9)),
        "synthetic history written"
    );
    Ok(())
}

/// The producer: blocks of shoppers' events, each generated in parallel, sent in order until
/// the shoppers run out or the writer stops listening.
fn generate(
    catalog: &Catalog,
    shoppers: &[Shopper],
    options: &HistoryOptions,
    blocks: &tokio::sync::mpsc::Sender<Vec<EventRow>>,
) {
    let generator = HistoryGenerator::new(catalog, shoppers.len(), options);
    let per_shopper = options.interactions.div_ceil(shoppers.len().max(1)).max(1);
    let shoppers_per_block = (EVENTS_PER_BLOCK / per_shopper).max(1);
    for block in shoppers.chunks(shoppers_per_block) {
        let per_shopper: Vec<Vec<EventRow>> = block
            .par_iter()
            .map(|s| {
                generator
                    .for_shopper(s)
                    .into_iter()
                    .map(EventRow::from)
                    .collect()
            })
            .collect();
        if blocks.blocking_send(per_shopper.concat()).is_err() {
            return;
        }
    }
}
