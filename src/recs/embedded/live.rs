//! The live state: each shopper's events since the model was trained, as the tracker shows them
//! (`observe`), so that a click changes the very next page. Its memory is bounded in bytes: past
//! the budget the shoppers whose last event is oldest are forgotten (their events are in the
//! database and the next model), so a flood of one-page visitors cannot grow it.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use super::train::event_weight;
use crate::catalog::Catalog;
use crate::domain::UserId;
use crate::events::Event;

/// Live events kept per shopper (older ones are in the next model anyway).
const LIVE_EVENTS: usize = 200;
/// The live state's budget: about 400,000 one-page visitors, or 20,000 shoppers with 200 events.
pub const LIVE_BYTES: usize = 64 << 20;
/// A shopper's fixed cost besides their events: the map's slot, the id, the queue.
const USER_BYTES: usize = 96;

/// One event of a shopper's session, as the scoring reads it.
#[derive(Debug, Clone, Copy)]
pub struct Live {
    pub item: u32,
    pub weight: f32,
    /// UTC microseconds, raw: the decay math reads it per event per request.
    pub at: i64,
}

/// A shopper's events since the model was trained; `version` counts changes, so a memoized
/// score knows when it is stale.
#[derive(Default)]
struct LiveUser {
    events: VecDeque<Live>,
    version: u64,
}

impl LiveUser {
    fn bytes(&self, id: &UserId) -> usize {
        USER_BYTES + id.as_str().len() + self.events.capacity() * std::mem::size_of::<Live>()
    }

    /// Keeps the queue in time order whatever order events arrive in: an instance sees its own
    /// events at once and other instances' a poll later, and the session (its latest events,
    /// its intent) must read the same on every instance. Past the cap the oldest go; an event
    /// older than a full queue's oldest is the one that goes.
    fn insert_in_time_order(&mut self, live: Live) {
        let queue = &mut self.events;
        if queue.len() >= LIVE_EVENTS {
            if queue.front().is_some_and(|oldest| live.at < oldest.at) {
                return;
            }
            queue.pop_front();
        }
        // Nearly always the end; equal times keep their arrival order.
        let at = queue.partition_point(|e| e.at <= live.at);
        queue.insert(at, live);
    }

    fn last_at(&self) -> i64 {
        self.events.back().map_or(i64::MIN, |e| e.at)
    }
}

#[derive(Default)]
struct Users {
    by_id: HashMap<UserId, LiveUser>,
    bytes: usize,
}

/// Every shopper's live events.
pub struct LiveState {
    users: Mutex<Users>,
    budget: usize,
}

impl Default for LiveState {
    fn default() -> Self {
        LiveState::with_budget(LIVE_BYTES)
    }
}

impl LiveState {
    pub fn with_budget(budget: usize) -> LiveState {
        LiveState {
            users: Mutex::new(Users::default()),
            budget,
        }
    }

    fn users(&self) -> std::sync::MutexGuard<'_, Users> {
        self.users
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Bytes held now (about).
    pub fn bytes(&self) -> usize {
        self.users().bytes
    }

    /// Shoppers remembered now.
    pub fn len(&self) -> usize {
        self.users().by_id.len()
    }

    /// Records the items an event touched (a product event's item, an order's lines).
    pub fn observe(&self, catalog: &Catalog, event: &Event) {
        let weight = event_weight(event.event_type);
        if weight <= 0.0 {
            return;
        }
        let items: Vec<usize> = event
            .items()
            .filter_map(|id| catalog.index_of(id))
            .collect();
        if items.is_empty() {
            return;
        }
        let mut users = self.users();
        let Users { by_id, bytes } = &mut *users;
        let user = by_id.entry(event.user_id.clone()).or_default();
        let before = if user.version == 0 {
            0
        } else {
            user.bytes(&event.user_id)
        };
        user.version += 1;
        let at = event.timestamp.as_micros();
        for item in items {
            user.insert_in_time_order(Live {
                item: item as u32,
                weight,
                at,
            });
        }
        *bytes = *bytes + user.bytes(&event.user_id) - before;
        if users.bytes > self.budget {
            users.shrink(self.budget * 3 / 4);
        }
    }

    /// The shopper's live events, oldest first, and their version.
    pub fn events(&self, user: &UserId) -> (Vec<Live>, u64) {
        self.users()
            .by_id
            .get(user)
            .map(|u| (u.events.iter().copied().collect(), u.version))
            .unwrap_or_default()
    }

    /// The version of the shopper's live events (0: none seen).
    pub fn version(&self, user: &UserId) -> u64 {
        self.users().by_id.get(user).map_or(0, |u| u.version)
    }

    /// Drops the events a new model contains (those up to `through`); every shopper's version
    /// moves on, since their scores now come from another model.
    pub fn forget_through(&self, through: i64) {
        let mut users = self.users();
        let mut bytes = 0;
        users.by_id.retain(|id, user| {
            user.events.retain(|e| e.at > through);
            user.version += 1;
            let keep = !user.events.is_empty();
            if keep {
                bytes += user.bytes(id);
            }
            keep
        });
        users.by_id.shrink_to_fit();
        users.bytes = bytes;
    }
}

impl Users {
    /// Forgets the shoppers whose last event is oldest until at most `target` bytes are held.
    fn shrink(&mut self, target: usize) {
        super::budget::evict_oldest(
            &mut self.by_id,
            &mut self.bytes,
            target,
            LiveUser::last_at,
            |id, u| u.bytes(id),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{Actor, EventType};

    fn view(catalog: &Catalog, user: &str, item: usize) -> Event {
        let actor = Actor {
            user_id: user.into(),
            session_id: "s".into(),
            anonymous: true,
            simulation: None,
        };
        Event::new(
            EventType::ProductViewed,
            &actor,
            Some(catalog.at(item).id.as_str()),
        )
    }

    #[test]
    fn events_arriving_late_take_their_place_in_time() {
        let data = crate::catalog::CatalogSource::Builtin
            .load()
            .expect("built-in seeds");
        let catalog = Catalog::new(data.categories, data.products);
        let live = LiveState::default();
        let at = |item: usize, micros: i64| {
            let mut e = view(&catalog, "shopper", item);
            e.timestamp = crate::clock::Timestamp::from_micros(micros);
            e
        };
        // Seen here at once (1, 4), picked up from another instance later (2, 3; 0 too old).
        for (item, micros) in [(1, 1_000), (4, 4_000), (2, 2_000), (3, 3_000)] {
            live.observe(&catalog, &at(item, micros));
        }
        let (events, version) = live.events(&UserId::from("shopper"));
        let order: Vec<u32> = events.iter().map(|e| e.item).collect();
        assert_eq!(order, vec![1, 2, 3, 4]);
        assert_eq!(version, 4);
        // A full queue drops the oldest, or the newcomer when it is older still.
        for k in 0..LIVE_EVENTS as i64 {
            live.observe(&catalog, &at(5, 10_000 + k));
        }
        live.observe(&catalog, &at(0, 500));
        let (events, _) = live.events(&UserId::from("shopper"));
        assert_eq!(events.len(), LIVE_EVENTS);
        assert!(events.iter().all(|e| e.item == 5), "only the newest remain");
        assert!(events.windows(2).all(|w| w[0].at <= w[1].at));
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn a_flood_of_visitors_stays_within_the_budget_and_the_latest_are_kept() {
        let data = crate::catalog::CatalogSource::Builtin
            .load()
            .expect("built-in seeds");
        let catalog = Catalog::new(data.categories, data.products);
        let live = LiveState::with_budget(100_000);
        for i in 0..20_000 {
            live.observe(
                &catalog,
                &view(&catalog, &format!("visitor-{i:05}"), i % 10),
            );
        }
        assert!(live.bytes() <= 100_000, "{} bytes", live.bytes());
        assert!(live.len() > 300, "{} kept", live.len());
        assert_eq!(
            live.version(&UserId::from("visitor-19999")),
            1,
            "the latest is kept"
        );
        assert_eq!(
            live.version(&UserId::from("visitor-00000")),
            0,
            "the first is gone"
        );
        // The count follows what is held.
        live.forget_through(i64::MAX);
        assert_eq!((live.len(), live.bytes()), (0, 0));
    }
}
