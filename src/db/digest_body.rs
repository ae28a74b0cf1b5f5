//! The body of one block of the event digest ([`super::event_digest`]): a run of stored events
//! in time order, packed as numbers. Each block keeps its own dictionaries of the texts its
//! events repeat (event types, users, sessions, whole property objects), so a reader looks each
//! distinct text up once per block instead of once per event, and a block never depends on
//! another one's.
//!
//! An event's properties are split into their top-level keys and values (each value as its
//! JSON text) when packed: a block's distinct property objects are lists of (key, value)
//! numbers, so a reader finds the properties a funnel selects without parsing any JSON. (Two
//! events in five have property objects no other event in their block has, but their keys and
//! most of their values repeat.)
//!
//! Layout (every number an unsigned LEB128 varint, every text its length then UTF-8 bytes):
//! the format byte; five dictionaries (types, users, sessions, property keys, property
//! values), each a count then its texts; the property objects: a count, then each one's pair
//! count and its (key, value) numbers; the row count; then per row, in (time, sequence number)
//! order: the time's step from the row before (the first row's time zig-zagged, as it may be
//! negative), the sequence number's offset from the block's first, the type's number shifted
//! left once with the simulated mark in the low bit, then the user's, session's and property
//! object's numbers.

use crate::hash::FxMap;

/// The layout above; a block of another is read as if it were not there (its events are read
/// from the table) until the digest is rebuilt.
pub(super) const FORMAT: u8 = 1;

/// A stored event, as the digest takes it from `events`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SourceEvent {
    pub seq: i64,
    pub event_type: String,
    pub user_id: String,
    pub session_id: String,
    pub occurred_at: i64,
    pub properties: String,
    pub simulated: bool,
}

/// One row of a decoded block: numbers into the block's dictionaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DigestRow {
    pub occurred_at: i64,
    pub seq: i64,
    pub event_type: u32,
    pub simulated: bool,
    pub user: u32,
    pub session: u32,
    pub properties: u32,
}

/// A decoded block: its dictionaries borrow the body's bytes.
#[derive(Debug)]
pub(super) struct DecodedBlock<'a> {
    pub types: Vec<&'a str>,
    pub users: Vec<&'a str>,
    pub sessions: Vec<&'a str>,
    pub keys: Vec<&'a str>,
    /// Each a top-level property's value as JSON text.
    pub values: Vec<&'a str>,
    /// Every property object's (key, value) numbers, one after the other, in each object's
    /// key order: object `i` is `pairs[object_starts[i]..object_starts[i + 1]]`.
    pairs: Vec<(u32, u32)>,
    object_starts: Vec<u32>,
    pub rows: Vec<DigestRow>,
}

impl DecodedBlock<'_> {
    /// The value number of `key` (a key number) in property object `object`.
    pub fn value_of(&self, object: u32, key: u32) -> Option<u32> {
        self.object(object)
            .iter()
            .find(|&&(k, _)| k == key)
            .map(|&(_, v)| v)
    }

    /// How many distinct property objects the block's events have.
    pub fn object_count(&self) -> usize {
        self.object_starts.len() - 1
    }

    fn object(&self, object: u32) -> &[(u32, u32)] {
        let i = object as usize;
        &self.pairs[self.object_starts[i] as usize..self.object_starts[i + 1] as usize]
    }

    /// The properties of object `object` as the JSON object they were packed from.
    #[cfg(test)]
    pub fn object_text(&self, object: u32) -> String {
        let map: serde_json::Map<String, serde_json::Value> = self
            .object(object)
            .iter()
            .map(|&(k, v)| {
                (
                    self.keys[k as usize].to_string(),
                    serde_json::from_str(self.values[v as usize]).unwrap(),
                )
            })
            .collect();
        serde_json::Value::Object(map).to_string()
    }
}

/// Why a body could not be read: the block is then treated as missing.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(super) enum BodyError {
    #[error("a block of digest format {0}, this build reads {FORMAT}")]
    Format(u8),
    #[error("a block's body ends early or holds a bad number")]
    Truncated,
    #[error("a block's body holds text that is not UTF-8")]
    NotUtf8,
    #[error("a block's row points past its dictionary")]
    OutOfRange,
}

/// Packs `events` (sorted here into time order, ties by sequence number) as a block whose
/// first sequence number is `first_seq`. Returns the body and the events' earliest and latest
/// times (`None` when there are none).
pub(super) fn encode(events: &mut [SourceEvent], first_seq: i64) -> (Vec<u8>, Option<(i64, i64)>) {
    events.sort_by_key(|e| (e.occurred_at, e.seq));
    let mut types = Dictionary::default();
    let mut users = Dictionary::default();
    let mut sessions = Dictionary::default();
    // Property objects by their text, each split into (key, value) numbers once.
    let mut objects = Dictionary::default();
    let rows: Vec<[u64; 6]> = {
        let mut previous = 0i64;
        events
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let time = if i == 0 {
                    zigzag(e.occurred_at)
                } else {
                    e.occurred_at.wrapping_sub(previous) as u64
                };
                previous = e.occurred_at;
                [
                    time,
                    (e.seq - first_seq) as u64,
                    (u64::from(types.number(&e.event_type)) << 1) | u64::from(e.simulated),
                    u64::from(users.number(&e.user_id)),
                    u64::from(sessions.number(&e.session_id)),
                    u64::from(objects.number(&e.properties)),
                ]
            })
            .collect()
    };
    // The writers store objects; anything else is packed as an object without properties.
    let parsed: Vec<serde_json::Map<String, serde_json::Value>> = objects
        .texts
        .iter()
        .map(|text| serde_json::from_str(text).unwrap_or_default())
        .collect();
    let mut keys = Dictionary::default();
    let mut values = Dictionary::default();
    let value_texts: Vec<Vec<(&str, String)>> = parsed
        .iter()
        .map(|object| {
            object
                .iter()
                .map(|(k, v)| (k.as_str(), v.to_string()))
                .collect()
        })
        .collect();
    let pairs: Vec<Vec<(u32, u32)>> = value_texts
        .iter()
        .map(|object| {
            object
                .iter()
                .map(|(k, v)| (keys.number(k), values.number(v)))
                .collect()
        })
        .collect();
    let mut out = Vec::with_capacity(rows.len() * 10 + 64);
    out.push(FORMAT);
    for dictionary in [&types, &users, &sessions, &keys, &values] {
        put(&mut out, dictionary.texts.len() as u64);
        for text in &dictionary.texts {
            put(&mut out, text.len() as u64);
            out.extend_from_slice(text.as_bytes());
        }
    }
    put(&mut out, pairs.len() as u64);
    for object in &pairs {
        put(&mut out, object.len() as u64);
        for &(k, v) in object {
            put(&mut out, u64::from(k));
            put(&mut out, u64::from(v));
        }
    }
    put(&mut out, rows.len() as u64);
    for row in &rows {
        for &n in row {
            put(&mut out, n);
        }
    }
    let span = events
        .first()
        .zip(events.last())
        .map(|(a, b)| (a.occurred_at, b.occurred_at));
    (out, span)
}

/// Reads a body written by [`encode`] for a block starting at `first_seq`. Its rows go into
/// `rows` (cleared first), handed back as the block's: a reader of many blocks passes the same
/// vector on and allocates (and the kernel zeroes) its memory once.
pub(super) fn decode(
    body: &[u8],
    first_seq: i64,
    mut rows: Vec<DigestRow>,
) -> Result<DecodedBlock<'_>, BodyError> {
    let mut reader = Reader { body, at: 0 };
    let format = reader.byte()?;
    if format != FORMAT {
        return Err(BodyError::Format(format));
    }
    let types = reader.texts()?;
    let users = reader.texts()?;
    let sessions = reader.texts()?;
    let keys = reader.texts()?;
    let values = reader.texts()?;
    let object_count = reader.number()? as usize;
    if object_count > body.len() {
        return Err(BodyError::Truncated);
    }
    let mut object_starts = Vec::with_capacity(object_count + 1);
    let mut pairs = Vec::new();
    object_starts.push(0);
    for _ in 0..object_count {
        let count = reader.number()? as usize;
        if count > body.len() {
            return Err(BodyError::Truncated);
        }
        for _ in 0..count {
            let key = index(reader.number()?, keys.len())?;
            pairs.push((key, index(reader.number()?, values.len())?));
        }
        object_starts.push(pairs.len() as u32);
    }
    let count = reader.number()? as usize;
    // A row takes at least six bytes: a count beyond that is a corrupt body, not an allocation.
    if count > body.len() / 6 {
        return Err(BodyError::Truncated);
    }
    rows.clear();
    rows.reserve(count);
    let mut time = 0i64;
    for i in 0..count {
        let step = reader.number()?;
        time = if i == 0 {
            unzigzag(step)
        } else {
            time.wrapping_add(step as i64)
        };
        let seq = first_seq.wrapping_add(reader.number()? as i64);
        let kind = reader.number()?;
        let row = DigestRow {
            occurred_at: time,
            seq,
            event_type: index(kind >> 1, types.len())?,
            simulated: kind & 1 == 1,
            user: index(reader.number()?, users.len())?,
            session: index(reader.number()?, sessions.len())?,
            properties: index(reader.number()?, object_count)?,
        };
        rows.push(row);
    }
    Ok(DecodedBlock {
        types,
        users,
        sessions,
        keys,
        values,
        pairs,
        object_starts,
        rows,
    })
}

/// Texts numbered in the order first met.
#[derive(Default)]
struct Dictionary<'a> {
    texts: Vec<&'a str>,
    numbers: FxMap<&'a str, u32>,
}

impl<'a> Dictionary<'a> {
    fn number(&mut self, text: &'a str) -> u32 {
        let next = self.texts.len() as u32;
        *self.numbers.entry(text).or_insert_with(|| {
            self.texts.push(text);
            next
        })
    }
}

fn index(n: u64, len: usize) -> Result<u32, BodyError> {
    if n < len as u64 {
        Ok(n as u32)
    } else {
        Err(BodyError::OutOfRange)
    }
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

fn put(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

struct Reader<'a> {
    body: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, BodyError> {
        let b = *self.body.get(self.at).ok_or(BodyError::Truncated)?;
        self.at += 1;
        Ok(b)
    }

    fn number(&mut self) -> Result<u64, BodyError> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(BodyError::Truncated)
    }

    fn texts(&mut self) -> Result<Vec<&'a str>, BodyError> {
        let count = self.number()? as usize;
        if count > self.body.len() {
            return Err(BodyError::Truncated);
        }
        let mut texts = Vec::with_capacity(count);
        for _ in 0..count {
            let len = self.number()? as usize;
            let end = self.at.checked_add(len).ok_or(BodyError::Truncated)?;
            let bytes = self.body.get(self.at..end).ok_or(BodyError::Truncated)?;
            texts.push(std::str::from_utf8(bytes).map_err(|_| BodyError::NotUtf8)?);
            self.at = end;
        }
        Ok(texts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(seq: i64, at: i64, user: &str, properties: &str) -> SourceEvent {
        SourceEvent {
            seq,
            event_type: if seq % 2 == 0 {
                "ProductViewed"
            } else {
                "ProductAdded"
            }
            .into(),
            user_id: user.into(),
            session_id: format!("s{}", seq % 3),
            occurred_at: at,
            properties: properties.into(),
            simulated: seq % 5 == 0,
        }
    }

    /// Every field comes back, in time order with ties by sequence number, from a block that
    /// starts past its first event's number (a block can cover numbers no event took).
    #[test]
    fn a_block_reads_back_what_was_packed_in_time_order() {
        let mut events = vec![
            event(107, 5_000, "ü-1", r#"{"feature":"home"}"#),
            event(103, -20, "u2", "{}"),
            event(104, 5_000, "u2", r#"{"feature":"home"}"#),
            event(110, i64::MAX / 2, "ü-1", r#"{"x":"é"}"#),
            event(105, 0, "", "{}"),
        ];
        let (body, span) = encode(&mut events, 100);
        assert_eq!(span, Some((-20, i64::MAX / 2)));
        let block = decode(&body, 100, Vec::new()).unwrap();
        assert_eq!(block.types.len(), 2);
        assert_eq!(block.users.len(), 3, "each user once");
        assert_eq!(block.object_count(), 3, "each property object once");
        assert_eq!(block.keys, ["feature", "x"]);
        assert_eq!(block.values, ["\"home\"", "\"é\""]);
        let feature = block.value_of(block.rows[2].properties, 0);
        assert_eq!(feature.map(|v| block.values[v as usize]), Some("\"home\""));
        assert_eq!(block.value_of(block.rows[0].properties, 0), None);
        let back: Vec<SourceEvent> = block
            .rows
            .iter()
            .map(|r| SourceEvent {
                seq: r.seq,
                event_type: block.types[r.event_type as usize].into(),
                user_id: block.users[r.user as usize].into(),
                session_id: block.sessions[r.session as usize].into(),
                occurred_at: r.occurred_at,
                properties: block.object_text(r.properties),
                simulated: r.simulated,
            })
            .collect();
        assert_eq!(
            back, events,
            "encode sorted its input into the order read back"
        );
        let seqs: Vec<i64> = back.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [103, 105, 104, 107, 110]);
        assert!(back.iter().any(|e| e.simulated) && back.iter().any(|e| !e.simulated));
    }

    #[test]
    fn an_empty_block_and_bad_bodies() {
        let (body, span) = encode(&mut [], 1);
        assert_eq!(span, None);
        assert!(decode(&body, 1, Vec::new()).unwrap().rows.is_empty());

        let (body, _) = encode(&mut [event(1, 9, "u", "{}")], 1);
        assert_eq!(
            decode(&[], 1, Vec::new()).unwrap_err(),
            BodyError::Truncated
        );
        assert_eq!(
            decode(&[9], 1, Vec::new()).unwrap_err(),
            BodyError::Format(9)
        );
        for end in 1..body.len() {
            assert!(decode(&body[..end], 1, Vec::new()).is_err(), "cut at {end}");
        }
        // The user's number (the row's fourth) pointing past the one user.
        let mut bad = body.clone();
        let users_at = bad.len() - 3;
        bad[users_at] = 7;
        assert_eq!(
            decode(&bad, 1, Vec::new()).unwrap_err(),
            BodyError::OutOfRange
        );
    }
}
