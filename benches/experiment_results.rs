//! An experiment's results over 1,000,000 exposure and outcome events, read from a SQLite
//! store and analysed as `storefront experiment results` does: `cargo bench --bench
//! experiment_results`. Goal (issue 12): under one second.
//!
//! 200,000 shoppers are exposed to one of two variations; each does four more
//! things afterwards (views, some from the shelf with the experiment's correlation id, adds
//! to cart, orders), so the table holds 1,000,000 events of the four types the results read.

use std::time::Instant;

use storefront::clock::Timestamp;
use storefront::db::{EventRow, LoadMode, Store};
use storefront::events::EventType;
use storefront::experiments::{ExperimentSpec, manage, results};
use storefront::rng::Rng;

const SHOPPERS: usize = 200_000;
const EVENTS_PER_SHOPPER: usize = 5;
const SPAN_MICROS: i64 = 5_000_000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let store = Store::connect(&url).await?;
    store.migrate().await?;
    let spec = ExperimentSpec::from_yaml(
        "name: bench\nshelf: home_product_recs\ntype: ab\nmetric: purchase\nvariations:\n  - {name: control, strategy: popular}\n  - {name: treatment, strategy: embedded}\n",
    )?;
    let id = manage::create(&store, &spec).await?;
    manage::start(&store, id).await?;
    let experiment = manage::get(&store, id).await?;
    let start = experiment
        .started_at
        .unwrap_or_else(Timestamp::now)
        .as_micros()
        + 1;

    let written = Instant::now();
    let mut rng = Rng::new(12);
    let mut loader = store.event_loader(LoadMode::Shared).await?;
    let mut batch = Vec::with_capacity(50_000);
    let mut seq = 0u64;
    for s in 0..SHOPPERS {
        let user = format!("shopper-{s:07}");
        let variation = if rng.next_u64().is_multiple_of(2) {
            "control"
        } else {
            "treatment"
        };
        let v = usize::from(variation == "treatment");
        // The experiment has just started: its events are spread over the next few seconds (the
        // results read up to now, so the bench waits for them to be in the past).
        let mut t = start + (rng.next_u64() % SPAN_MICROS as u64) as i64;
        for k in 0..EVENTS_PER_SHOPPER {
            seq += 1;
            let (event_type, properties) = match k {
                0 => (
                    EventType::ExperimentExposure,
                    format!(
                        r#"{{"experiment":{},"variation":"{variation}","feature":"home_product_recs"}}"#,
                        id.0
                    ),
                ),
                1 | 2 => {
                    let from_shelf = rng.chance(0.3);
                    let corr = if from_shelf {
                        format!("{}~{v}~{}", id.0, rng.next_u64() % 12)
                    } else {
                        String::new()
                    };
                    (
                        EventType::ProductViewed,
                        format!(r#"{{"experimentCorrelationId":"{corr}"}}"#),
                    )
                }
                3 => (EventType::ProductAdded, "{}".to_string()),
                _ if rng.chance(0.1 + 0.02 * v as f64) => (
                    EventType::OrderCompleted,
                    format!(r#"{{"orderTotal":{}.99}}"#, 20 + rng.next_u64() % 80),
                ),
                _ => (
                    EventType::ProductViewed,
                    r#"{"experimentCorrelationId":""}"#.to_string(),
                ),
            };
            t += (rng.next_u64() % 1_000) as i64;
            batch.push(EventRow {
                event_id: format!("bench-{seq:012}").into(),
                event_type,
                user_id: user.clone().into(),
                session_id: format!("{user}-s").into(),
                item_id: None,
                occurred_at: t,
                properties,
                simulated: false,
                // None of these properties is `feature`.
                feature: None,
            });
        }
        if batch.len() >= 50_000 {
            loader.write(std::mem::take(&mut batch)).await?;
        }
    }
    loader.write(batch).await?;
    let n = loader.finish().await?;
    println!(
        "wrote {n} events in {:.1} s",
        written.elapsed().as_secs_f64()
    );

    let wait = start + SPAN_MICROS + 10_000 - Timestamp::now().as_micros();
    if wait > 0 {
        tokio::time::sleep(std::time::Duration::from_micros(wait as u64)).await;
    }
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let r = results::results(&store, &experiment).await?;
        times.push(t.elapsed().as_secs_f64());
        assert_eq!(r.exposed, SHOPPERS as u64, "every shopper counted");
        if times.len() == 1 {
            println!(
                "read {} events; purchase {:?} vs {:?}, p = {:?}",
                r.events_read, r.variations[0].rate, r.variations[1].rate, r.p_value
            );
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "experiment results over {} events: median {:.3} s (min {:.3}, max {:.3}) over {} runs",
        SHOPPERS * EVENTS_PER_SHOPPER,
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        times.len()
    );
    Ok(())
}
