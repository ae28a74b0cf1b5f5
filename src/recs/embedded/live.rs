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
        let queue = &mut user.events;
        for item in items {
            if queue.len() >= LIVE_EVENTS {
                queue.pop_front();
            }
            queue.push_back(Live {
                item: item as u32,
                weight,
                at: event.timestamp.as_micros(),
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
