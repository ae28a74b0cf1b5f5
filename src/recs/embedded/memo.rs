//! The memo: each shopper's scores, kept until their next event, a new model, or `MEMO_TTL`. One
//! page asks for several shelves, and a shopper reloading a page should not pay for the scoring
//! twice. Its memory is bounded in bytes (each entry as big as the items its history reaches,
//! `Scored::bytes`): past the budget the stale entries go first, then the oldest, so a flood of
//! one-page visitors cannot grow it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::scoring::Scored;
use crate::domain::UserId;

const MEMO_TTL: Duration = Duration::from_secs(30);
/// The memo's budget: tens of thousands of shoppers' scores (a history reaching 2,000 items
/// holds about 40 kB).
pub const MEMO_BYTES: usize = 64 << 20;

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
    bytes: usize,
}

#[derive(Default)]
struct Entries {
    by_user: HashMap<UserId, Entry>,
    bytes: usize,
}

pub struct ScoreMemo {
    entries: Mutex<Entries>,
    budget: usize,
}

impl Default for ScoreMemo {
    fn default() -> Self {
        ScoreMemo::with_budget(MEMO_BYTES)
    }
}

impl ScoreMemo {
    pub fn with_budget(budget: usize) -> ScoreMemo {
        ScoreMemo {
            entries: Mutex::new(Entries::default()),
            budget,
        }
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The shopper's scores if they were computed from exactly `from` and are still fresh.
    pub fn get(&self, user: &UserId, from: ScoredFrom) -> Option<Arc<Scored>> {
        self.entries()
            .by_user
            .get(user)
            .filter(|e| e.from == from && e.at.elapsed() < MEMO_TTL)
            .map(|e| e.scored.clone())
    }

    pub fn put(&self, user: &UserId, from: ScoredFrom, scored: Arc<Scored>) {
        let bytes = scored.bytes() + user.as_str().len() + std::mem::size_of::<Entry>() * 2;
        let mut entries = self.entries();
        if let Some(old) = entries.by_user.insert(
            user.clone(),
            Entry {
                from,
                at: Instant::now(),
                scored,
                bytes,
            },
        ) {
            entries.bytes -= old.bytes;
        }
        entries.bytes += bytes;
        if entries.bytes > self.budget {
            entries.shrink(self.budget * 3 / 4);
        }
    }

    /// Bytes held now (about).
    pub fn bytes(&self) -> usize {
        self.entries().bytes
    }

    /// Shoppers remembered now.
    pub fn len(&self) -> usize {
        self.entries().by_user.len()
    }
}

impl Entries {
    /// Drops the stale entries, then the oldest, until at most `target` bytes are held.
    fn shrink(&mut self, target: usize) {
        let mut freed = 0;
        self.by_user.retain(|_, e| {
            let keep = e.at.elapsed() < MEMO_TTL;
            if !keep {
                freed += e.bytes;
            }
            keep
        });
        self.bytes -= freed;
        if self.bytes <= target {
            return;
        }
        super::budget::evict_oldest(
            &mut self.by_user,
            &mut self.bytes,
            target,
            |e| e.at,
            |_, e| e.bytes,
        );
    }
}
