//! The trained model: everything the engine needs to answer without the database, and its
//! compact binary form (kept in the `models` table so a restart, or a second instance, does not
//! retrain).

use std::collections::HashMap;

use item_scoring::ItemWeights;

use crate::domain::UserId;

/// One past interaction of a shopper, as the model keeps it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Past {
    pub item: u32,
    pub weight: f32,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Model {
    /// The catalog the item indices refer to (its fingerprint and ids in order).
    pub catalog_fingerprint: String,
    pub item_ids: Vec<String>,
    /// Interactions up to this time (UTC µs) are in the model; later ones are live state.
    pub through: i64,
    pub trained_at: i64,
    pub interactions: u64,
    pub train_seconds: f64,
    pub lambda: f64,
    /// The training settings as they applied to this catalog ([`super::TrainParams::signature`]):
    /// a saved model trained otherwise is retrained when the settings change.
    pub trained_with: String,
    /// EASE weights: rows[i] = (target, weight).
    pub ease: ItemWeights,
    /// Similar items per item, best first, with blended scores in 0..1.
    pub related: ItemWeights,
    /// New items (no interactions when trained) nearest each item by metadata, best first.
    pub new_like: ItemWeights,
    /// Time-decayed interaction counts.
    pub popularity: Vec<f32>,
    /// Rate of increase of interactions over the last week against the week before.
    pub trending: Vec<f32>,
    /// Each shopper's past interactions, oldest first.
    pub histories: HashMap<UserId, Vec<Past>>,
}

/// Version 4 packs lengths, weights' targets and shopper histories as varints; a model saved
/// otherwise does not decode, and is trained again.
const MAGIC: &[u8; 8] = b"SFMODEL4";

impl Model {
    pub fn n_items(&self) -> usize {
        self.item_ids.len()
    }

    /// Bytes of the encoded model: what `train` logs as the model size.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(1 << 20));
        w.0.extend_from_slice(MAGIC);
        w.str(&self.catalog_fingerprint);
        w.varint(self.item_ids.len() as u64);
        for id in &self.item_ids {
            w.str(id);
        }
        w.i64(self.through);
        w.i64(self.trained_at);
        w.u64(self.interactions);
        w.f64(self.train_seconds);
        w.f64(self.lambda);
        w.str(&self.trained_with);
        w.weights(&self.ease);
        w.weights(&self.related);
        w.weights(&self.new_like);
        w.floats(&self.popularity);
        w.floats(&self.trending);
        let mut users: Vec<(&UserId, &Vec<Past>)> = self.histories.iter().collect();
        users.sort_by(|a, b| a.0.cmp(b.0));
        // The histories are most of a large model (one entry per interaction): about 7 bytes
        // an entry this way, against 16 written plainly.
        w.varint(users.len() as u64);
        for (user, past) in users {
            w.str(user.as_str());
            w.varint(past.len() as u64);
            let mut previous = 0i64;
            for p in past {
                w.varint(u64::from(p.item));
                w.weight(p.weight);
                w.varint(zigzag(p.at.wrapping_sub(previous)));
                previous = p.at;
            }
        }
        w.0
    }

    /// Whether `bytes` are a model of this version's format (one saved by an older version does
    /// not decode, and is trained again).
    pub fn is_current_format(bytes: &[u8]) -> bool {
        bytes.starts_with(MAGIC)
    }

    pub fn decode(bytes: &[u8]) -> Option<Model> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8)? != MAGIC {
            return None;
        }
        let catalog_fingerprint = r.str()?;
        let n = r.len()?;
        let mut item_ids = Vec::with_capacity(n.min(RESERVED_AHEAD));
        for _ in 0..n {
            item_ids.push(r.str()?);
        }
        let mut model = Model {
            catalog_fingerprint,
            item_ids,
            through: r.i64()?,
            trained_at: r.i64()?,
            interactions: r.u64()?,
            train_seconds: r.f64()?,
            lambda: r.f64()?,
            trained_with: r.str()?,
            ease: r.weights()?,
            related: r.weights()?,
            new_like: r.weights()?,
            popularity: r.floats()?,
            trending: r.floats()?,
            histories: HashMap::new(),
        };
        // A shopper takes two bytes at least (the id's length, the history's); an interaction
        // three (item, weight, time).
        let users = r.len_of(2)?;
        model.histories.reserve(users.min(RESERVED_AHEAD));
        for _ in 0..users {
            let user = r.str()?;
            let len = r.len_of(3)?;
            let mut past = Vec::with_capacity(len);
            let mut previous = 0i64;
            for _ in 0..len {
                let item = u32::try_from(r.varint()?).ok()?;
                let weight = r.weight()?;
                let at = previous.wrapping_add(unzigzag(r.varint()?));
                previous = at;
                past.push(Past { item, weight, at });
            }
            model.histories.insert(user.into(), past);
        }
        (r.at == bytes.len()).then_some(model)
    }
}

/// The most elements a count read from the file reserves room for ahead: a count is checked
/// only against the bytes left, and an element in memory (a string, a row) takes many times its
/// least encoded size, so a corrupt count must not size a vector; longer ones grow as they fill.
const RESERVED_AHEAD: usize = 1 << 16;

/// The order of a row of [`ItemWeights`]: the largest weight first, ties by the lower target
/// (as every model's rows are made).
fn best_first(a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// A signed difference as an unsigned varint's value: small either way round, small.
fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

struct Writer(Vec<u8>);

impl Writer {
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    /// LEB128: seven bits a byte, low first.
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    /// A whole weight of 1 to 254 (every event's weight) in its byte, any other after a 255.
    fn weight(&mut self, v: f32) {
        if v.fract() == 0.0 && (1.0..=254.0).contains(&v) {
            self.0.push(v as u8);
        } else {
            self.0.push(u8::MAX);
            self.f32(v);
        }
    }
    fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn floats(&mut self, v: &[f32]) {
        self.varint(v.len() as u64);
        for x in v {
            self.f32(*x);
        }
    }
    /// Each row in target order, a target as its gap from the one before (about 2 bytes where
    /// 4 would name it): the reader puts the row back in its order, best first.
    fn weights(&mut self, w: &ItemWeights) {
        self.varint(w.rows.len() as u64);
        let mut by_target = Vec::new();
        for row in &w.rows {
            debug_assert!(
                row.is_sorted_by(|a, b| best_first(a, b).is_le()),
                "a row of weights out of its order"
            );
            by_target.clear();
            by_target.extend_from_slice(row);
            by_target.sort_unstable_by_key(|&(j, _)| j);
            self.varint(row.len() as u64);
            let mut previous = 0u32;
            for &(j, x) in &by_target {
                self.varint(u64::from(j - previous));
                self.f32(x);
                previous = j;
            }
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn f64(&mut self) -> Option<f64> {
        Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            v |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Some(v);
            }
        }
        None
    }
    fn weight(&mut self) -> Option<f32> {
        match self.take(1)?[0] {
            u8::MAX => self.f32(),
            whole => Some(f32::from(whole)),
        }
    }
    /// A length, refused when it could not possibly fit in what is left (every element takes a
    /// byte at least), so corrupt bytes never size a vector past the file.
    fn len(&mut self) -> Option<usize> {
        self.len_of(1)
    }
    /// A length of elements of at least `min_bytes` each, refused as [`Reader::len`] does.
    fn len_of(&mut self, min_bytes: usize) -> Option<usize> {
        let n = usize::try_from(self.varint()?).ok()?;
        (n.checked_mul(min_bytes)? <= self.bytes.len() - self.at).then_some(n)
    }
    fn str(&mut self) -> Option<String> {
        let n = self.len()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    fn floats(&mut self) -> Option<Vec<f32>> {
        let n = self.len_of(4)?;
        (0..n).map(|_| self.f32()).collect()
    }
    fn weights(&mut self) -> Option<ItemWeights> {
        let n = self.len()?;
        let mut rows = Vec::with_capacity(n.min(RESERVED_AHEAD));
        for _ in 0..n {
            // A weight takes five bytes at least (its target's gap, its value).
            let len = self.len_of(5)?;
            let mut row = Vec::with_capacity(len);
            let mut target = 0u32;
            for _ in 0..len {
                target = target.checked_add(u32::try_from(self.varint()?).ok()?)?;
                row.push((target, self.f32()?));
            }
            row.sort_unstable_by(best_first);
            rows.push(row);
        }
        Some(ItemWeights { rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_garbage() {
        let mut model = Model {
            catalog_fingerprint: "abc".into(),
            item_ids: vec!["a".into(), "b".into()],
            through: 5,
            trained_at: 6,
            interactions: 7,
            train_seconds: 0.5,
            lambda: 250.0,
            trained_with: "TrainParams { lambda: 250.0 }".into(),
            ease: ItemWeights {
                // Ties keep the lower target first; negative weights last.
                rows: vec![
                    vec![(1, 0.5)],
                    vec![(7, 0.5), (9, 0.5), (0, 0.25), (u32::MAX, -1.0)],
                    vec![],
                ],
            },
            related: ItemWeights {
                rows: vec![vec![(1, 0.9)], vec![(0, 0.9)]],
            },
            new_like: ItemWeights {
                rows: vec![vec![], vec![(0, 0.4)]],
            },
            popularity: vec![1.0, 2.0],
            trending: vec![0.0, 0.1],
            histories: HashMap::new(),
        };
        model.histories.insert(
            "u".into(),
            vec![
                Past {
                    item: 1,
                    weight: 2.0,
                    at: 1_765_000_000_000_000,
                },
                // Out of time order, a weight that is not a whole number, the largest item.
                Past {
                    item: u32::MAX,
                    weight: 0.5,
                    at: 9,
                },
                Past {
                    item: 0,
                    weight: 255.0,
                    at: i64::MIN,
                },
            ],
        );
        model.histories.insert("v".into(), Vec::new());
        let bytes = model.encode();
        assert_eq!(Model::decode(&bytes), Some(model));
        assert_eq!(Model::decode(&bytes[..bytes.len() - 1]), None);
        assert_eq!(Model::decode(b"nonsense"), None);
    }
}
