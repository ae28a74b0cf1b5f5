//! One funnel computation over 1,000,000 synthetic events (100k users, ten events each, over
//! 30 days): `cargo bench --bench funnel`. Goal: under one second.

use std::hint::black_box;
use storefront::clock::{DAY, Timestamp};

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Map, Value};
use storefront::analytics::{
    Field, FunnelEvent, FunnelQuery, FunnelStep, PropertyFilter, PropertyName, compute_funnel,
};

const USERS: usize = 100_000;
const EVENTS_PER_USER: usize = 10;
const START: i64 = 1_767_225_600_000_000; // 2026-01-01T00:00:00Z in µs
const FEATURES: [&str; 6] = [
    "home_product_recs",
    "product_detail_related",
    "search_results",
    "category_browse",
    "cart_upsell",
    "",
];

/// SplitMix64: small, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// Owned storage the events borrow from.
struct Log {
    users: Vec<String>,
    sessions: Vec<String>,
    props: Vec<Map<String, Value>>,
    /// (user, session, type, timestamp, props index)
    rows: Vec<(u32, u32, &'static str, i64, u8)>,
}

impl Log {
    fn generate(seed: u64) -> Log {
        let mut rng = Rng(seed);
        let mut props: Vec<Map<String, Value>> = FEATURES
            .iter()
            .map(|f| {
                let mut m = Map::new();
                m.insert("feature".into(), Value::from(*f));
                m.insert("price".into(), Value::from(19.99));
                m
            })
            .collect();
        props.push(Map::new());
        let plain = (props.len() - 1) as u8;
        let mut users = Vec::with_capacity(USERS);
        let mut sessions = Vec::new();
        let mut rows = Vec::with_capacity(USERS * EVENTS_PER_USER);
        for u in 0..USERS {
            users.push(format!("user-{u:06}"));
            let mut left = EVENTS_PER_USER;
            let mut s = 0;
            while left > 0 {
                let session = sessions.len() as u32;
                sessions.push(format!("user-{u:06}-s{s}"));
                s += 1;
                let mut t = START + rng.below(30 * DAY as u64) as i64;
                let mut push = |rows: &mut Vec<_>, kind, p, rng: &mut Rng, left: &mut usize| {
                    if *left > 0 {
                        rows.push((u as u32, session, kind, t, p));
                        t += 5_000_000 + rng.below(120_000_000) as i64;
                        *left -= 1;
                    }
                };
                if rng.chance(0.3) {
                    push(&mut rows, "ProductSearched", plain, &mut rng, &mut left);
                }
                let views = 1 + rng.below(4);
                for _ in 0..views {
                    let f = rng.below(FEATURES.len() as u64) as u8;
                    push(&mut rows, "ProductViewed", f, &mut rng, &mut left);
                    let personalized = f < 2;
                    if rng.chance(if personalized { 0.35 } else { 0.25 }) {
                        push(&mut rows, "ProductAdded", f, &mut rng, &mut left);
                    }
                }
                if rng.chance(0.5) {
                    push(&mut rows, "CartViewed", plain, &mut rng, &mut left);
                    if rng.chance(0.15) {
                        push(&mut rows, "ProductRemoved", plain, &mut rng, &mut left);
                    }
                    if rng.chance(0.6) {
                        push(&mut rows, "CheckoutStarted", plain, &mut rng, &mut left);
                        if rng.chance(0.8) {
                            push(&mut rows, "OrderCompleted", plain, &mut rng, &mut left);
                        }
                    }
                }
            }
        }
        // A real log is in time order across users.
        rows.sort_by_key(|r| r.3);
        Log {
            users,
            sessions,
            props,
            rows,
        }
    }

    fn views(&self) -> Vec<FunnelEvent<'_>> {
        self.rows
            .iter()
            .map(|&(u, s, kind, ts, p)| FunnelEvent {
                user_id: &self.users[u as usize],
                session_id: &self.sessions[s as usize],
                event_type: kind,
                timestamp: ts,
                properties: &self.props[p as usize],
            })
            .collect()
    }
}

fn query() -> FunnelQuery {
    let steps = [
        "ProductViewed",
        "ProductAdded",
        "CheckoutStarted",
        "OrderCompleted",
    ]
    .map(FunnelStep::new)
    .to_vec();
    let start = Timestamp::from_micros(START);
    FunnelQuery::new(steps, start, start + 30 * DAY).group_by(Field::Property(feature()))
}

/// The property the funnels filter and group on.
fn feature() -> PropertyName {
    PropertyName::parse("feature").expect("a plain name")
}

fn bench(c: &mut Criterion) {
    let log = Log::generate(42);
    let events = log.views();
    assert_eq!(events.len(), USERS * EVENTS_PER_USER);
    let mut shuffled = events.clone();
    let mut rng = Rng(7);
    for i in (1..shuffled.len()).rev() {
        shuffled.swap(i, rng.below(i as u64 + 1) as usize);
    }

    let plain = query();
    let held = query().hold_constant(Field::SessionId);
    let mut filtered = query();
    filtered.steps[0] = FunnelStep::new("ProductViewed").with_filter(PropertyFilter::one_of(
        feature(),
        ["home_product_recs", "product_detail_related"],
    ));
    let r = compute_funnel(&events, &plain).expect("valid");
    eprintln!(
        "1M events: entered {}, converted {}, rate {:.3}, {} groups",
        r.total.entered,
        r.total.converted,
        r.total.conversion_rate.unwrap_or(0.0),
        r.groups.len()
    );

    let mut g = c.benchmark_group("funnel_1m_events");
    g.sample_size(10);
    g.bench_function("4_steps_group_by_feature", |b| {
        b.iter(|| compute_funnel(black_box(&events), black_box(&plain)).expect("valid"));
    });
    g.bench_function("4_steps_group_by_feature_shuffled_input", |b| {
        b.iter(|| compute_funnel(black_box(&shuffled), black_box(&plain)).expect("valid"));
    });
    g.bench_function("4_steps_hold_session_group_by_feature", |b| {
        b.iter(|| compute_funnel(black_box(&events), black_box(&held)).expect("valid"));
    });
    g.bench_function("4_steps_entry_filter_in_shelves", |b| {
        b.iter(|| compute_funnel(black_box(&events), black_box(&filtered)).expect("valid"));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
