//! The reached items grouped by category, each group's best in order, and the walk's merge of
//! the groups. A shelf fills parts by category: once a part is full its categories are closed,
//! and what the walk needs next is the best of the open categories. Over one global order it
//! had to pass every closed category's items (a boosted category's thousands come first), or
//! gather and order the rest of the whole history again; over groups it only leaves the closed
//! ones out.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::OnceLock;

use super::{GROUP_HEAD, SORTED_ALL, best_first_key, put_best_first, with_keys};

/// Positions in `reached` grouped by category number (the items of no category last), each
/// group's best `GROUP_HEAD` put in order when a walk first needs them (only a walk past the
/// scores' head of more than `SORTED_ALL` items groups them): total, then lower position, the
/// walk's order. The memoized scores
/// keep what the first walk ordered for every later page.
#[derive(Debug, Default)]
pub(super) struct ByCategory {
    /// Grouped, unordered within a group.
    positions: Vec<u32>,
    /// Where each group starts in `positions`, and one past the last.
    starts: Vec<u32>,
    /// Each group's ordered head, once a walk asked for it.
    heads: Vec<OnceLock<Vec<u32>>>,
    /// A group wholly in order, once a walk went past its head (rare for a shelf: a part takes
    /// fewer than `GROUP_HEAD` of a category; a walk that closes no category may).
    whole: Vec<OnceLock<Vec<u32>>>,
}

impl ByCategory {
    /// Groups the reached items (`categories` parallel to `reached`) over `n_categories`
    /// category numbers: a counting sort, two passes.
    pub(super) fn new(categories: &[Option<u16>], n_categories: usize) -> ByCategory {
        let groups = n_categories + 1;
        let group_of =
            |c: Option<u16>| c.map_or(n_categories, |c| usize::from(c).min(n_categories));
        let mut starts = vec![0u32; groups + 1];
        for &c in categories {
            starts[group_of(c) + 1] += 1;
        }
        for g in 0..groups {
            starts[g + 1] += starts[g];
        }
        let mut fill: Vec<u32> = starts[..groups].to_vec();
        let mut positions = vec![0u32; categories.len()];
        for (k, &c) in categories.iter().enumerate() {
            let g = group_of(c);
            positions[fill[g] as usize] = k as u32;
            fill[g] += 1;
        }
        ByCategory {
            positions,
            starts,
            heads: (0..groups).map(|_| OnceLock::new()).collect(),
            whole: (0..groups).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The memory held outside the struct, about.
    pub(super) fn bytes(&self) -> usize {
        (self.positions.capacity() + self.starts.capacity()) * 4
            + (self.heads.capacity() + self.whole.capacity())
                * std::mem::size_of::<OnceLock<Vec<u32>>>()
            + self
                .heads
                .iter()
                .chain(&self.whole)
                .filter_map(OnceLock::get)
                .map(|h| h.capacity() * 4)
                .sum::<usize>()
    }

    /// What [`bytes`](Self::bytes) can grow to for `reached` items over `n_categories` category
    /// numbers, before any is built: the memo sizes scores when it stores them, before a walk
    /// groups them. Nothing is grouped up to `SORTED_ALL` items (the head holds them all).
    pub(super) fn reserve(reached: usize, n_categories: usize) -> usize {
        if reached <= SORTED_ALL {
            return 0;
        }
        let groups = n_categories + 1;
        // positions and whole groups, each at most one entry a reached item
        reached * 8 + groups * (4 + 2 * std::mem::size_of::<OnceLock<Vec<u32>>>() + GROUP_HEAD * 4)
    }

    fn groups(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    fn group(&self, g: usize) -> &[u32] {
        &self.positions[self.starts[g] as usize..self.starts[g + 1] as usize]
    }

    /// Group `g` wholly in order.
    fn whole(&self, g: usize, totals: &[f32]) -> &[u32] {
        self.whole[g].get_or_init(|| self.best_of(g, totals, usize::MAX))
    }

    /// Group `g`'s best `GROUP_HEAD`, in order.
    fn head(&self, g: usize, totals: &[f32]) -> &[u32] {
        self.heads[g].get_or_init(|| self.best_of(g, totals, GROUP_HEAD))
    }

    /// The best `n` of group `g` (all of it when it holds fewer), in order.
    fn best_of(&self, g: usize, totals: &[f32], n: usize) -> Vec<u32> {
        let group = self.group(g);
        let n = n.min(group.len());
        with_keys(|keys| {
            keys.extend(group.iter().map(|&k| best_first_key(totals[k as usize], k)));
            put_best_first(keys, n);
            keys[..n].iter().map(|&key| key as u32).collect()
        })
    }

    /// A merge of the groups, best first, of the items after key `after` (see
    /// `best_first_key`: the last item the walk took from the head) for one walk, leaving out
    /// the categories `closed` by then; `totals` parallel to `reached`.
    pub(super) fn merge_after<'a>(
        &'a self,
        totals: &'a [f32],
        after: u64,
        closed: &[bool],
    ) -> Merge<'a> {
        let groups = self.groups();
        let mut merge = Merge {
            by: self,
            totals,
            next: vec![0; groups],
            heads: BinaryHeap::with_capacity(groups),
        };
        let key = |k: u32| best_first_key(totals[k as usize], k);
        for g in 0..groups {
            if closed.get(g).copied().unwrap_or(false) {
                continue;
            }
            // Past what the head held: a search in the group's ordered head, then on in its
            // whole order if the head held all of that.
            let head = self.head(g, totals);
            let mut i = head.partition_point(|&k| key(k) <= after);
            if i == head.len() && head.len() < self.group(g).len() {
                i = self.whole(g, totals).partition_point(|&k| key(k) <= after);
            }
            merge.next[g] = i;
            merge.push(g);
        }
        merge
    }
}

/// The reached items best first: each group's next item in a heap by key.
pub(super) struct Merge<'a> {
    by: &'a ByCategory,
    totals: &'a [f32],
    /// Each group's next place in its order.
    next: Vec<usize>,
    /// (key, group) of each open group's next item.
    heads: BinaryHeap<Reverse<(u64, usize)>>,
}

impl Merge<'_> {
    /// The position of the `i`-th best item of group `g`.
    fn position(&mut self, g: usize, i: usize) -> Option<u32> {
        let group = self.by.group(g);
        if i >= group.len() {
            return None;
        }
        let head = self.by.head(g, self.totals);
        if i < head.len() {
            return Some(head[i]);
        }
        self.by.whole(g, self.totals).get(i).copied()
    }

    fn push(&mut self, g: usize) {
        if let Some(k) = self.position(g, self.next[g]) {
            self.heads
                .push(Reverse((best_first_key(self.totals[k as usize], k), g)));
        }
    }

    /// The position in `reached` of the best item still to come: not `bought` (by position),
    /// not of a category `closed` (by category number; categories are never reopened).
    pub(super) fn peek(&mut self, bought: &[bool], closed: &[bool]) -> Option<u32> {
        loop {
            let &Reverse((key, g)) = self.heads.peek()?;
            if closed.get(g).copied().unwrap_or(false) {
                self.heads.pop();
                continue;
            }
            let k = key as u32;
            if bought.get(k as usize).copied().unwrap_or(false) {
                self.take();
                continue;
            }
            return Some(k);
        }
    }

    /// Moves past the item `peek` returned.
    pub(super) fn take(&mut self) {
        if let Some(Reverse((_, g))) = self.heads.pop() {
            self.next[g] += 1;
            self.push(g);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The merge from after the key `after` (the head's last; `None`: from the start), as a walk
    /// takes it, closing categories along the way: what one global order yields past `after`,
    /// less the bought items and the closed categories' items.
    fn check_merge(
        by: &ByCategory,
        totals: &[f32],
        categories: &[Option<u16>],
        bought: &[bool],
        head: usize,
        close_after: &[(usize, usize)],
    ) -> Result<(), TestCaseError> {
        let mut global: Vec<u64> = totals
            .iter()
            .enumerate()
            .map(|(k, &t)| best_first_key(t, k as u32))
            .collect();
        global.sort_unstable();
        let start = head.min(global.len());
        let after = if start == 0 { 0 } else { global[start - 1] };
        let mut closed = vec![false; 5];
        for &(at, c) in close_after {
            if at == 0 {
                closed[c] = true;
            }
        }
        let mut merge = by.merge_after(totals, after, &closed);
        let mut expected = global[start..]
            .iter()
            .map(|&key| key as u32)
            .filter(|&k| !bought[k as usize]);
        let mut taken = 0usize;
        loop {
            for &(at, c) in close_after {
                if at == taken {
                    closed[c] = true;
                }
            }
            let want = expected
                .by_ref()
                .find(|&k| categories[k as usize].is_none_or(|c| !closed[usize::from(c)]));
            let got = merge.peek(bought, &closed);
            prop_assert_eq!(got, want);
            if got.is_none() {
                return Ok(());
            }
            merge.take();
            taken += 1;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// As a walk past the head meets it: more than `SORTED_ALL` reached items (so the groups'
        /// heads are shorter than the groups, and a merge may start past a whole head), ties,
        /// items of no category, two walks on one grouping (the memoized scores' second page).
        #[test]
        fn the_merge_is_the_global_order_less_what_is_left_out(
            items in proptest::collection::vec(
                (prop_oneof![-3.0f32..3.0, Just(0.0f32), Just(1.0f32)],
                 proptest::option::weighted(0.9, 0u16..5), proptest::bool::weighted(0.1)),
                (SORTED_ALL + 1)..(SORTED_ALL + 1500)),
            close_after in proptest::collection::vec((0usize..400, 0usize..5), 0..4),
            heads in (0usize..2500, 0usize..2500),
        ) {
            let totals: Vec<f32> = items.iter().map(|i| i.0).collect();
            let categories: Vec<Option<u16>> = items.iter().map(|i| i.1).collect();
            let bought: Vec<bool> = items.iter().map(|i| i.2).collect();
            let by = ByCategory::new(&categories, 5);
            check_merge(&by, &totals, &categories, &bought, heads.0, &close_after)?;
            check_merge(&by, &totals, &categories, &bought, heads.1, &[])?;
        }
    }
}
