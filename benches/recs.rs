//! One answer of the embedded engine, on the default catalog and a synthetic history of the
//! default size: `cargo bench --bench recs`. Goal: under 100 µs median each.

use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use criterion::{Criterion, criterion_group, criterion_main};
use storefront::catalog::{Catalog, CatalogSource};
use storefront::db::StoredInteraction;
use storefront::domain::UserId;
use storefront::events::{Actor, Event, EventObserver, EventType};
use storefront::recs::embedded::{EmbeddedRecommender, TrainParams, train};
use storefront::recs::{Exclusions, RecUser, Recommender};
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

fn engine() -> (Arc<Catalog>, EmbeddedRecommender, UserId) {
    let data = CatalogSource::Builtin.load().expect("seeds");
    let catalog = Arc::new(Catalog::new(data.categories.clone(), data.products.clone()));
    let options = HistoryOptions::default();
    let generator = HistoryGenerator::new(&catalog, data.shoppers.len(), &options);
    // As training reads them from the store: an order is one interaction per line.
    let interactions: Vec<StoredInteraction> = data
        .shoppers
        .iter()
        .flat_map(|s| generator.for_shopper(s))
        .flat_map(|e| StoredInteraction::of_event(&e).collect::<Vec<_>>())
        .collect();
    let started = std::time::Instant::now();
    let model = train(&catalog, "bench", &interactions, &TrainParams::default());
    eprintln!(
        "trained on {} interactions in {:.2} s",
        model.interactions,
        started.elapsed().as_secs_f64()
    );
    let shopper = data.shoppers[42].id.clone();
    (
        catalog.clone(),
        EmbeddedRecommender::new(catalog, model),
        shopper,
    )
}

fn answers(c: &mut Criterion) {
    let (catalog, engine, shopper) = engine();
    let persona = None;
    let known = RecUser {
        user_id: &shopper,
        persona,
        known: true,
    };
    let category: Vec<usize> = catalog.in_category("homedecor").to_vec();
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

criterion_group!(benches, answers);
criterion_main!(benches);
