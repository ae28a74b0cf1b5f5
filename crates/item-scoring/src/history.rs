//! From a shopper's history to item scores: each item the shopper touched counts once, at its
//! strongest weight, and lends that weight to the items its row of [`ItemWeights`] points at.
//!
//! Nothing here is sized by the catalog: a history holds only the items touched, and
//! [`ItemHistory::score_reached`] returns only the items the history's rows reach, so a shopper's
//! scores cost the same on 2,400 items as on a million.

use std::collections::HashMap;

use crate::ease::ItemWeights;

type ItemMap<V> = HashMap<u32, V, fnv::FnvBuildHasher>;

/// A shopper's history folded into one weight per item (the strongest signal seen for it), the
/// items in the order they were first seen, so scores add up in a fixed order.
#[derive(Debug, Clone)]
pub struct ItemHistory {
    n_items: usize,
    /// (item, weight), in the order first seen.
    touched: Vec<(u32, f32)>,
    /// Where each item sits in `touched`.
    at: ItemMap<usize>,
}

impl ItemHistory {
    /// An empty history over items `0..n_items`.
    pub fn new(n_items: usize) -> Self {
        Self {
            n_items,
            touched: Vec::new(),
            at: ItemMap::default(),
        }
    }

    /// Keeps the item's strongest weight. Returns false (and keeps nothing) for an item outside
    /// the index space.
    pub fn add(&mut self, item: u32, weight: f32) -> bool {
        if item as usize >= self.n_items {
            return false;
        }
        match self.at.get(&item) {
            Some(&k) => {
                let slot = &mut self.touched[k].1;
                *slot = slot.max(weight);
            }
            None if weight > 0.0 => {
                self.at.insert(item, self.touched.len());
                self.touched.push((item, weight));
            }
            None => {}
        }
        true
    }

    /// The item's weight in the history (0: not in it).
    pub fn weight(&self, item: u32) -> f32 {
        self.at.get(&item).map_or(0.0, |&k| self.touched[k].1)
    }

    /// (item, weight) for each item with a weight, in the order first seen.
    pub fn touched(&self) -> &[(u32, f32)] {
        &self.touched
    }

    pub fn is_empty(&self) -> bool {
        self.touched.is_empty()
    }

    /// The memory the history holds outside its own struct, about (what a memo budgets by).
    pub fn heap_bytes(&self) -> usize {
        self.touched.capacity() * std::mem::size_of::<(u32, f32)>()
            + self.at.capacity() * (std::mem::size_of::<(u32, usize)>() + 1)
    }

    /// Scores every item: Σ over the history of weight × row weight. Dense (one score per
    /// item): the offline evaluation's form; serving uses [`score_reached`](Self::score_reached).
    pub fn score(&self, weights: &ItemWeights) -> Vec<f32> {
        let n = weights.n_items().max(self.n_items);
        let mut scores = vec![0.0f32; n];
        for reached in self.score_reached(weights) {
            scores[reached.item as usize] = reached.score;
        }
        scores
    }

    /// The same scores for only the items the history's rows reach (every other item scores 0),
    /// in ascending item order: work grows with the history, not the catalog. The sums go into
    /// a per-thread scratch array indexed by item, which is several times faster than hashing
    /// every contribution.
    ///
    /// Each reached item's source, the history item that contributed most, is tracked in the
    /// sums up to [`SOURCES_TRACKED_UP_TO`] items; past it the sums hold only the score (4 bytes
    /// an item instead of 12: at a million items each add is a likely cache miss, and the
    /// smaller array misses less), and the source is [`UNTRACKED`], found afterwards for the
    /// few items a page explains ([`strongest_source`](Self::strongest_source)).
    pub fn score_reached(&self, weights: &ItemWeights) -> Vec<Reached> {
        self.score_reached_tracking(weights, weights.n_items() <= SOURCES_TRACKED_UP_TO)
    }

    /// [`score_reached`](Self::score_reached), the sources tracked or not. Whether an item is
    /// reached yet is its mark (see [`Marks`]), so its first contribution sets its sum, and
    /// nothing is reset afterwards.
    fn score_reached_tracking(&self, weights: &ItemWeights, track_sources: bool) -> Vec<Reached> {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let Scratch {
                sums,
                scores,
                reached,
                marks,
                ..
            } = &mut *scratch;
            let n = weights.n_items();
            marks.cover(n);
            if track_sources {
                if sums.len() < n {
                    sums.resize(n, Sum::default());
                }
                self.each_contribution(weights, |source, j, contribution| {
                    let sum = &mut sums[j];
                    if marks.mark(j) {
                        *sum = Sum {
                            score: 0.0,
                            strongest: 0.0,
                            source: u32::MAX,
                        };
                    }
                    sum.score += contribution;
                    if contribution > sum.strongest {
                        sum.strongest = contribution;
                        sum.source = source;
                    }
                });
            } else {
                if scores.len() < n {
                    scores.resize(n, 0.0);
                }
                self.each_contribution(weights, |_, j, contribution| {
                    if marks.mark(j) {
                        // 0 + the first contribution, as the tracked sums add it (−0 becomes 0).
                        scores[j] = 0.0 + contribution;
                    } else {
                        scores[j] += contribution;
                    }
                });
            }
            marks.drain_in_order(reached);
            let out = reached
                .iter()
                .map(|&j| {
                    if track_sources {
                        let sum = sums[j as usize];
                        Reached {
                            item: j,
                            score: sum.score,
                            source: sum.source,
                        }
                    } else {
                        Reached {
                            item: j,
                            score: scores[j as usize],
                            source: UNTRACKED,
                        }
                    }
                })
                .collect();
            reached.clear();
            out
        })
    }

    /// Calls `add(source, item, weight × row weight)` for every weight of every history item's
    /// row, in the order first seen. A weight past the catalog (a corrupt model) is skipped: a
    /// panic while scoring would leave the thread's scratch dirty for every later request.
    #[inline]
    fn each_contribution(&self, weights: &ItemWeights, mut add: impl FnMut(u32, usize, f32)) {
        let n = weights.n_items();
        for &(item, w) in &self.touched {
            let Some(row) = weights.rows.get(item as usize) else {
                continue;
            };
            for &(j, b) in row {
                if (j as usize) < n {
                    add(item, j as usize, w * b);
                }
            }
        }
    }

    /// The history item that contributes most to `item`'s score (a positive contribution; of
    /// equal ones, the one seen first: what [`score_reached`](Self::score_reached) tracks when
    /// it does), from `item`'s column of the transposed weights ([`ItemWeights::transposed`]).
    /// `None` when no history item speaks for it.
    pub fn strongest_source(&self, columns: &ItemWeights, item: u32) -> Option<u32> {
        let column = columns.rows.get(item as usize)?;
        // (contribution, place first seen, source)
        let mut best: Option<(f32, usize, u32)> = None;
        for &(i, b) in column {
            let Some(&place) = self.at.get(&i) else {
                continue;
            };
            let contribution = self.touched[place].1 * b;
            let stronger = best.is_none_or(|(strongest, first, _)| {
                contribution > strongest || (contribution == strongest && place < first)
            });
            if contribution > 0.0 && stronger {
                best = Some((contribution, place, i));
            }
        }
        best.map(|(_, _, source)| source)
    }

    /// Scores only `items`: what a page that ranks a few items needs, without scoring the whole
    /// catalog. Through `columns` (the item weights transposed, see
    /// [`ItemWeights::transposed`]) or through `rows`, whichever has fewer weights to read: a
    /// popular item's column lists thousands of sources on a small catalog (where each row keeps
    /// a tenth of it), and a short history's rows are then the cheaper way.
    pub fn score_items(
        &self,
        rows: &ItemWeights,
        columns: &ItemWeights,
        items: &[u32],
    ) -> Vec<f32> {
        let length =
            |weights: &ItemWeights, item: u32| weights.rows.get(item as usize).map_or(0, Vec::len);
        let row_work: usize = self.touched.iter().map(|&(i, _)| length(rows, i)).sum();
        let column_work: usize = items.iter().map(|&j| length(columns, j)).sum();
        if row_work < column_work {
            self.score_items_by_rows(rows, items)
        } else {
            self.score_items_by_columns(columns, items)
        }
    }

    fn score_items_by_columns(&self, columns: &ItemWeights, items: &[u32]) -> Vec<f32> {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            // The history's weights spread over a per-thread array for the columns' lookups
            // (a column lists hundreds of sources; hashing each would cost more than the sum).
            let weights = &mut scratch.weights;
            if weights.len() < self.n_items {
                weights.resize(self.n_items, 0.0);
            }
            for &(i, w) in &self.touched {
                weights[i as usize] = w;
            }
            let scores = items
                .iter()
                .map(|&j| {
                    columns.rows.get(j as usize).map_or(0.0, |column| {
                        column
                            .iter()
                            .map(|&(i, b)| weights.get(i as usize).copied().unwrap_or(0.0) * b)
                            .sum::<f32>()
                    })
                })
                .collect();
            for &(i, _) in &self.touched {
                weights[i as usize] = 0.0;
            }
            scores
        })
    }

    /// The same scores, summed over the history's rows: each asked item is given a slot in a
    /// per-thread array, and each row's weights that land on a slot add to its score. An item
    /// asked twice gets its first slot's score; an item past the weights scores 0.
    fn score_items_by_rows(&self, rows: &ItemWeights, items: &[u32]) -> Vec<f32> {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let slots = &mut scratch.slots;
            let n = rows.n_items();
            if slots.len() < n {
                slots.resize(n, 0);
            }
            for (k, &j) in items.iter().enumerate() {
                if let Some(slot) = slots.get_mut(j as usize).filter(|s| **s == 0) {
                    *slot = k as u32 + 1;
                }
            }
            let mut scores = vec![0.0f32; items.len()];
            for &(i, w) in &self.touched {
                let Some(row) = rows.rows.get(i as usize) else {
                    continue;
                };
                for &(j, b) in row {
                    if let Some(&slot) = slots.get(j as usize).filter(|s| **s != 0) {
                        scores[slot as usize - 1] += w * b;
                    }
                }
            }
            for (k, &j) in items.iter().enumerate() {
                if let Some(&slot) = slots.get(j as usize) {
                    scores[k] = scores[slot as usize - 1];
                }
            }
            for &j in items {
                if let Some(slot) = slots.get_mut(j as usize) {
                    *slot = 0;
                }
            }
            scores
        })
    }
}

/// The items a history reached so far: a bit an item, and a bit for each word of those bits that
/// is not zero. Reading the reached items in order visits only the words that hold one (a
/// shopper reaches a few thousand of a million items, in a few hundred words of 15,625), and
/// clears the marks as it goes, so they are clean for the next history.
#[derive(Default)]
struct Marks {
    items: Vec<u64>,
    words: Vec<u64>,
}

impl Marks {
    /// Room for items `0..n`.
    fn cover(&mut self, n: usize) {
        let words = n.div_ceil(64);
        if self.items.len() < words {
            self.items.resize(words, 0);
            self.words.resize(words.div_ceil(64), 0);
        }
    }

    /// Marks item `j` (within [`cover`](Self::cover)); whether it was not marked before.
    #[inline]
    fn mark(&mut self, j: usize) -> bool {
        let (w, bit) = (j / 64, 1u64 << (j % 64));
        let word = &mut self.items[w];
        if *word & bit != 0 {
            return false;
        }
        if *word == 0 {
            self.words[w / 64] |= 1 << (w % 64);
        }
        *word |= bit;
        true
    }

    /// Every marked item, ascending, into `out` (emptied first); clears the marks.
    fn drain_in_order(&mut self, out: &mut Vec<u32>) {
        out.clear();
        for (s, summary) in self.words.iter_mut().enumerate() {
            let mut words = std::mem::take(summary);
            while words != 0 {
                let w = s * 64 + words.trailing_zeros() as usize;
                words &= words - 1;
                let mut bits = std::mem::take(&mut self.items[w]);
                while bits != 0 {
                    out.push((w * 64) as u32 + bits.trailing_zeros());
                    bits &= bits - 1;
                }
            }
        }
    }
}

/// One item's running sum in the scratch array.
#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    score: f32,
    strongest: f32,
    source: u32,
}

#[derive(Default)]
struct Scratch {
    /// Running sums with their sources, while `score_reached` tracks sources.
    sums: Vec<Sum>,
    /// Running sums alone, while `score_reached` does not: set on an item's first contribution
    /// (its mark tells), so never reset.
    scores: Vec<f32>,
    /// The reached items in order, as `score_reached` reads them off its marks.
    reached: Vec<u32>,
    /// The items reached so far while `score_reached` runs.
    marks: Marks,
    /// A history's weight per item while `score_items` runs, 0 otherwise.
    weights: Vec<f32>,
    /// Each asked item's place + 1 while `score_items_by_rows` runs, 0 otherwise.
    slots: Vec<u32>,
}

thread_local! {
    /// Each thread's sums and weights, as long as the largest catalog it scored.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// An item a history's rows reach: its score and the history item that contributed most.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reached {
    pub item: u32,
    pub score: f32,
    /// The history item that contributed most: `u32::MAX` when none did (every contribution
    /// was negative), [`UNTRACKED`] when the scoring did not track it (see
    /// [`ItemHistory::score_reached`]).
    pub source: u32,
}

/// A [`Reached::source`] the scoring did not track: ask
/// [`ItemHistory::strongest_source`].
pub const UNTRACKED: u32 = u32::MAX - 2;

/// Catalogs up to this many items have their sources tracked as they are scored: 12 bytes of
/// per-thread sums an item, 3 MB at most. Past it the scores are summed alone (4 bytes an item)
/// and a source is searched for in the item's column when a page explains it; the columns are
/// short there (a million items share the weights a hundred thousand would), where on a small
/// catalog they run to hundreds or thousands of sources and a page's reasons would cost more
/// than the tracking.
pub const SOURCES_TRACKED_UP_TO: usize = 262_144;

#[cfg(test)]
mod tests {
    use super::*;

    fn weights() -> ItemWeights {
        ItemWeights {
            rows: vec![vec![(1, 0.5), (2, 0.25)], vec![(2, 1.0)], vec![], vec![]],
        }
    }

    #[test]
    fn reached_items_come_out_ascending_and_leave_no_marks() {
        let mut marks = Marks::default();
        marks.cover(300_000);
        let mut out = vec![7];
        for items in [
            vec![299_999u32, 3, 640, 64, 0, 63, 4_095, 4_096, 262_143],
            (0..3_000).rev().chain(200_000..200_100).collect(),
            Vec::new(),
        ] {
            for &j in &items {
                assert!(marks.mark(j as usize), "{j} is new");
                assert!(!marks.mark(j as usize), "{j} is marked once");
            }
            marks.drain_in_order(&mut out);
            let mut want = items;
            want.sort_unstable();
            assert_eq!(out, want);
            assert!(marks.items.iter().all(|&w| w == 0), "the marks are cleared");
            assert!(marks.words.iter().all(|&w| w == 0), "and their summary");
        }
    }

    #[test]
    fn keeps_each_items_strongest_weight_once() {
        let mut h = ItemHistory::new(4);
        assert!(h.add(0, 1.0));
        assert!(h.add(1, 2.0));
        assert!(h.add(0, 3.0));
        assert!(h.add(0, 2.0));
        assert!(!h.add(9, 1.0));
        assert_eq!(h.touched(), &[(0, 3.0), (1, 2.0)]);
        assert_eq!(h.weight(0), 3.0);
    }

    #[test]
    fn a_weight_past_the_catalog_is_skipped_and_leaves_no_trace() {
        let corrupt = ItemWeights {
            rows: vec![vec![(1, 0.5), (7, 9.0)], vec![]],
        };
        let mut h = ItemHistory::new(2);
        h.add(0, 1.0);
        let reached = h.score_reached(&corrupt);
        assert_eq!(reached.len(), 1);
        assert_eq!((reached[0].item, reached[0].score), (1, 0.5));
        // The same thread's next history starts from clean sums.
        let mut other = ItemHistory::new(4);
        other.add(1, 1.0);
        let reached = other.score_reached(&weights());
        assert_eq!(reached.len(), 1);
        assert_eq!((reached[0].item, reached[0].score), (2, 1.0));
    }

    #[test]
    fn scores_name_their_strongest_source() {
        let mut h = ItemHistory::new(4);
        h.add(0, 1.0);
        h.add(1, 2.0);
        assert_eq!(h.score(&weights()), vec![0.0, 0.5, 2.25, 0.0]);
        let sources: Vec<(u32, u32)> = h
            .score_reached(&weights())
            .iter()
            .map(|r| (r.item, r.source))
            .collect();
        assert_eq!(sources, vec![(1, 0), (2, 1)]);
        let columns = weights().transposed();
        assert_eq!(h.strongest_source(&columns, 1), Some(0));
        assert_eq!(h.strongest_source(&columns, 2), Some(1));
        assert_eq!(h.strongest_source(&columns, 3), None);
        assert_eq!(h.strongest_source(&columns, 99), None);
    }

    #[test]
    fn negative_weights_lower_scores_and_name_no_source() {
        let w = ItemWeights {
            rows: vec![vec![(1, 0.5), (2, -0.75)], vec![(2, -0.25)], vec![], vec![]],
        };
        let mut h = ItemHistory::new(4);
        h.add(0, 1.0);
        h.add(1, 2.0);
        assert_eq!(h.score(&w), vec![0.0, 0.5, -1.25, 0.0]);
        // Item 2 is reached, but only against: no history item speaks for it.
        let reached = h.score_reached(&w);
        assert_eq!((reached[1].item, reached[1].source), (2, u32::MAX));
        assert_eq!(h.strongest_source(&w.transposed(), 2), None);
        assert_eq!(h.score_items(&w, &w.transposed(), &[2]), vec![-1.25]);
        assert_eq!(h.score_items_by_rows(&w, &[2]), vec![-1.25]);
    }

    /// Scoring without sources (a large catalog) gives the very scores scoring with them does,
    /// bit for bit, and the source found afterwards from an item's column is the one the
    /// tracked scoring names: ties between equal contributions (weights from a few values)
    /// and negative ones included.
    #[test]
    fn sources_found_afterwards_are_the_tracked_ones_and_the_scores_the_same() {
        let n = SOURCES_TRACKED_UP_TO + 1_000;
        let mut rng = seeded_rng::Rng::new(16);
        let values = [1.0f32, 0.5, 0.25, -0.25, -1.0, 0.125];
        let histories = [1.0f32, 2.0, 3.0, 0.5];
        for round in 0..20 {
            // Rows over the first 3,000 items and a few past the tracked size, so that many
            // histories' rows meet on the same items.
            let rows = (0..n)
                .map(|i| {
                    if i >= 400 {
                        return Vec::new();
                    }
                    (0..rng.below(40))
                        .map(|_| {
                            let j = if rng.chance(0.05) {
                                n - 1 - rng.below(900)
                            } else {
                                rng.below(3_000)
                            };
                            (j as u32, *rng.pick(&values))
                        })
                        .collect()
                })
                .collect();
            let w = ItemWeights { rows };
            let columns = w.transposed();
            let mut h = ItemHistory::new(n);
            for _ in 0..1 + rng.below(60) {
                h.add(rng.below(450) as u32, *rng.pick(&histories));
            }
            let tracked = h.score_reached_tracking(&w, true);
            let untracked = h.score_reached(&w);
            assert_eq!(tracked.len(), untracked.len(), "round {round}");
            for (t, u) in tracked.iter().zip(&untracked) {
                assert_eq!(t.item, u.item, "round {round}");
                assert_eq!(
                    t.score.to_bits(),
                    u.score.to_bits(),
                    "round {round}, item {}",
                    t.item
                );
                assert_eq!(u.source, UNTRACKED);
                let found = h.strongest_source(&columns, t.item).unwrap_or(u32::MAX);
                assert_eq!(found, t.source, "round {round}, item {}", t.item);
            }
        }
    }

    #[test]
    fn scoring_a_few_items_agrees_with_scoring_all() {
        let mut h = ItemHistory::new(4);
        h.add(0, 1.0);
        h.add(1, 2.0);
        let all = h.score(&weights());
        let few = h.score_items(&weights(), &weights().transposed(), &[2, 1]);
        assert_eq!(few, vec![all[2], all[1]]);
        // Both ways, an item asked twice and one past the catalog included.
        let asked = [2, 1, 2, 9, 0];
        let expected = vec![all[2], all[1], all[2], 0.0, all[0]];
        assert_eq!(h.score_items_by_rows(&weights(), &asked), expected);
        assert_eq!(
            h.score_items_by_columns(&weights().transposed(), &asked),
            expected
        );
        let reached = h.score_reached(&weights());
        assert_eq!(
            reached,
            vec![
                Reached {
                    item: 1,
                    score: 0.5,
                    source: 0
                },
                Reached {
                    item: 2,
                    score: 2.25,
                    source: 1
                },
            ]
        );
    }
}
