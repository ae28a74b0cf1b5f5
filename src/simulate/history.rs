//! The seed step's synthetic history: sessions of views, add-to-carts, cart views, checkouts and
//! purchases over the past days, shaped by each shopper's persona (category interest 0.6 / 0.25 /
//! 0.15 by rank, as the reference uses), discount persona, gender, and a few favourite styles, so
//! that there is a real signal for a recommender to learn beyond "popular in the category".

use serde_json::Map;

use super::draw::{DrawTables, TasteDraw};
use super::taste::{Appeal, Taste};
use crate::catalog::Catalog;
use crate::clock::Timestamp;
use crate::domain::{Money, SessionId, Shopper};
use crate::events::{Event, EventLine, EventType};
use crate::rng::Rng;

const SESSION_ROOM: i64 = crate::clock::HOUR;

#[derive(Debug, Clone)]
pub struct HistoryOptions {
    /// Events to generate (at least; the last session may run a few over).
    pub interactions: usize,
    pub days: i64,
    pub seed: u64,
    /// The history ends here.
    pub end: Timestamp,
    /// Mixed into every event id (see [`HistoryOptions::catalog_key`]): the histories of two
    /// catalogs never share an id, even where their shoppers do (a folder without shoppers
    /// takes the store's own), so a store seeded with another catalog keeps its events and gets
    /// the new catalog's history beside them rather than finding it already stored.
    pub catalog_key: u64,
}

impl HistoryOptions {
    /// The [`catalog_key`](Self::catalog_key) of the catalog with this fingerprint.
    pub fn catalog_key(fingerprint: &str) -> u64 {
        crate::rng::Rng::derive(0, &format!("history ids/{fingerprint}")).next_u64()
    }
}

impl Default for HistoryOptions {
    fn default() -> Self {
        Self {
            interactions: 500_000,
            days: 90,
            seed: 20_261_121,
            end: Timestamp::now(),
            catalog_key: 0,
        }
    }
}

/// Generates the history one shopper at a time, so that the caller can write it in chunks and
/// memory stays bounded however long the history.
pub struct HistoryGenerator<'a> {
    catalog: &'a Catalog,
    appeal: Appeal,
    /// The running sums a view's item is drawn through (see `draw`).
    tables: DrawTables,
    per_shopper: usize,
    /// UTC microseconds, raw like the sessions' times; events get a `Timestamp` when built.
    start: i64,
    options: HistoryOptions,
}

impl<'a> HistoryGenerator<'a> {
    pub fn new(catalog: &'a Catalog, shoppers: usize, options: &HistoryOptions) -> Self {
        let appeal = Appeal::new(catalog, options.seed);
        Self {
            catalog,
            tables: DrawTables::new(catalog, &appeal),
            appeal,
            per_shopper: options.interactions.div_ceil(shoppers.max(1)),
            start: (options.end - options.days * crate::clock::DAY).as_micros(),
            options: options.clone(),
        }
    }

    /// This shopper's sessions over the period, oldest first within each session.
    pub fn for_shopper(&self, shopper: &Shopper) -> Vec<Event> {
        let mut events = Vec::new();
        if self.per_shopper == 0 || self.catalog.is_empty() {
            return events;
        }
        let (taste, mut rng) = Taste::of_history(shopper, &self.appeal, self.options.seed);
        if taste.categories.is_empty() {
            return events;
        }
        let draw = self.tables.for_taste(&taste, self.catalog, &self.appeal);
        // Shoppers differ in how much they shop: from half to one and a half times the mean.
        let target = ((self.per_shopper as f64) * (0.5 + rng.next_f64())).round() as usize;
        // A session lasts well under an hour (at most a dozen steps of 90 s), so starting them an
        // hour before the end keeps the whole history in the past.
        let span = (self.options.end.as_micros() - SESSION_ROOM - self.start).max(1) as f64;
        let mut session_no = 0;
        while events.len() < target {
            let session_start = self.start + (rng.next_f64() * span) as i64;
            let session = SessionId::from(format!("hist-{}-{session_no}", shopper.id));
            session_no += 1;
            events.extend(taste.session(self.catalog, &draw, &mut rng, &session, session_start));
        }
        if self.options.catalog_key != 0 {
            for event in &mut events {
                event.event_id = keyed_id(event.event_id.as_str(), self.options.catalog_key).into();
            }
        }
        events
    }
}

/// An event id (32 hex digits) with `key` mixed into its first half.
fn keyed_id(id: &str, key: u64) -> String {
    match id
        .get(..16)
        .and_then(|high| u64::from_str_radix(high, 16).ok())
    {
        Some(high) => format!("{:016x}{}", high ^ key, &id[16..]),
        None => id.to_string(),
    }
}

impl Taste {
    /// One visit: a few product views, maybe some add-to-carts, maybe a purchase.
    fn session(
        &self,
        catalog: &Catalog,
        draw: &TasteDraw<'_>,
        rng: &mut Rng,
        session: &SessionId,
        start: i64,
    ) -> Vec<Event> {
        let mut events = Vec::new();
        let mut clock = start;
        let mut tick = |rng: &mut Rng| {
            clock += rng.range(5_000_000, 90_000_000);
            clock
        };
        let views = 1 + rng.below(6);
        let mut cart: Vec<(usize, i64)> = Vec::new();
        for _ in 0..views {
            let Some(item) = draw.pick(rng) else {
                break;
            };
            let t = tick(rng);
            events.push(self.item_event(EventType::ProductViewed, catalog, item, session, t, rng));
            if rng.chance(0.22) {
                let qty = 1 + i64::from(rng.chance(0.15));
                cart.push((item, qty));
                let t = tick(rng);
                events.push(
                    self.item_event(EventType::ProductAdded, catalog, item, session, t, rng)
                        .with("quantity", qty),
                );
            }
        }
        if cart.is_empty() || !rng.chance(0.7) {
            return events;
        }
        let total: Money = cart
            .iter()
            .map(|&(i, q)| catalog.at(i).price.times(q))
            .sum();
        let units: i64 = cart.iter().map(|(_, q)| q).sum();
        let with_cart = |e: Event| {
            e.with("cartTotal", total.dollars())
                .with("cartQuantity", units)
                .with("cartLines", cart.len() as i64)
        };
        let t = tick(rng);
        events.push(with_cart(self.event(
            EventType::CartViewed,
            None,
            session,
            t,
            rng,
        )));
        if !rng.chance(0.55) {
            return events;
        }
        let t = tick(rng);
        events.push(with_cart(self.event(
            EventType::CheckoutStarted,
            None,
            session,
            t,
            rng,
        )));
        if !rng.chance(0.75) {
            return events;
        }
        let lines = cart.iter().map(|&(i, q)| EventLine::new(catalog.at(i), q));
        let t = tick(rng);
        let order_id = format!("h{:012x}", rng.next_u64() >> 16);
        events.push(with_cart(
            self.event(EventType::OrderCompleted, None, session, t, rng)
                .with("orderId", order_id)
                .with("orderTotal", total.dollars())
                .with_lines(lines),
        ));
        events
    }

    fn event(
        &self,
        kind: EventType,
        item: Option<&str>,
        session: &SessionId,
        at: i64,
        rng: &mut Rng,
    ) -> Event {
        Event {
            event_id: format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64()).into(),
            event_type: kind,
            user_id: self.user_id.clone(),
            session_id: session.clone(),
            item_id: item.map(str::to_string),
            timestamp: Timestamp::from_micros(at),
            properties: Map::new(),
            anonymous: false,
        }
    }

    fn item_event(
        &self,
        kind: EventType,
        catalog: &Catalog,
        item: usize,
        session: &SessionId,
        at: i64,
        rng: &mut Rng,
    ) -> Event {
        let p = catalog.at(item);
        self.event(kind, Some(p.id.as_str()), session, at, rng)
            .with("productId", p.id.as_str())
            .with("category", p.category.as_str())
            .with("price", p.price.dollars())
            .with("feature", "")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CatalogSource;

    #[test]
    fn another_catalog_key_changes_every_event_id_and_nothing_else() {
        let data = CatalogSource::Builtin.load().unwrap();
        let catalog = Catalog::new(data.categories.clone(), data.products.clone());
        let shoppers = &data.shoppers[..20];
        let history = |catalog_key| {
            let options = HistoryOptions {
                interactions: 400,
                end: Timestamp::from_micros(1_800_000_000_000_000),
                catalog_key,
                ..HistoryOptions::default()
            };
            let generator = HistoryGenerator::new(&catalog, shoppers.len(), &options);
            shoppers
                .iter()
                .flat_map(|s| generator.for_shopper(s))
                .collect::<Vec<Event>>()
        };
        let (plain, keyed) = (history(0), history(HistoryOptions::catalog_key("another")));
        assert!(!plain.is_empty());
        assert_eq!(plain.len(), keyed.len());
        let ids: std::collections::HashSet<&str> =
            plain.iter().map(|e| e.event_id.as_str()).collect();
        for (a, b) in plain.iter().zip(&keyed) {
            assert!(!ids.contains(b.event_id.as_str()), "no id is shared");
            assert_eq!(b.event_id.as_str().len(), 32);
            let same = Event {
                event_id: a.event_id.clone(),
                ..b.clone()
            };
            assert_eq!(&same, a, "the same event otherwise");
        }
    }

    #[test]
    fn history_is_deterministic_in_the_past_and_follows_personas() {
        let data = CatalogSource::Builtin.load().unwrap();
        let catalog = Catalog::new(data.categories.clone(), data.products.clone());
        let shoppers = &data.shoppers[..200];
        let options = HistoryOptions {
            interactions: 20_000,
            days: 90,
            seed: 7,
            end: Timestamp::from_micros(1_800_000_000_000_000),
            catalog_key: 0,
        };
        let generator = HistoryGenerator::new(&catalog, shoppers.len(), &options);
        let a: Vec<Event> = shoppers
            .iter()
            .flat_map(|s| generator.for_shopper(s))
            .collect();
        let b: Vec<Event> = shoppers
            .iter()
            .flat_map(|s| generator.for_shopper(s))
            .collect();
        assert_eq!(a, b, "same seed, same history");
        assert!(a.len() >= 18_000, "about the requested size: {}", a.len());
        let start = options.end - 90 * crate::clock::DAY;
        assert!(
            a.iter()
                .all(|e| (start..options.end).contains(&e.timestamp))
        );
        // Views fall in the shopper's persona categories, mostly the first.
        let mut first = 0;
        let mut views = 0;
        for s in shoppers {
            let categories: Vec<&str> = s.persona.categories().collect();
            for e in a
                .iter()
                .filter(|e| e.user_id == s.id && e.event_type == EventType::ProductViewed)
            {
                let p = catalog.product(e.item_id.as_deref().unwrap()).unwrap();
                assert!(categories.contains(&p.category.as_str()));
                views += 1;
                if p.category == categories[0] {
                    first += 1;
                }
            }
        }
        let share = f64::from(first) / f64::from(views);
        assert!((0.5..0.7).contains(&share), "first-interest share {share}");
        // A realistic funnel: fewer adds than views, fewer orders than adds.
        let count = |t: EventType| a.iter().filter(|e| e.event_type == t).count();
        assert!(count(EventType::ProductAdded) < count(EventType::ProductViewed) / 2);
        assert!(count(EventType::OrderCompleted) < count(EventType::ProductAdded));
        assert!(count(EventType::OrderCompleted) > 0);
    }
}
