//! The shop's item scoring as `Algorithm`s: EASE and item-kNN fitted with `item_scoring` and
//! scored through `item_scoring::ItemHistory`, the functions the shop's engine serves with, so
//! `storefront eval` measures exactly the code that serves the shop.

use std::collections::HashMap;

use item_scoring::{EaseParams, ItemHistory, ItemWeights, top_n};

use crate::{Algorithm, IndexedInteraction, TrainSet};

/// Each user's distinct items with their strongest weight, in index order.
pub fn user_items(
    n_users: usize,
    interactions: &[IndexedInteraction],
    binary: bool,
) -> Vec<Vec<(u32, f32)>> {
    let mut per_user: Vec<HashMap<u32, f32>> = vec![HashMap::new(); n_users];
    for i in interactions {
        let w = if binary { 1.0 } else { i.weight.max(0.0) };
        let slot = per_user[i.user as usize].entry(i.item).or_insert(0.0);
        *slot = slot.max(w);
    }
    per_user
        .into_iter()
        .map(|m| {
            let mut v: Vec<(u32, f32)> = m.into_iter().collect();
            v.sort_unstable_by_key(|(i, _)| *i);
            v
        })
        .collect()
}

/// Scores a history as the shop does (`ItemHistory`: each distinct item once, at its strongest
/// weight), then takes the top `n`.
fn recommend_from(
    weights: &ItemWeights,
    history: &[(u32, f32)],
    binary: bool,
    n: usize,
    exclude: &dyn Fn(u32) -> bool,
) -> Vec<u32> {
    let mut folded = ItemHistory::new(weights.n_items());
    for &(item, w) in history {
        folded.add(item, if binary { 1.0 } else { w });
    }
    top_n(&folded.score(weights), n, exclude)
}

/// Each user's training items in time order (timestamp, then the order given), repeats kept:
/// what [`item_scoring::weighted_gram`] reads.
pub fn time_ordered_items(n_users: usize, interactions: &[IndexedInteraction]) -> Vec<Vec<u32>> {
    let mut per_user: Vec<Vec<(i64, u32)>> = vec![Vec::new(); n_users];
    for i in interactions {
        per_user[i.user as usize].push((i.timestamp, i.item));
    }
    per_user
        .into_iter()
        .map(|mut v| {
            v.sort_by_key(|&(t, _)| t);
            v.into_iter().map(|(_, item)| item).collect()
        })
        .collect()
}

/// Dense EASE with `params` (`keep` weights per item, as served) on binary or weighted input.
/// Binary input goes through [`item_scoring::weighted_gram`] over each user's time-ordered
/// items (the shop's training); weighted input through the plain [`item_scoring::gram`] of
/// ratings (the weighting needs binary input).
pub struct Ease {
    pub params: EaseParams,
    pub binary: bool,
    weights: ItemWeights,
}

impl Ease {
    /// Textbook EASE: the plain Gram, λI.
    pub fn new(lambda: f64, keep: usize, binary: bool) -> Self {
        Self::with_params(EaseParams::plain(lambda, keep), binary)
    }

    pub fn with_params(params: EaseParams, binary: bool) -> Self {
        Self {
            params,
            binary,
            weights: ItemWeights::default(),
        }
    }

    /// Edits the fitted weights (for experiments on how they are pruned).
    pub fn map_weights(&mut self, edit: impl FnOnce(&mut ItemWeights)) {
        edit(&mut self.weights);
    }
}

impl Algorithm for Ease {
    fn name(&self) -> String {
        let p = &self.params;
        let mut name = format!("ease(λ={}", p.regularization.lambda);
        if p.regularization.dropout != 0.0 {
            name += &format!(",dropout={}", p.regularization.dropout);
        }
        if p.weighting.length_exponent != 0.0 {
            name += &format!(",n^-{}", p.weighting.length_exponent);
        }
        if p.weighting.proximity != 0.0 {
            name += &format!(
                ",near×{}/{}",
                1.0 + p.weighting.proximity,
                p.weighting.window
            );
        }
        if p.popularity_discount != 0.0 {
            name += &format!(",pop^-{}", p.popularity_discount);
        }
        name += &format!(",keep={}", p.keep);
        if !self.binary {
            name += ",weighted";
        }
        name + ")"
    }

    fn fit(&mut self, train: &TrainSet<'_>) {
        self.weights = if self.binary {
            let histories = time_ordered_items(train.n_users, train.interactions);
            item_scoring::fit_histories(
                train.n_items,
                histories.iter().map(Vec::as_slice),
                &self.params,
            )
        } else {
            let users = user_items(train.n_users, train.interactions, false);
            item_scoring::fit_gram_with(item_scoring::gram(train.n_items, &users), &self.params)
        };
    }

    fn recommend(
        &self,
        history: &[(u32, f32)],
        n: usize,
        exclude: &dyn Fn(u32) -> bool,
    ) -> Vec<u32> {
        recommend_from(&self.weights, history, self.binary, n, exclude)
    }
}

/// Neighbourhood EASE (`item_scoring::sparse`): each item regressed on its `neighbours` strongest
/// co-occurring items only, as the shop trains past the dense model's reach.
pub struct NeighbourhoodEase {
    pub params: item_scoring::NeighbourhoodParams,
    /// Co-occurrences kept per item for the solves' lookups.
    pub gram_keep: usize,
    weights: ItemWeights,
}

impl NeighbourhoodEase {
    pub fn new(params: item_scoring::NeighbourhoodParams, gram_keep: usize) -> Self {
        Self {
            params,
            gram_keep,
            weights: ItemWeights::default(),
        }
    }
}

impl Algorithm for NeighbourhoodEase {
    fn name(&self) -> String {
        format!(
            "ease-nbr(λ={},k={},keep={})",
            self.params.lambda, self.params.neighbours, self.params.keep
        )
    }

    fn fit(&mut self, train: &TrainSet<'_>) {
        let users = user_items(train.n_users, train.interactions, true);
        let interactions = item_scoring::Interactions::new(
            train.n_items,
            users
                .into_iter()
                .map(|items| items.into_iter().map(|(i, _)| i).collect()),
        );
        let gram = item_scoring::SparseGram::build(&interactions, self.gram_keep);
        self.weights = item_scoring::fit_neighbourhoods(&gram, &self.params);
    }

    fn recommend(
        &self,
        history: &[(u32, f32)],
        n: usize,
        exclude: &dyn Fn(u32) -> bool,
    ) -> Vec<u32> {
        recommend_from(&self.weights, history, true, n, exclude)
    }
}

/// Item-to-item cosine similarity over co-interactions (the classic item-kNN, close to SAR with
/// cosine similarity): a yardstick for EASE.
pub struct ItemKnn {
    pub neighbours: usize,
    weights: ItemWeights,
}

impl ItemKnn {
    pub fn new(neighbours: usize) -> Self {
        Self {
            neighbours,
            weights: ItemWeights::default(),
        }
    }
}

impl Algorithm for ItemKnn {
    fn name(&self) -> String {
        format!("item-knn(k={})", self.neighbours)
    }

    fn fit(&mut self, train: &TrainSet<'_>) {
        let users = user_items(train.n_users, train.interactions, true);
        let g = item_scoring::gram(train.n_items, &users);
        let mut rows = Vec::with_capacity(train.n_items);
        for i in 0..train.n_items {
            let mut row: Vec<(u32, f32)> = (0..train.n_items)
                .filter(|&j| j != i && g[(i, j)] > 0.0)
                .map(|j| {
                    let sim = g[(i, j)] / (g[(i, i)] * g[(j, j)]).sqrt();
                    (j as u32, sim as f32)
                })
                .collect();
            row.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            row.truncate(self.neighbours);
            rows.push(row);
        }
        self.weights = ItemWeights { rows };
    }

    fn recommend(
        &self,
        history: &[(u32, f32)],
        n: usize,
        exclude: &dyn Fn(u32) -> bool,
    ) -> Vec<u32> {
        recommend_from(&self.weights, history, true, n, exclude)
    }
}
