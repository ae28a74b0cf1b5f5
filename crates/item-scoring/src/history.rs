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

    /// Scores every item: Σ over the history of weight × row weight, with the history item that
    /// contributed most to each score. Dense (one score per item): the offline evaluation's
    /// form; serving uses [`score_reached`](Self::score_reached).
    pub fn score(&self, weights: &ItemWeights) -> HistoryScores {
        let n = weights.n_items().max(self.n_items);
        let mut scores = vec![0.0f32; n];
        let mut source = vec![u32::MAX; n];
        for reached in self.score_reached(weights) {
            scores[reached.item as usize] = reached.score;
            source[reached.item as usize] = reached.source;
        }
        HistoryScores { scores, source }
    }

    /// The same scores for only the items the history's rows reach (every other item scores 0),
    /// in ascending item order: work grows with the history, not the catalog. The sums go into
    /// a per-thread scratch array indexed by item (reset entry by entry after use), which is
    /// several times faster than hashing every contribution.
    pub fn score_reached(&self, weights: &ItemWeights) -> Vec<Reached> {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let Scratch {
                sums,
                reached,
                marks,
                ..
            } = &mut *scratch;
            let n = weights.n_items();
            if sums.len() < n {
                sums.resize(n, UNREACHED);
            }
            if marks.len() < n.div_ceil(64) {
                marks.resize(n.div_ceil(64), 0);
            }
            for &(item, w) in &self.touched {
                let Some(row) = weights.rows.get(item as usize) else {
                    continue;
                };
                for &(j, b) in row {
                    // A weight past the catalog (a corrupt model) is skipped: a panic here would
                    // leave this thread's scratch dirty for every later request.
                    if j as usize >= n {
                        continue;
                    }
                    let contribution = w * b;
                    let sum = &mut sums[j as usize];
                    if sum.source == NOT_REACHED {
                        *sum = Sum {
                            score: 0.0,
                            strongest: 0.0,
                            source: u32::MAX,
                        };
                        reached.push(j);
                        marks[j as usize / 64] |= 1 << (j % 64);
                    }
                    sum.score += contribution;
                    if contribution > sum.strongest {
                        sum.strongest = contribution;
                        sum.source = item;
                    }
                }
            }
            in_item_order(reached, marks);
            let out = reached
                .iter()
                .map(|&j| {
                    let sum = std::mem::replace(&mut sums[j as usize], UNREACHED);
                    Reached {
                        item: j,
                        score: sum.score,
                        source: sum.source,
                    }
                })
                .collect();
            reached.clear();
            out
        })
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

/// Puts `reached` (distinct items, each marked in `marks`) in ascending order and clears their
/// marks: by reading the marks in order when they are dense enough that reading every word
/// costs less than sorting (a heavy shopper reaches tens of thousands of items), else by
/// sorting.
fn in_item_order(reached: &mut Vec<u32>, marks: &mut [u64]) {
    let words = reached
        .iter()
        .map(|&j| j as usize / 64 + 1)
        .max()
        .unwrap_or(0);
    if reached.len() * 16 < words {
        reached.sort_unstable();
        for &j in reached.iter() {
            marks[j as usize / 64] = 0;
        }
        return;
    }
    reached.clear();
    for (w, word) in marks[..words].iter_mut().enumerate() {
        let mut bits = std::mem::take(word);
        while bits != 0 {
            reached.push((w * 64) as u32 + bits.trailing_zeros());
            bits &= bits - 1;
        }
    }
}

/// One item's running sum in the scratch array.
#[derive(Debug, Clone, Copy)]
struct Sum {
    score: f32,
    strongest: f32,
    source: u32,
}

/// Marks a scratch entry no history has reached yet (a real source is an item or `u32::MAX`).
const NOT_REACHED: u32 = u32::MAX - 1;
const UNREACHED: Sum = Sum {
    score: 0.0,
    strongest: 0.0,
    source: NOT_REACHED,
};

#[derive(Default)]
struct Scratch {
    sums: Vec<Sum>,
    reached: Vec<u32>,
    /// One bit per item, set while `score_reached` runs for the items reached so far.
    marks: Vec<u64>,
    /// A history's weight per item while `score_items` runs, 0 otherwise.
    weights: Vec<f32>,
    /// Each asked item's place + 1 while `score_items_by_rows` runs, 0 otherwise.
    slots: Vec<u32>,
}

thread_local! {
    /// Each thread's sums and weights, as long as the largest catalog it scored (16 bytes an item).
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// An item a history's rows reach: its score and the history item that contributed most.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reached {
    pub item: u32,
    pub score: f32,
    pub source: u32,
}

/// Every item's score for one shopper.
#[derive(Debug, Clone)]
pub struct HistoryScores {
    pub scores: Vec<f32>,
    /// The history item that contributed most to each item's score (`u32::MAX`: none).
    pub source: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights() -> ItemWeights {
        ItemWeights {
            rows: vec![vec![(1, 0.5), (2, 0.25)], vec![(2, 1.0)], vec![], vec![]],
        }
    }

    #[test]
    fn reached_items_come_out_ascending_by_sorting_or_by_their_marks() {
        // Few items spread over many words are sorted; many are read off their marks.
        for items in [vec![6_000u32, 3, 640, 64], (0..3_000).rev().collect()] {
            let mut marks = vec![0u64; 6_001usize.div_ceil(64)];
            for &j in &items {
                marks[j as usize / 64] |= 1 << (j % 64);
            }
            let mut reached = items.clone();
            in_item_order(&mut reached, &mut marks);
            let mut want = items;
            want.sort_unstable();
            assert_eq!(reached, want);
            assert!(marks.iter().all(|&w| w == 0), "the marks are cleared");
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
        let s = h.score(&weights());
        assert_eq!(s.scores, vec![0.0, 0.5, 2.25, 0.0]);
        assert_eq!(s.source, vec![u32::MAX, 0, 1, u32::MAX]);
    }

    #[test]
    fn negative_weights_lower_scores_and_name_no_source() {
        let w = ItemWeights {
            rows: vec![vec![(1, 0.5), (2, -0.75)], vec![(2, -0.25)], vec![], vec![]],
        };
        let mut h = ItemHistory::new(4);
        h.add(0, 1.0);
        h.add(1, 2.0);
        let s = h.score(&w);
        assert_eq!(s.scores, vec![0.0, 0.5, -1.25, 0.0]);
        // Item 2 is reached, but only against: no history item speaks for it.
        assert_eq!(s.source, vec![u32::MAX, 0, u32::MAX, u32::MAX]);
        assert_eq!(h.score_items(&w, &w.transposed(), &[2]), vec![-1.25]);
        assert_eq!(h.score_items_by_rows(&w, &[2]), vec![-1.25]);
    }

    #[test]
    fn scoring_a_few_items_agrees_with_scoring_all() {
        let mut h = ItemHistory::new(4);
        h.add(0, 1.0);
        h.add(1, 2.0);
        let all = h.score(&weights()).scores;
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
