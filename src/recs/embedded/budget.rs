//! Per-shopper state within a byte budget: the live state and the score memo both forget their
//! oldest shoppers first when they grow past it.

use std::collections::HashMap;

use crate::domain::UserId;

/// Removes the shoppers whose `age` is oldest from `map` until at most `target` of `held`
/// bytes remain (`size` says what each holds), then gives the map's spare room back.
pub fn evict_oldest<V, A: Ord>(
    map: &mut HashMap<UserId, V>,
    held: &mut usize,
    target: usize,
    age: impl Fn(&V) -> A,
    size: impl Fn(&UserId, &V) -> usize,
) {
    let mut oldest: Vec<(A, UserId, usize)> = map
        .iter()
        .map(|(id, v)| (age(v), id.clone(), size(id, v)))
        .collect();
    oldest.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (_, id, bytes) in oldest {
        if *held <= target {
            break;
        }
        map.remove(&id);
        *held -= bytes;
    }
    map.shrink_to_fit();
}
