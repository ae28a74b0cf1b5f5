//! The shop's own events over a range, told apart from the rest: what browsers did (a
//! presenter's demo clicks among them) against the seed's synthetic history, which the store
//! also keeps as the shop's own (not simulated) events. The simulator's events are neither.

use crate::clock::Timestamp;
use crate::db::{FunnelSelection, Store, StoreError};
use crate::events::EventType;

/// How the seed's synthetic history names its sessions (`hist-<shopper>-<n>`, written by
/// `simulate::HistoryGenerator`; a test below keeps the two in step). No browser's session
/// is named so: those are the session cookie's random ids.
pub const SEED_HISTORY_SESSION_PREFIX: &str = "hist-";

/// Counts of the shop's own events in a range.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveActivity {
    pub from: Timestamp,
    pub to: Timestamp,
    /// Browsers' events by type, in [`EventType::ALL`]'s order, types without any left out.
    pub by_type: Vec<(EventType, u64)>,
    /// All of the browsers' events.
    pub total: u64,
    /// Distinct users (shoppers, accounts, anonymous browsers) among them.
    pub users: u64,
    /// The seed's synthetic history in the same range, counted apart.
    pub seed_history: u64,
}

impl LiveActivity {
    /// Counts events in `[from, to)`.
    pub async fn read(
        store: &Store,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<LiveActivity, StoreError> {
        let rows = store
            .funnel_rows(&FunnelSelection {
                types: EventType::ALL.to_vec(),
                since: from,
                until: to,
                simulated: Some(false),
                properties: Vec::new(),
                property_scopes: Vec::new(),
                sessions: true,
                ..FunnelSelection::default()
            })
            .await?;
        Ok(LiveActivity::count(
            from,
            to,
            rows.iter().map(|r| (r.session_id, r.user_id, r.event_type)),
        ))
    }

    fn count<'a>(
        from: Timestamp,
        to: Timestamp,
        rows: impl Iterator<Item = (&'a str, &'a str, EventType)>,
    ) -> LiveActivity {
        let mut counts = [0u64; EventType::ALL.len()];
        let mut users = std::collections::HashSet::new();
        let mut seed_history = 0;
        for (session, user, event_type) in rows {
            if session.starts_with(SEED_HISTORY_SESSION_PREFIX) {
                seed_history += 1;
                continue;
            }
            if let Some(k) = EventType::ALL.iter().position(|t| *t == event_type) {
                counts[k] += 1;
            }
            users.insert(user);
        }
        let by_type: Vec<(EventType, u64)> = EventType::ALL
            .into_iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .collect();
        LiveActivity {
            from,
            to,
            total: by_type.iter().map(|(_, n)| n).sum(),
            by_type,
            users: users.len() as u64,
            seed_history,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, CatalogSource};
    use crate::simulate::{HistoryGenerator, HistoryOptions};

    #[test]
    fn the_seed_history_is_counted_apart_from_browsers() {
        let rows = [
            ("hist-7-0", "7", EventType::ProductViewed),
            ("hist-7-0", "7", EventType::OrderCompleted),
            ("3f2a9c", "7", EventType::ProductViewed),
            ("3f2a9c", "7", EventType::ProductViewed),
            ("b81e44", "anon-1", EventType::ProductSearched),
        ];
        let live = LiveActivity::count(Timestamp::EPOCH, Timestamp::EPOCH, rows.into_iter());
        assert_eq!(
            live.by_type,
            [
                (EventType::ProductSearched, 1),
                (EventType::ProductViewed, 2)
            ]
        );
        assert_eq!((live.total, live.users, live.seed_history), (3, 2, 2));
    }

    #[test]
    fn the_seed_history_names_its_sessions_with_the_prefix() {
        let data = CatalogSource::Builtin.load().unwrap();
        let catalog = Catalog::new(data.categories.clone(), data.products.clone());
        let options = HistoryOptions {
            interactions: 50,
            days: 5,
            seed: 1,
            end: Timestamp::from_micros(1_800_000_000_000_000),
            catalog_key: 0,
        };
        let generator = HistoryGenerator::new(&catalog, 1, &options);
        let events = generator.for_shopper(&data.shoppers[0]);
        assert!(!events.is_empty());
        assert!(events.iter().all(|e| {
            e.session_id
                .as_str()
                .starts_with(SEED_HISTORY_SESSION_PREFIX)
        }));
    }
}
