//! The engine's algorithms as `eval::Algorithm`s, so `storefront eval` measures exactly the code
//! that serves the shop.

use std::collections::HashMap;

use super::ease::{self, ItemWeights};
use super::topk::top_n;
use crate::eval::{Algorithm, TrainSet};

/// Each user's distinct items with their strongest weight, in index order.
pub fn user_items(
    n_users: usize,
    interactions: &[crate::eval::Interaction],
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

/// Folds a history into scores: each distinct item once, at its strongest weight.
pub fn score_history(weights: &ItemWeights, history: &[(u32, f32)], binary: bool) -> Vec<f32> {
    let mut scores = vec![0.0f32; weights.n_items()];
    let mut seen: HashMap<u32, f32> = HashMap::with_capacity(history.len());
    for &(item, w) in history {
        let w = if binary { 1.0 } else { w };
        let slot = seen.entry(item).or_insert(0.0);
        *slot = slot.max(w);
    }
    for (item, w) in seen {
        weights.accumulate(item, w, &mut scores);
    }
    scores
}

/// EASE, with `keep` weights per item (as served) and binary or weighted input.
pub struct Ease {
    pub lambda: f64,
    pub keep: usize,
    pub binary: bool,
    weights: ItemWeights,
}

impl Ease {
    pub fn new(lambda: f64, keep: usize, binary: bool) -> Self {
        Self {
            lambda,
            keep,
            binary,
            weights: ItemWeights::default(),
        }
    }
}

impl Algorithm for Ease {
    fn name(&self) -> String {
        format!(
            "ease(λ={},keep={}{})",
            self.lambda,
            self.keep,
            if self.binary { "" } else { ",weighted" }
        )
    }

    fn fit(&mut self, train: &TrainSet<'_>) {
        let users = user_items(train.n_users, train.interactions, self.binary);
        self.weights = ease::fit(train.n_items, &users, self.lambda, self.keep);
    }

    fn recommend(
        &self,
        history: &[(u32, f32)],
        n: usize,
        exclude: &dyn Fn(u32) -> bool,
    ) -> Vec<u32> {
        let scores = score_history(&self.weights, history, self.binary);
        top_n(&scores, n, exclude)
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
        let g = ease::gram(train.n_items, &users);
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
        let scores = score_history(&self.weights, history, true);
        top_n(&scores, n, exclude)
    }
}
