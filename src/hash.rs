//! A fast non-cryptographic hasher (the rustc "Fx" hash) with a murmur3 finalizer, for maps keyed
//! by ids and terms the store itself produced (user ids, sessions, property values, catalog
//! terms). Not DoS-resistant: never key one by what a request sends.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf) ^ ((rest.len() as u64) << 56));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // Fx alone leaves ids that share a long prefix ("user-000123") clustered in the bits
        // hashbrown uses; a murmur3 finalizer spreads them.
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The dense id of `key`, giving it the next id when first seen.
#[inline]
pub(crate) fn intern<K: std::hash::Hash + Eq>(map: &mut FxMap<K, u32>, key: K) -> u32 {
    let next = map.len() as u32;
    *map.entry(key).or_insert(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_gives_dense_stable_ids() {
        let mut m: FxMap<&str, u32> = FxMap::default();
        assert_eq!(intern(&mut m, "u1"), 0);
        assert_eq!(intern(&mut m, "u2"), 1);
        assert_eq!(intern(&mut m, "u1"), 0);
        // Prefixes padded with zero bytes must not collide by construction of the tail word.
        assert_eq!(intern(&mut m, "ab"), 2);
        assert_eq!(intern(&mut m, "ab\0"), 3);
        assert_eq!(m.len(), 4);
    }
}
