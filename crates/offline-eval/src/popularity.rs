//! The popularity baseline (Amazon Personalize's Popularity-Count recipe, which its guide
//! recommends as the baseline for solution metrics).

use super::{Algorithm, TrainSet};

/// Recommends the items with the most training interactions (a plain count, ignoring weights),
/// ties broken by the lower item index. Items with no training interactions are never
/// recommended. The history is ignored except through `exclude`.
#[derive(Debug, Clone, Default)]
pub struct Popularity {
    counts: Vec<u64>,
    /// Items with at least one interaction, most popular first.
    ranking: Vec<u32>,
}

impl Popularity {
    pub fn new() -> Self {
        Self::default()
    }

    /// Training interaction count per item index (empty before `fit`).
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }
}

impl Algorithm for Popularity {
    fn name(&self) -> String {
        "popularity".into()
    }

    fn fit(&mut self, train: &TrainSet<'_>) {
        let mut counts = vec![0u64; train.n_items];
        for x in train.interactions {
            counts[x.item as usize] += 1;
        }
        let mut ranking: Vec<u32> = (0..train.n_items as u32)
            .filter(|&i| counts[i as usize] > 0)
            .collect();
        ranking.sort_by(|&a, &b| counts[b as usize].cmp(&counts[a as usize]).then(a.cmp(&b)));
        self.counts = counts;
        self.ranking = ranking;
    }

    fn recommend(
        &self,
        _history: &[(u32, f32)],
        n: usize,
        exclude: &dyn Fn(u32) -> bool,
    ) -> Vec<u32> {
        self.ranking
            .iter()
            .copied()
            .filter(|&i| !exclude(i))
            .take(n)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::IndexedInteraction;
    use super::*;

    fn x(user: u32, item: u32) -> IndexedInteraction {
        IndexedInteraction {
            user,
            item,
            timestamp: 0,
            weight: 9.0,
        }
    }

    #[test]
    fn ranks_by_count_then_index() {
        let data = [
            x(0, 3),
            x(1, 3),
            x(0, 1),
            x(2, 4),
            x(1, 4),
            x(2, 0),
            x(3, 3),
        ];
        let mut p = Popularity::new();
        p.fit(&TrainSet {
            n_users: 4,
            n_items: 6,
            interactions: &data,
        });
        assert_eq!(p.counts(), [1, 1, 0, 3, 2, 0]);
        assert_eq!(p.recommend(&[], 10, &|_| false), [3, 4, 0, 1]);
        assert_eq!(p.recommend(&[], 2, &|_| false), [3, 4]);
        assert_eq!(p.recommend(&[(3, 1.0)], 2, &|i| i == 3), [4, 0]);
        assert_eq!(p.name(), "popularity");
    }

    #[test]
    fn unfitted_recommends_nothing() {
        assert!(Popularity::new().recommend(&[], 5, &|_| false).is_empty());
    }
}
