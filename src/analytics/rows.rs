//! [`FunnelRows`]: the events a funnel reads, held compactly.
//!
//! The store fills it (`db::funnel` reads the rows and pushes them here): how a funnel holds
//! its events is analytics' business, how they come out of the tables is the store's. So this
//! module depends on nothing in `db`, and `db` depends only on it (and [`PropertyName`]).

use serde_json::{Map, Value};

use crate::analytics::property::PropertyName;
use crate::events::EventType;
use crate::hash::FxMap;

/// The events a funnel reads. A million rows repeat a few thousand shoppers and a handful of
/// property values, so each distinct string and property set is kept once and the rows point
/// at them: a map per row cost more (in fresh memory pages) than reading the rows did. The
/// funnel engine reads the rows' numbers directly ([`crate::analytics::compute_funnel_rows`]),
/// so it never hashes a user's id again.
#[derive(Debug, Default)]
pub struct FunnelRows {
    /// The properties each row's values are of, in order.
    keys: Vec<PropertyName>,
    rows: Vec<FunnelRow>,
    /// Users and sessions, each once.
    strings: Vec<Box<str>>,
    string_ids: FxMap<Box<str>, u32>,
    /// Property values (as JSON text), each once.
    values: Vec<Box<str>>,
    value_ids: FxMap<Box<str>, u32>,
    property_sets: Vec<Map<String, Value>>,
    /// A set by its values' ids, in the keys' order ([`ABSENT`] for a missing one).
    property_set_ids: FxMap<Box<[u32]>, u32>,
    /// The ids of the row being pushed, reused so a row allocates nothing.
    scratch: Vec<u32>,
}

/// A property a row has not got, among a property set's value ids.
const ABSENT: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
pub(crate) struct FunnelRow {
    pub(crate) user: u32,
    pub(crate) session: u32,
    pub(crate) event_type: EventType,
    pub(crate) timestamp: i64,
    pub(crate) properties: u32,
}

/// One event as a funnel sees it: `properties` holds only the selected ones that it has. The
/// user and session ids are the interned text, borrowed: a `UserId` / `SessionId` per row would
/// cost an allocation each over a million rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FunnelRowRef<'a> {
    pub user_id: &'a str,
    pub session_id: &'a str,
    pub event_type: EventType,
    pub timestamp: i64,
    pub properties: &'a Map<String, Value>,
}

impl FunnelRows {
    /// No rows yet; each row will carry the values of the properties `keys`.
    pub fn new(keys: &[PropertyName]) -> FunnelRows {
        FunnelRows {
            keys: keys.to_vec(),
            ..FunnelRows::default()
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = FunnelRowRef<'_>> {
        self.rows.iter().map(|r| FunnelRowRef {
            user_id: &self.strings[r.user as usize],
            session_id: &self.strings[r.session as usize],
            event_type: r.event_type,
            timestamp: r.timestamp,
            properties: &self.property_sets[r.properties as usize],
        })
    }

    /// The rows as numbers: users and sessions are ids below [`FunnelRows::string_count`],
    /// property sets ids below [`FunnelRows::property_set_count`].
    pub(crate) fn raw(&self) -> &[FunnelRow] {
        &self.rows
    }

    /// How many distinct strings (users and sessions) the rows point at.
    pub(crate) fn string_count(&self) -> usize {
        self.strings.len()
    }

    pub(crate) fn string(&self, id: u32) -> &str {
        &self.strings[id as usize]
    }

    pub(crate) fn property_set_count(&self) -> usize {
        self.property_sets.len()
    }

    pub(crate) fn property_set(&self, id: u32) -> &Map<String, Value> {
        &self.property_sets[id as usize]
    }

    /// Adds a row. `values` are its selected properties' JSON texts (`None` when it has not
    /// got one), in the order of the keys given to [`FunnelRows::new`].
    pub fn push(
        &mut self,
        user_id: &str,
        session_id: &str,
        event_type: EventType,
        timestamp: i64,
        values: Vec<Option<String>>,
    ) {
        let values = values.iter().map(Option::as_deref);
        self.push_borrowed(user_id, session_id, event_type, timestamp, values);
    }

    /// [`FunnelRows::push`] from borrowed texts (a database row's), allocating nothing once
    /// the strings and the property set were seen.
    pub fn push_borrowed<'v>(
        &mut self,
        user_id: &str,
        session_id: &str,
        event_type: EventType,
        timestamp: i64,
        values: impl IntoIterator<Item = Option<&'v str>>,
    ) {
        let properties = self.property_set_number(values);
        let row = FunnelRow {
            user: self.intern(user_id),
            session: self.intern(session_id),
            event_type,
            timestamp,
            properties,
        };
        self.rows.push(row);
    }

    /// The number of a user's or session's id in these rows, added when new: a reader that
    /// meets the same id on many rows looks it up once and pushes the number
    /// ([`FunnelRows::push_numbered`]).
    pub fn string_number(&mut self, text: &str) -> u32 {
        self.intern(text)
    }

    /// The number of the property set whose selected properties' JSON texts are `values` (in
    /// the keys' order, `None` for one it has not got), added when new.
    pub fn property_set_number<'v>(
        &mut self,
        values: impl IntoIterator<Item = Option<&'v str>>,
    ) -> u32 {
        let mut ids = std::mem::take(&mut self.scratch);
        ids.clear();
        ids.extend(
            values
                .into_iter()
                .map(|v| v.map_or(ABSENT, |v| self.value(v))),
        );
        let set = self.set_id(&ids);
        self.scratch = ids;
        set
    }

    /// Adds a row from numbers given by [`FunnelRows::string_number`] (user and session) and
    /// [`FunnelRows::property_set_number`] on these rows.
    pub fn push_numbered(
        &mut self,
        user: u32,
        session: u32,
        event_type: EventType,
        timestamp: i64,
        properties: u32,
    ) {
        debug_assert!(
            (user as usize) < self.strings.len() && (session as usize) < self.strings.len()
        );
        debug_assert!((properties as usize) < self.property_sets.len());
        self.rows.push(FunnelRow {
            user,
            session,
            event_type,
            timestamp,
            properties,
        });
    }

    /// Puts the rows in time order, rows of the same time keeping their order (a stable sort:
    /// parts joined in stored order stay in stored order among equal times). Rows already in
    /// order cost one pass.
    pub fn sort_by_time(&mut self) {
        if !self.rows.is_sorted_by_key(|r| r.timestamp) {
            self.rows.sort_by_key(|r| r.timestamp);
        }
    }

    /// Room for `additional` more rows, allocated once.
    pub fn reserve(&mut self, additional: usize) {
        self.rows.reserve(additional);
    }

    /// Parts read separately (slices of one range, with the same keys), joined in their order.
    pub fn joined(parts: impl IntoIterator<Item = FunnelRows>) -> FunnelRows {
        let parts: Vec<FunnelRows> = parts.into_iter().collect();
        let total = parts.iter().map(FunnelRows::len).sum::<usize>();
        let mut parts = parts.into_iter();
        let Some(mut all) = parts.next() else {
            return FunnelRows::default();
        };
        all.reserve(total - all.len());
        for part in parts {
            all.append(part);
        }
        all
    }

    /// Adds `later`'s rows after these (read with the same keys).
    pub fn append(&mut self, later: FunnelRows) {
        debug_assert_eq!(self.keys, later.keys, "rows of different selections");
        let strings: Vec<u32> = later.strings.iter().map(|s| self.intern(s)).collect();
        let values: Vec<u32> = later.values.iter().map(|v| self.value(v)).collect();
        let mut sets = vec![0; later.property_sets.len()];
        for (set, id) in later.property_set_ids {
            let mine: Vec<u32> = set
                .iter()
                .map(|&v| {
                    if v == ABSENT {
                        ABSENT
                    } else {
                        values[v as usize]
                    }
                })
                .collect();
            sets[id as usize] = self.set_id(&mine);
        }
        self.rows.extend(later.rows.into_iter().map(|r| FunnelRow {
            user: strings[r.user as usize],
            session: strings[r.session as usize],
            properties: sets[r.properties as usize],
            ..r
        }));
    }

    fn intern(&mut self, s: &str) -> u32 {
        intern_text(&mut self.strings, &mut self.string_ids, s)
    }

    fn value(&mut self, text: &str) -> u32 {
        intern_text(&mut self.values, &mut self.value_ids, text)
    }

    /// The id of the property set whose values are these (see [`FunnelRows::push`]).
    fn set_id(&mut self, values: &[u32]) -> u32 {
        if let Some(&id) = self.property_set_ids.get(values) {
            return id;
        }
        let mut set = Map::new();
        for (key, &value) in self.keys.iter().zip(values) {
            if value == ABSENT {
                continue;
            }
            if let Ok(value) = serde_json::from_str(&self.values[value as usize]) {
                set.insert(key.to_string(), value);
            }
        }
        let id = self.property_sets.len() as u32;
        self.property_sets.push(set);
        self.property_set_ids.insert(values.into(), id);
        id
    }
}

/// The number of `text` among `texts` (looked up in `ids`), added when new.
fn intern_text(texts: &mut Vec<Box<str>>, ids: &mut FxMap<Box<str>, u32>, text: &str) -> u32 {
    if let Some(&id) = ids.get(text) {
        return id;
    }
    let id = texts.len() as u32;
    texts.push(text.into());
    ids.insert(text.into(), id);
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::property::name;

    #[test]
    fn joined_parts_share_strings_and_property_sets() {
        let keys = [name("feature")];
        let text = |v: &str| Some(format!("\"{v}\""));
        let mut a = FunnelRows::new(&keys);
        a.push("u1", "s1", EventType::ProductViewed, 1, vec![None]);
        a.push("u2", "s1", EventType::ProductViewed, 2, vec![text("home")]);
        let mut b = FunnelRows::new(&keys);
        b.push("u2", "s2", EventType::ProductAdded, 3, vec![text("home")]);
        b.push("u3", "s2", EventType::ProductAdded, 4, vec![None]);
        let all = FunnelRows::joined([a, b]);
        assert_eq!(all.len(), 4);
        assert_eq!(all.strings.len(), 5, "u1 u2 u3 s1 s2 once each");
        assert_eq!(all.property_sets.len(), 2);
        let got: Vec<(&str, &str, i64, Option<&Value>)> = all
            .iter()
            .map(|r| {
                (
                    r.user_id,
                    r.session_id,
                    r.timestamp,
                    r.properties.get("feature"),
                )
            })
            .collect();
        let home = Value::from("home");
        assert_eq!(
            got,
            vec![
                ("u1", "s1", 1, None),
                ("u2", "s1", 2, Some(&home)),
                ("u2", "s2", 3, Some(&home)),
                ("u3", "s2", 4, None),
            ]
        );
        assert!(FunnelRows::joined([]).is_empty());
    }
}
