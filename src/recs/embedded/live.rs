//! The live state: each shopper's events since the model was trained, as the tracker shows them
//! (`observe`), so that a click changes the very next page.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use super::train::event_weight;
use crate::catalog::Catalog;
use crate::domain::UserId;
use crate::events::Event;

/// Live events kept per shopper (older ones are in the next model anyway).
const LIVE_EVENTS: usize = 200;

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

/// Every shopper's live events.
#[derive(Default)]
pub struct LiveState {
    users: Mutex<HashMap<UserId, LiveUser>>,
}

impl LiveState {
    fn users(&self) -> std::sync::MutexGuard<'_, HashMap<UserId, LiveUser>> {
        self.users
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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
        let user = users.entry(event.user_id.clone()).or_default();
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
    }

    /// The shopper's live events, oldest first, and their version.
    pub fn events(&self, user: &UserId) -> (Vec<Live>, u64) {
        self.users()
            .get(user)
            .map(|u| (u.events.iter().copied().collect(), u.version))
            .unwrap_or_default()
    }

    /// The version of the shopper's live events (0: none seen).
    pub fn version(&self, user: &UserId) -> u64 {
        self.users().get(user).map_or(0, |u| u.version)
    }

    /// Drops the events a new model contains (those up to `through`); every shopper's version
    /// moves on, since their scores now come from another model.
    pub fn forget_through(&self, through: i64) {
        self.users().retain(|_, user| {
            user.events.retain(|e| e.at > through);
            user.version += 1;
            !user.events.is_empty()
        });
    }
}
