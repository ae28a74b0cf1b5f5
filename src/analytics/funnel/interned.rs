//! The engine's input from the store's [`FunnelRows`]: users are already numbers, and a step's
//! filters and a held property's value are worked out once per distinct property set (a
//! handful) instead of once per event (tens of millions).

use serde_json::{Map, Value};

use super::{Input, Rec};
use crate::analytics::filter::ValueKey;
use crate::analytics::query::{Field, FunnelQuery};
use crate::analytics::rows::FunnelRows;
use crate::events::EventType;
use crate::hash::{FxMap, intern};

impl Input for FunnelRows {
    fn len(&self) -> usize {
        FunnelRows::len(self)
    }

    fn collect(&self, query: &FunnelQuery) -> (Vec<Rec>, usize) {
        // The steps each event type could satisfy (by the type's discriminant), compared as
        // the general path compares them: the step's text against the type's name.
        let mut candidates = [0u16; EventType::ALL.len()];
        for t in EventType::ALL {
            for (k, step) in query.steps.iter().enumerate() {
                if step.event_type == t.as_str() {
                    candidates[t as usize] |= 1 << k;
                }
            }
        }
        // The steps whose filters each property set passes, and its held value's number.
        let sets = self.property_set_count() as u32;
        let passes: Vec<u16> = (0..sets)
            .map(|s| {
                let properties = self.property_set(s);
                query
                    .steps
                    .iter()
                    .enumerate()
                    .filter(|(_, step)| step.filters_match(properties))
                    .fold(0u16, |mask, (k, _)| mask | 1 << k)
            })
            .collect();
        let mut holds: FxMap<ValueKey<'_>, u32> = FxMap::default();
        let held: Vec<u32> = match &query.hold_constant {
            Some(Field::Property(p)) => (0..sets)
                .map(|s| {
                    intern(
                        &mut holds,
                        ValueKey::of(self.property_set(s).get(p.as_str())),
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        let (from, to) = (query.from.as_micros(), query.to.as_micros());
        let last_useful = (to - 1).saturating_add(query.window_us);
        let mut recs = Vec::new();
        for (i, r) in self.raw().iter().enumerate() {
            let ts = r.timestamp;
            if ts < from || ts > last_useful {
                continue;
            }
            let mut mask = candidates[r.event_type as usize] & passes[r.properties as usize];
            if ts >= to {
                mask &= !1;
            }
            if mask == 0 {
                continue;
            }
            // A session's number is its interned text's, which tells sessions apart as well.
            let hold = match &query.hold_constant {
                None => 0,
                Some(Field::SessionId) => r.session,
                Some(Field::Property(_)) => held[r.properties as usize],
            };
            recs.push(Rec {
                user: r.user,
                hold,
                idx: i as u32,
                mask,
                ts,
            });
        }
        (recs, self.string_count())
    }

    fn properties(&self, idx: u32) -> &Map<String, Value> {
        self.property_set(self.raw()[idx as usize].properties)
    }

    fn session_id(&self, idx: u32) -> &str {
        self.string(self.raw()[idx as usize].session)
    }
}
