//! The data simulator behind `storefront simulate`: shopping sessions drawn from a scenario's
//! funnels, for shoppers of the store's own pool, each viewing products of their persona's
//! categories. Deterministic per seed and day; every event is marked `simulated`.

use crate::catalog::Catalog;
use crate::domain::{Feature, Money, Shopper};
use crate::events::{Actor, CartTotals, Event, EventLine, EventType};
use crate::rng::Rng;

use super::scenario::{Funnel, Step};

use crate::clock::{DAY, Timestamp};
const SECOND: i64 = 1_000_000;

#[derive(Debug, Clone)]
pub struct SimulationOptions {
    /// Inclusive.
    pub from: Timestamp,
    /// Exclusive: no session starts at or after it.
    pub to: Timestamp,
    pub sessions_per_day: usize,
    pub seed: u64,
    /// The scenario's name: part of every random stream.
    pub scenario: String,
}

impl SimulationOptions {
    /// The calendar days (UTC) the range touches.
    pub fn days(&self) -> usize {
        if self.to <= self.from {
            return 0;
        }
        let first = self.from.as_micros().div_euclid(DAY);
        let last = (self.to - 1).as_micros().div_euclid(DAY);
        (last - first + 1) as usize
    }
}

pub struct Simulator<'a> {
    catalog: &'a Catalog,
    shoppers: Vec<&'a Shopper>,
    funnels: &'a [Funnel],
    weights: Vec<f64>,
    options: SimulationOptions,
}

/// One shopping session in progress.
struct Session<'s> {
    actor: Actor,
    shopper: &'s Shopper,
    at: i64,
    viewed: Option<usize>,
    feature: Option<Feature>,
    searched: Option<String>,
    cart: Vec<(usize, i64)>,
}

impl<'a> Simulator<'a> {
    pub fn new(
        catalog: &'a Catalog,
        shoppers: Vec<&'a Shopper>,
        funnels: &'a [Funnel],
        options: SimulationOptions,
    ) -> Self {
        Self {
            catalog,
            shoppers,
            funnels,
            weights: funnels.iter().map(|f| f.weight).collect(),
            options,
        }
    }

    /// The calendar days (UTC) the range touches.
    pub fn days(&self) -> usize {
        self.options.days()
    }

    /// Sessions that start inside the range.
    pub fn sessions(&self) -> usize {
        (0..self.days()).map(|d| self.day_sessions(d).len()).sum()
    }

    /// One calendar day's sessions: a full day's worth drawn from the day's own random stream
    /// (named by the scenario and the date), keeping those that start inside the range. So the
    /// same scenario, seed and range always give the same events (and event ids), whenever it
    /// runs, and two scenarios or two days never share them.
    fn day_sessions(&self, day: usize) -> Vec<(i64, Rng)> {
        // Sessions keep raw microseconds (`Session::at`); events get a `Timestamp` when built.
        let (from, to) = (self.options.from.as_micros(), self.options.to.as_micros());
        let midnight = (from.div_euclid(DAY) + day as i64) * DAY;
        let mut rng = Rng::derive(
            self.options.seed,
            &format!("simulate-{}-{}", self.options.scenario, midnight / DAY),
        );
        (0..self.options.sessions_per_day)
            .map(|_| {
                let start = midnight + rng.range(0, DAY);
                (start, Rng::new(rng.next_u64()))
            })
            .filter(|(start, _)| (from..to).contains(start))
            .collect()
    }

    /// The events of one day's sessions, in session order.
    pub fn day(&self, day: usize) -> Vec<Event> {
        let mut events = Vec::new();
        if self.shoppers.is_empty() || self.funnels.is_empty() {
            return events;
        }
        for (start, mut rng) in self.day_sessions(day) {
            let rng = &mut rng;
            let shopper = *rng.pick(&self.shoppers);
            let funnel = &self.funnels[rng.weighted(&self.weights)];
            let mut session = Session {
                actor: Actor {
                    user_id: shopper.id.clone(),
                    session_id: time_ordered_id(start, rng).into(),
                    anonymous: false,
                    simulation: None,
                },
                shopper,
                at: start,
                viewed: None,
                feature: None,
                searched: None,
                cart: Vec::new(),
            };
            self.run(funnel, &mut session, rng, &mut events);
        }
        // In time order, with ids that start with the time: the database's indexes then grow
        // at one end instead of taking random inserts (four times faster to write).
        events.sort_by_key(|e| e.timestamp);
        events
    }

    fn run(&self, funnel: &Funnel, s: &mut Session, rng: &mut Rng, out: &mut Vec<Event>) {
        let mut first = true;
        for step in &funnel.steps {
            if !rng.chance(step.probability) {
                return;
            }
            let times = rng.range(i64::from(step.repeat.0), i64::from(step.repeat.1) + 1);
            for _ in 0..times {
                if !first {
                    let (lo, hi) = step.gap_seconds;
                    s.at += rng.range(i64::from(lo), i64::from(hi) + 1) * SECOND;
                }
                first = false;
                if let Some(mut event) = self.event(step, s, rng) {
                    event.event_id = time_ordered_id(s.at, rng).into();
                    event.timestamp = Timestamp::from_micros(s.at);
                    out.push(event.with("simulated", true));
                }
            }
        }
    }

    /// A product of one of the shopper's persona categories (first interest most often), or
    /// of the category they just searched.
    fn pick_item(&self, s: &Session, rng: &mut Rng) -> Option<usize> {
        let category = if let Some(c) = &s.searched {
            c.clone()
        } else {
            let interests: Vec<(&str, f64)> = s
                .shopper
                .persona
                .weighted_categories()
                .filter(|(c, _)| !self.catalog.in_category(c).is_empty())
                .collect();
            if interests.is_empty() {
                return (!self.catalog.is_empty()).then(|| rng.below(self.catalog.len()));
            }
            let weights: Vec<f64> = interests.iter().map(|(_, w)| *w).collect();
            interests[rng.weighted(&weights)].0.to_string()
        };
        let items = self.catalog.in_category(&category);
        (!items.is_empty()).then(|| *rng.pick(items))
    }

    fn event(&self, step: &Step, s: &mut Session, rng: &mut Rng) -> Option<Event> {
        let feature = |rng: &mut Rng| {
            if step.features.is_empty() {
                None
            } else {
                Some(*rng.pick(&step.features))
            }
        };
        let catalog = self.catalog;
        Some(match step.event {
            // Scenarios cannot name it (see `scenario`).
            EventType::ExperimentExposure => return None,
            EventType::ProductSearched => {
                let item = self.pick_item(s, rng)?;
                let category = catalog.at(item).category.clone();
                let results = catalog.in_category(&category).len();
                let event = Event::new(EventType::ProductSearched, &s.actor, None)
                    .with("query", catalog.category_label_of(item).to_lowercase())
                    .with("resultCount", results as u64)
                    .with("reranked", false)
                    .with("feature", feature(rng).map_or("", Feature::as_str));
                s.searched = Some(category);
                event
            }
            EventType::ProductViewed => {
                let item = self.pick_item(s, rng)?;
                s.viewed = Some(item);
                s.feature = feature(rng);
                Event::product(
                    EventType::ProductViewed,
                    &s.actor,
                    catalog.at(item),
                    s.feature,
                )
            }
            EventType::ProductAdded => {
                let item = s.viewed.or_else(|| self.pick_item(s, rng))?;
                match s.cart.iter_mut().find(|(i, _)| *i == item) {
                    Some((_, q)) => *q += 1,
                    None => s.cart.push((item, 1)),
                }
                Event::product(
                    EventType::ProductAdded,
                    &s.actor,
                    catalog.at(item),
                    s.feature,
                )
                .with("quantity", 1)
            }
            EventType::ProductQuantityUpdated => {
                let (item, quantity) = s.cart.last_mut()?;
                *quantity += 1;
                let q = *quantity;
                Event::product(
                    EventType::ProductQuantityUpdated,
                    &s.actor,
                    catalog.at(*item),
                    None,
                )
                .with("quantity", q)
            }
            EventType::ProductRemoved => {
                let (item, _) = s.cart.pop()?;
                Event::product(EventType::ProductRemoved, &s.actor, catalog.at(item), None)
            }
            EventType::CartViewed | EventType::CheckoutStarted => {
                Event::new(step.event, &s.actor, None)
                    .with_cart(&self.totals(&s.cart))
                    .with_lines(self.lines(&s.cart))
            }
            EventType::OrderCompleted => {
                if s.cart.is_empty() {
                    return None;
                }
                let totals = self.totals(&s.cart);
                let event = Event::new(EventType::OrderCompleted, &s.actor, None)
                    .with("orderId", hex(rng, 1)[..12].to_string())
                    .with("orderTotal", totals.total.dollars())
                    .with_lines(self.lines(&s.cart))
                    .with_cart(&totals);
                s.cart.clear();
                event
            }
        })
    }

    fn totals(&self, cart: &[(usize, i64)]) -> CartTotals {
        CartTotals {
            total: cart
                .iter()
                .map(|&(i, q)| self.catalog.at(i).price.times(q))
                .sum::<Money>(),
            quantity: cart.iter().map(|(_, q)| q).sum(),
            lines: cart.len() as i64,
        }
    }

    fn lines<'c>(&self, cart: &'c [(usize, i64)]) -> impl Iterator<Item = EventLine<'a>> + 'c
    where
        'a: 'c,
    {
        let catalog = self.catalog;
        cart.iter()
            .map(move |&(i, q)| EventLine::new(catalog.at(i), q))
    }
}

/// The time in microseconds, then 64 random bits, as 32 hex digits.
fn time_ordered_id(at: i64, rng: &mut Rng) -> String {
    format!("{:016x}{:016x}", at.max(0) as u64, rng.next_u64())
}

/// `words` × 64 random bits as hex.
fn hex(rng: &mut Rng, words: usize) -> String {
    (0..words)
        .map(|_| format!("{:016x}", rng.next_u64()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CatalogSource;
    use crate::simulate::Scenario;

    #[test]
    fn sessions_are_deterministic_follow_personas_and_stay_in_range() {
        let data = CatalogSource::Builtin.load().unwrap();
        let catalog = Catalog::new(data.categories.clone(), data.products.clone());
        let shoppers: Vec<&Shopper> = data.shoppers.iter().take(50).collect();
        let (_, funnels) = Scenario::load("post-personalization").unwrap();
        let options = SimulationOptions {
            from: Timestamp::from_micros(1_700_000_000_000_000),
            to: Timestamp::from_micros(1_700_000_000_000_000 + 2 * DAY + DAY / 2),
            sessions_per_day: 100,
            seed: 7,
            scenario: "post-personalization".into(),
        };
        let sim = Simulator::new(&catalog, shoppers.clone(), &funnels, options.clone());
        // 1_700_000_000 s is 22:13 UTC: the range touches four calendar days.
        assert_eq!(sim.days(), 4);
        let sessions = sim.sessions();
        assert!(
            (200..300).contains(&sessions),
            "{sessions} sessions in 2.5 days"
        );
        let a: Vec<Event> = (0..4).flat_map(|d| sim.day(d)).collect();
        let b: Vec<Event> = (0..4).flat_map(|d| sim.day(d)).collect();
        assert_eq!(a, b, "same seed, same events");
        assert!(a.iter().all(|e| e.properties["simulated"] == true));
        assert!(a.iter().all(|e| e.timestamp >= options.from));
        // A shorter range inside gives a subset of the same sessions.
        let inner = Simulator::new(
            &catalog,
            shoppers.clone(),
            &funnels,
            SimulationOptions {
                from: options.from + DAY,
                ..options.clone()
            },
        );
        let later: Vec<Event> = (0..inner.days()).flat_map(|d| inner.day(d)).collect();
        assert!(!later.is_empty() && later.iter().all(|e| a.contains(e)));
        // Views follow the shopper's persona.
        let mut in_persona = 0;
        let mut views = 0;
        for e in a
            .iter()
            .filter(|e| e.event_type == EventType::ProductViewed)
        {
            let shopper = shoppers.iter().find(|s| s.id == e.user_id).unwrap();
            let category = e.property_str("category").unwrap();
            views += 1;
            if shopper.persona.categories().any(|c| c == category) {
                in_persona += 1;
            }
        }
        assert!(in_persona * 10 >= views * 9, "{in_persona} of {views}");
        // Orders only with something in the cart, each line a product.
        for e in a
            .iter()
            .filter(|e| e.event_type == EventType::OrderCompleted)
        {
            assert!(e.order_items().next().is_some());
        }
        let other = Simulator::new(
            &catalog,
            shoppers,
            &funnels,
            SimulationOptions { seed: 8, ..options },
        );
        assert_ne!(other.day(0), sim.day(0), "another seed, other sessions");
    }
}
