//! Neighbourhood EASE at a real store's size: builds a synthetic interaction set with the shape
//! of a shop's (items in 16 categories with long-tail popularity, each shopper mostly in one
//! category), then times the co-occurrence count and the fit and reports the peak memory.
//!
//! cargo bench -p item-scoring --bench neighbourhood -- --items 100000 --users 300000 \
//!     --interactions 5000000 [--neighbours 128] [--seed 1]
//!
//! Run it on its own (`/usr/bin/time -v` agrees with the peak it prints, read from
//! /proc/self/status).

use std::time::Instant;

use item_scoring::{Interactions, NeighbourhoodParams, SparseGram, fit_neighbourhoods};
use seeded_rng::Rng;

const CATEGORIES: usize = 16;
/// A shopper's interactions outside their category.
const STRAY: f64 = 0.2;

struct Args {
    items: usize,
    users: usize,
    interactions: usize,
    neighbours: usize,
    seed: u64,
}

fn args() -> Args {
    let mut a = Args {
        items: 100_000,
        users: 300_000,
        interactions: 5_000_000,
        neighbours: 128,
        seed: 1,
    };
    let argv: Vec<String> = std::env::args().collect();
    let mut k = 1;
    while k < argv.len() {
        let value = |k: usize| argv.get(k + 1).and_then(|v| v.parse::<u64>().ok());
        match (argv[k].as_str(), value(k)) {
            ("--items", Some(v)) => a.items = v as usize,
            ("--users", Some(v)) => a.users = v as usize,
            ("--interactions", Some(v)) => a.interactions = v as usize,
            ("--neighbours", Some(v)) => a.neighbours = v as usize,
            ("--seed", Some(v)) => a.seed = v,
            // `cargo bench` passes --bench; anything else unknown is ignored the same way.
            _ => {
                k += 1;
                continue;
            }
        }
        k += 2;
    }
    a
}

/// Cumulative Zipf(1) weights over `n` ranks.
fn zipf_cdf(n: usize) -> Vec<f64> {
    let mut total = 0.0;
    (0..n)
        .map(|r| {
            total += 1.0 / (r as f64 + 1.0);
            total
        })
        .collect()
}

fn draw(rng: &mut Rng, cdf: &[f64]) -> usize {
    let x = rng.next_f64() * cdf[cdf.len() - 1];
    cdf.partition_point(|&c| c < x).min(cdf.len() - 1)
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let a = args();
    let per_category = a.items / CATEGORIES;
    let cdf = zipf_cdf(per_category.max(1));
    let mut rng = Rng::derive(a.seed, "neighbourhood-bench");
    let started = Instant::now();
    // Shoppers' history lengths are long-tailed too: Zipf over 1..=4·mean, scaled to the total.
    let mean = a.interactions as f64 / a.users as f64;
    let mut users = Vec::with_capacity(a.users);
    for _ in 0..a.users {
        let len = ((-rng.next_f64().max(1e-12).ln()) * mean).ceil() as usize;
        let home = rng.below(CATEGORIES);
        let items: Vec<u32> = (0..len.max(1))
            .map(|_| {
                let category = if rng.chance(STRAY) {
                    rng.below(CATEGORIES)
                } else {
                    home
                };
                (category * per_category + draw(&mut rng, &cdf)) as u32
            })
            .collect();
        users.push(items);
    }
    let drawn: usize = users.iter().map(Vec::len).sum();
    let interactions = Interactions::new(a.items, users);
    println!(
        "{} items, {} shoppers, {} interactions drawn, {} distinct pairs ({:.1} s to draw)",
        a.items,
        a.users,
        drawn,
        interactions.len(),
        started.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let gram = SparseGram::build(&interactions, a.neighbours * 4);
    let gram_s = t.elapsed().as_secs_f64();
    println!(
        "co-occurrences: {:.1} s, {} kept ({:.0} MB)",
        gram_s,
        gram.entries(),
        gram.entries() as f64 * 8.0 / 1e6
    );
    drop(interactions);
    let t = Instant::now();
    let params = NeighbourhoodParams {
        lambda: 250.0,
        neighbours: a.neighbours,
        keep: 256,
    };
    let weights = fit_neighbourhoods(&gram, &params);
    let fit_s = t.elapsed().as_secs_f64();
    println!(
        "fit (k={}): {:.1} s, {} weights ({:.0} MB)",
        a.neighbours,
        fit_s,
        weights.entries(),
        weights.entries() as f64 * 8.0 / 1e6
    );
    println!(
        "training (co-occurrences + fit): {:.1} s; peak RSS {:.0} MB",
        gram_s + fit_s,
        peak_rss_mb()
    );
}
