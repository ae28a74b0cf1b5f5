//! From a shopper's history to item scores: each item the shopper touched counts once, at its
//! strongest weight, and lends that weight to the items its row of [`ItemWeights`] points at.

use crate::ease::ItemWeights;

/// A shopper's history folded into one weight per item (the strongest signal seen for it), and
/// the items touched in the order they were first seen, so scores add up in a fixed order.
#[derive(Debug, Clone)]
pub struct ItemHistory {
    weights: Vec<f32>,
    touched: Vec<u32>,
}

impl ItemHistory {
    pub fn new(n_items: usize) -> Self {
        Self {
            weights: vec![0.0; n_items],
            touched: Vec::new(),
        }
    }

    /// Keeps the item's strongest weight. Returns false (and keeps nothing) for an item outside
    /// the index space.
    pub fn add(&mut self, item: u32, weight: f32) -> bool {
        let Some(slot) = self.weights.get_mut(item as usize) else {
            return false;
        };
        let strongest = slot.max(weight);
        if *slot == 0.0 && strongest > 0.0 {
            self.touched.push(item);
        }
        *slot = strongest;
        true
    }

    /// The item's weight in the history (0: not in it).
    pub fn weight(&self, item: u32) -> f32 {
        self.weights.get(item as usize).copied().unwrap_or(0.0)
    }

    /// Every item's weight, by index.
    pub fn weights(&self) -> &[f32] {
        &self.weights
    }

    pub fn into_weights(self) -> Vec<f32> {
        self.weights
    }

    /// Items with a weight, in the order they were first seen.
    pub fn touched(&self) -> &[u32] {
        &self.touched
    }

    pub fn is_empty(&self) -> bool {
        self.touched.is_empty()
    }

    /// Scores every item: Σ over the history of weight × row weight, with the history item that
    /// contributed most to each score.
    pub fn score(&self, weights: &ItemWeights) -> HistoryScores {
        let n = weights.n_items().max(self.weights.len());
        let mut scores = vec![0.0f32; n];
        let mut strongest = vec![0.0f32; n];
        let mut source = vec![u32::MAX; n];
        for &item in &self.touched {
            let w = self.weights[item as usize];
            let Some(row) = weights.rows.get(item as usize) else {
                continue;
            };
            for &(j, b) in row {
                let contribution = w * b;
                let j = j as usize;
                scores[j] += contribution;
                if contribution > strongest[j] {
                    strongest[j] = contribution;
                    source[j] = item;
                }
            }
        }
        HistoryScores { scores, source }
    }

    /// Scores only `items`, through `columns` (the item weights transposed, see
    /// [`ItemWeights::transposed`]): what a page that ranks a few items needs, without scoring
    /// the whole catalog.
    pub fn score_items(&self, columns: &ItemWeights, items: &[u32]) -> Vec<f32> {
        items
            .iter()
            .map(|&j| {
                columns.rows.get(j as usize).map_or(0.0, |column| {
                    column.iter().map(|&(i, b)| self.weight(i) * b).sum::<f32>()
                })
            })
            .collect()
    }
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
    fn keeps_each_items_strongest_weight_once() {
        let mut h = ItemHistory::new(4);
        assert!(h.add(0, 1.0));
        assert!(h.add(1, 2.0));
        assert!(h.add(0, 3.0));
        assert!(h.add(0, 2.0));
        assert!(!h.add(9, 1.0));
        assert_eq!(h.touched(), &[0, 1]);
        assert_eq!(h.weight(0), 3.0);
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
    fn scoring_a_few_items_agrees_with_scoring_all() {
        let mut h = ItemHistory::new(4);
        h.add(0, 1.0);
        h.add(1, 2.0);
        let all = h.score(&weights()).scores;
        let few = h.score_items(&weights().transposed(), &[2, 1]);
        assert_eq!(few, vec![all[2], all[1]]);
    }
}
