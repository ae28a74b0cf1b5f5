//! One answer of the embedded engine, on the default catalog and a synthetic history of the
//! default size: `cargo bench --bench recs`. Goal: under 100 µs median each.
//!
//! At scale (issue 16: p50 ≤ 200 µs and p99 ≤ 2 ms at a million items, right after a click too):
//! `STOREFRONT_BENCH_CATALOG=/tmp/gen100k STOREFRONT_BENCH_INTERACTIONS=5000000 cargo bench
//! --bench recs`, with a catalog from `storefront generate-seeds`. Before criterion's runs it
//! prints each answer's p50 / p99 / max over single timed calls. `STOREFRONT_BENCH_REPEAT_SECS=30`
//! then repeats "recommend 12 after a click" for that long, for a profiler to attach
//! (`STOREFRONT_BENCH_REPEAT=population`: the population's answer, a different shopper each call).
//! `STOREFRONT_BENCH_MODEL=FILE` keeps the trained model in FILE and reuses it on the next run
//! of the same catalog and history size (training at a million items takes minutes; the shopper
//! histories are in the model).

use std::sync::Arc;
use std::task::{Context, Poll, Waker};

// The shop's allocator (src/main.rs): the answers allocate their vectors through it when served,
// so they are timed with it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use storefront::catalog::{Catalog, CatalogSource, ListOrder};
use storefront::db::{InteractionSink, StoredInteraction};
use storefront::domain::UserId;
use storefront::events::{Actor, Event, EventObserver, EventType};
use storefront::recs::embedded::train::{TrainingSet, train_set};
use storefront::recs::embedded::{EmbeddedRecommender, TrainParams};
use storefront::recs::{Exclusions, Listing, RecUser, Recommender, Window};
use storefront::simulate::{HistoryGenerator, HistoryOptions};

/// The engine's futures never wait on I/O: poll once.
fn ready<T>(future: impl Future<Output = T>) -> T {
    let mut future = std::pin::pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("the embedded engine does not wait"),
    }
}

/// The catalog, the engine trained on the synthetic history, the known shopper the answers are
/// for, and every shopper (the population's answers).
fn engine() -> (Arc<Catalog>, EmbeddedRecommender, UserId, Vec<UserId>) {
    let source = match std::env::var_os("STOREFRONT_BENCH_CATALOG") {
        Some(dir) => CatalogSource::Dir(dir.into()),
        None => CatalogSource::Builtin,
    };
    let data = source.load().expect("the catalog loads");
    let catalog = Arc::new(Catalog::new(data.categories.clone(), data.products.clone()));
    let mut options = HistoryOptions::default();
    if let Some(n) = std::env::var("STOREFRONT_BENCH_INTERACTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        options.interactions = n;
    }
    eprintln!(
        "{} products, {} shoppers, {} interactions asked",
        catalog.len(),
        data.shoppers.len(),
        options.interactions
    );
    // What the model was trained on: a cached model of another catalog, or of another history,
    // is trained again.
    let trained_on = format!(
        "{} with {} interactions (seed {})",
        data.fingerprint, options.interactions, options.seed
    );
    let cache = std::env::var_os("STOREFRONT_BENCH_MODEL").map(std::path::PathBuf::from);
    let cached = cache
        .as_ref()
        .and_then(|path| std::fs::read(path).ok())
        .and_then(|bytes| storefront::recs::embedded::Model::decode(&bytes))
        .filter(|model| model.catalog_fingerprint == trained_on);
    let model = if let Some(model) = cached {
        eprintln!(
            "the model of {} interactions from {}",
            model.interactions,
            cache
                .as_ref()
                .map_or(String::new(), |p| p.display().to_string())
        );
        model
    } else {
        let model = train_on_history(&catalog, &data.shoppers, &options, &trained_on);
        if let Some(path) = &cache {
            std::fs::write(path, model.encode()).expect("the model cache is written");
        }
        model
    };
    let shopper = data.shoppers[42].id.clone();
    let shoppers = data.shoppers.iter().map(|s| s.id.clone()).collect();
    (
        catalog.clone(),
        EmbeddedRecommender::new(catalog, model),
        shopper,
        shoppers,
    )
}

/// Trains the engine on the synthetic history of `shoppers`.
fn train_on_history(
    catalog: &Arc<Catalog>,
    shoppers: &[storefront::domain::Shopper],
    options: &HistoryOptions,
    trained_on: &str,
) -> storefront::recs::embedded::Model {
    let generator = HistoryGenerator::new(catalog, shoppers.len(), options);
    // Streamed as training reads them from the store (an order is one interaction per line),
    // never all held as rows.
    let mut set = TrainingSet::new(catalog.clone());
    for event in shoppers.iter().flat_map(|s| generator.for_shopper(s)) {
        for row in StoredInteraction::of_event(&event) {
            set.stored(&row);
        }
    }
    let started = std::time::Instant::now();
    let params = TrainParams::default();
    let model = train_set(trained_on, set, &params);
    eprintln!(
        "trained {} on {} interactions in {:.2} s",
        if params.dense_for(catalog.len()) {
            "dense EASE"
        } else {
            "neighbourhood EASE"
        },
        model.interactions,
        started.elapsed().as_secs_f64()
    );
    model
}

fn answers(c: &mut Criterion) {
    let (catalog, engine, shopper, shoppers) = engine();
    let persona = None;
    let known = RecUser {
        user_id: &shopper,
        persona,
        known: true,
    };
    // A category of 150 to rank (the default catalog's homedecor has 150 items).
    let largest = catalog
        .categories()
        .max_by_key(|c| catalog.in_category(&c.name).len())
        .map(|c| c.name.clone())
        .expect("a category");
    let name = if catalog.in_category("homedecor").len() >= 150 {
        "homedecor"
    } else {
        &largest
    };
    let category: Vec<usize> = catalog
        .in_category(name)
        .iter()
        .take(150)
        .copied()
        .collect();
    let item = category[3];
    c.bench_function("recommend 12 for a known shopper", |b| {
        b.iter(|| ready(engine.recommend(&known, 12, Exclusions::default())));
    });
    c.bench_function("related 8, anonymous", |b| {
        b.iter(|| ready(engine.related(item, None, 8)));
    });
    c.bench_function("related 8, re-ranked for a known shopper", |b| {
        b.iter(|| ready(engine.related(item, Some(&known), 8)));
    });
    c.bench_function("rank a category of 150 for a known shopper", |b| {
        b.iter(|| ready(engine.rank(&known, &category)));
    });
    c.bench_function("popular 12", |b| b.iter(|| ready(engine.popular(12))));
    // The same answers right after a click: the shopper's scores are recomputed from the model
    // and every live event (the memo is stale), which is what a product page view costs.
    let click = |i: usize| {
        let mut e = Event::new(
            EventType::ProductViewed,
            &Actor {
                user_id: shopper.clone(),
                session_id: "bench".into(),
                anonymous: false,
                simulation: None,
            },
            Some(catalog.at(i).id.as_str()),
        );
        e.timestamp = storefront::clock::Timestamp::now();
        e
    };
    let mut n = 0usize;
    percentiles("recommend 12, current scores", || {
        ready(engine.recommend(&known, 12, Exclusions::default()));
    });
    percentiles("related 8, anonymous", || {
        ready(engine.related(item, None, 8));
    });
    percentiles("rank 150", || {
        ready(engine.rank(&known, &category));
    });
    percentiles("recommend 12 after a click", || {
        n += 1;
        engine.observe(&click(category[n % category.len()]));
        ready(engine.recommend(&known, 12, Exclusions::default()));
    });
    // The same answer for many shoppers, one call each: every shopper's first click, scored
    // from their own history (most are far lighter than the heavy shopper above, who holds the
    // live state's cap). A shop's answers come from such a mix.
    let mut next_shopper = 0usize;
    let stride = (shoppers.len() / 5_300).max(1);
    let mut first_click = || {
        next_shopper += stride;
        let user_id = &shoppers[next_shopper % shoppers.len()];
        let mut e = click((next_shopper * 7_919) % catalog.len());
        e.user_id = user_id.clone();
        engine.observe(&e);
        let user = RecUser {
            user_id,
            persona,
            known: true,
        };
        ready(engine.recommend(&user, 12, Exclusions::default()));
    };
    percentiles(
        "recommend 12 after a click, a different shopper each call",
        &mut first_click,
    );
    // For a profiler to attach (`perf record -p PID`): the same answer, again and again, for
    // this many seconds; `STOREFRONT_BENCH_REPEAT=population` repeats the population's.
    if let Some(secs) = std::env::var("STOREFRONT_BENCH_REPEAT_SECS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        let population = std::env::var("STOREFRONT_BENCH_REPEAT").as_deref() == Ok("population");
        eprintln!(
            "repeating \"recommend 12 after a click{}\" for {secs} s",
            if population {
                ", a different shopper each call"
            } else {
                ""
            }
        );
        let until = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        while std::time::Instant::now() < until {
            if population {
                first_click();
            } else {
                n += 1;
                engine.observe(&click(category[n % category.len()]));
                ready(engine.recommend(&known, 12, Exclusions::default()));
            }
        }
    }
    percentiles("related 8 re-ranked after a click", || {
        n += 1;
        engine.observe(&click(category[n % category.len()]));
        ready(engine.related(item, Some(&known), 8));
    });
    percentiles("rank 150 after a click", || {
        n += 1;
        engine.observe(&click(category[n % category.len()]));
        ready(engine.rank(&known, &category));
    });
    category_page(c, &catalog, &engine, &known);
    c.bench_function("recommend 12 after a click (recomputed)", |b| {
        b.iter(|| {
            n += 1;
            engine.observe(&click(category[n % category.len()]));
            ready(engine.recommend(&known, 12, Exclusions::default()))
        });
    });
    c.bench_function("related 8 re-ranked after a click (recomputed)", |b| {
        b.iter(|| {
            n += 1;
            engine.observe(&click(category[n % category.len()]));
            ready(engine.related(item, Some(&known), 8))
        });
    });
}

/// Issue 16: one ranked page (48 cards) of the largest category for a known shopper, with its
/// filter menus, as the category page did it before (the category scanned for the filter and
/// the menus, all of it ranked, one page sliced out) and as it does it now (the catalog's lists,
/// one window ranked): the first page and a deep one.
fn category_page(
    c: &mut Criterion,
    catalog: &Catalog,
    engine: &EmbeddedRecommender,
    known: &RecUser<'_>,
) {
    const PAGE: usize = 48;
    let name = catalog
        .categories()
        .max_by_key(|c| catalog.in_category(&c.name).len())
        .map(|c| c.name.clone())
        .expect("a category");
    let items = catalog.in_category(&name);
    let lists = catalog.lists(&name).expect("the category's lists");
    let deep = Window {
        offset: (items.len() / PAGE / 2) * PAGE,
        limit: PAGE,
    };
    let before = |window: Window| {
        let filtered: Vec<usize> = items
            .iter()
            .copied()
            .filter(|&i| {
                // The old handler's filter, with no style or gender chosen.
                let (style, gender) = (std::hint::black_box(""), std::hint::black_box(None));
                let p = catalog.at(i);
                (style.is_empty() || p.style == style)
                    && (gender.is_none() || p.gender_affinity == gender)
            })
            .collect();
        let ranked = ready(engine.rank(known, &filtered));
        let page: Vec<usize> = ranked
            .items()
            .skip(window.offset)
            .take(window.limit)
            .collect();
        let mut styles: Vec<&str> = items
            .iter()
            .map(|&i| catalog.at(i).style.as_str())
            .collect();
        styles.sort_unstable();
        styles.dedup();
        let mut genders: Vec<&str> = items
            .iter()
            .filter_map(|&i| {
                catalog
                    .at(i)
                    .gender_affinity
                    .map(storefront::domain::Gender::code)
            })
            .collect();
        genders.sort_unstable();
        genders.dedup();
        (page, styles.len(), genders.len())
    };
    let after = |window: Window| {
        let natural = Listing::of_catalog(lists.select("", None, ListOrder::Natural), Some(&name));
        let ranked = ready(engine.rank_window(known, natural, window));
        let page: Vec<usize> = ranked.items().collect();
        (page, lists.styles().len(), lists.genders().len())
    };
    let first = Window {
        offset: 0,
        limit: PAGE,
    };
    // Both ways show the same page.
    assert_eq!(before(first), after(first));
    assert_eq!(before(deep), after(deep));
    eprintln!(
        "category {name}: {} products, page at {} for the deep one",
        items.len(),
        deep.offset
    );
    percentiles("category page 1, before (scan, rank all, slice)", || {
        before(first);
    });
    percentiles("category page 1, after (lists, one window)", || {
        after(first);
    });
    percentiles("category deep page, before", || {
        before(deep);
    });
    percentiles("category deep page, after", || {
        after(deep);
    });
    c.bench_function("category page 1 of the largest category, one window", |b| {
        b.iter(|| after(first));
    });
}

/// Times `answer` call by call (after a warm-up) and prints its p50, p99 and max: criterion
/// reports means and medians, and the goal is about the tail too.
fn percentiles(label: &str, mut answer: impl FnMut()) {
    const CALLS: usize = 5_000;
    for _ in 0..200 {
        answer();
    }
    let mut took: Vec<f64> = (0..CALLS)
        .map(|_| {
            let started = std::time::Instant::now();
            answer();
            started.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    took.sort_by(f64::total_cmp);
    let at = |q: f64| took[((CALLS as f64 * q) as usize).min(CALLS - 1)];
    eprintln!(
        "{label}: p50 {:.1} µs, p99 {:.1} µs, max {:.1} µs ({CALLS} calls)",
        at(0.5),
        at(0.99),
        took[CALLS - 1]
    );
}

criterion_group!(benches, answers);
criterion_main!(benches);
