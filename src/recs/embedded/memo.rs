//! The memo: each shopper's scores, kept until their next event, a new model, or `MEMO_TTL`. One
//! page asks for several shelves, and a shopper reloading a page should not pay for the scoring
//! twice.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::scoring::Scored;
use crate::domain::UserId;

const MEMO_TTL: Duration = Duration::from_secs(30);
/// Shoppers remembered at most; past this the memo starts over rather than tracking ages.
const MEMO_USERS: usize = 20_000;

/// What the scores were computed from: the model's generation and the live events' version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoredFrom {
    pub generation: u64,
    pub version: u64,
}

struct Entry {
    from: ScoredFrom,
    at: Instant,
    scored: Arc<Scored>,
}

#[derive(Default)]
pub struct ScoreMemo {
    entries: Mutex<HashMap<UserId, Entry>>,
}

impl ScoreMemo {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<UserId, Entry>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The shopper's scores if they were computed from exactly `from` and are still fresh.
    pub fn get(&self, user: &UserId, from: ScoredFrom) -> Option<Arc<Scored>> {
        self.entries()
            .get(user)
            .filter(|e| e.from == from && e.at.elapsed() < MEMO_TTL)
            .map(|e| e.scored.clone())
    }

    pub fn put(&self, user: &UserId, from: ScoredFrom, scored: Arc<Scored>) {
        let mut entries = self.entries();
        if entries.len() >= MEMO_USERS {
            entries.clear();
        }
        entries.insert(
            user.clone(),
            Entry {
                from,
                at: Instant::now(),
                scored,
            },
        );
    }
}
