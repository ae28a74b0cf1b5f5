//! EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): a closed-form
//! item-item model. With G = XᵀX + λI and P = G⁻¹, the weights are B = I − P·diag(1/diag P) with
//! a zero diagonal; a shopper's score for item j is Σᵢ xᵢ·Bᵢⱼ over the items i in their history.
//!
//! One dense n×n inversion (faer's blocked Cholesky, both cores): 0.2 s for 2,400 items on this
//! machine. Each row of B is then cut to its `keep` weights of largest magnitude (a strong negative
//! weight — "shoppers who took i rarely take j" — is as much a part of the model as a positive
//! one), which keeps serving at O(history × keep) per request and the model small. For 100k+ items the dense inversion stops
//! being practical (n³); docs/BENCHMARKS.md describes the path (a sparse approximation per item
//! neighbourhood).

use faer::Mat;
use faer::linalg::solvers::DenseSolveCore;

use crate::ease_params::{EaseParams, discount};

/// Sparse item-item weights: `rows[i]` lists (target item, weight) in descending weight. Weights
/// may be negative (EASE's are); consumers must not assume otherwise.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemWeights {
    pub rows: Vec<Vec<(u32, f32)>>,
}

impl ItemWeights {
    pub fn n_items(&self) -> usize {
        self.rows.len()
    }

    pub fn weight(&self, from: u32, to: u32) -> f32 {
        self.rows
            .get(from as usize)
            .and_then(|row| row.iter().find(|(j, _)| *j == to))
            .map_or(0.0, |(_, w)| *w)
    }

    pub fn entries(&self) -> usize {
        self.rows.iter().map(Vec::len).sum()
    }

    /// The same weights by target item: `rows[j]` of the result lists (source, weight), sources
    /// in ascending order. Scores a few items without scoring all (see
    /// [`ItemHistory::score_items`](crate::ItemHistory::score_items)).
    pub fn transposed(&self) -> ItemWeights {
        let mut rows = vec![Vec::new(); self.n_items()];
        for (i, row) in self.rows.iter().enumerate() {
            for &(j, w) in row {
                if let Some(column) = rows.get_mut(j as usize) {
                    column.push((i as u32, w));
                }
            }
        }
        ItemWeights { rows }
    }
}

/// Item-item co-occurrence (the Gram matrix XᵀX) over each shopper's distinct items.
pub fn gram(n_items: usize, users: &[Vec<(u32, f32)>]) -> Mat<f64> {
    let mut g = Mat::<f64>::zeros(n_items, n_items);
    for items in users {
        for &(i, wi) in items {
            for &(j, wj) in items {
                g[(i as usize, j as usize)] += f64::from(wi) * f64::from(wj);
            }
        }
    }
    g
}

/// Fits EASE on each shopper's distinct (item, weight) list and keeps `keep` weights per item
/// (those of largest magnitude).
pub fn fit(n_items: usize, users: &[Vec<(u32, f32)>], lambda: f64, keep: usize) -> ItemWeights {
    fit_gram(gram(n_items, users), lambda, keep)
}

/// Fits EASE from a Gram matrix already computed (training also uses it for similar items).
pub fn fit_gram(g: Mat<f64>, lambda: f64, keep: usize) -> ItemWeights {
    fit_gram_with(g, &EaseParams::plain(lambda, keep))
}

/// Fits EASE from a Gram matrix (plain or [`weighted_gram`](crate::weighted_gram)) with
/// `params`' regularisation, popularity discount and `keep` (its weighting is the Gram's
/// business).
pub fn fit_gram_with(mut g: Mat<f64>, params: &EaseParams) -> ItemWeights {
    let n_items = g.nrows();
    if n_items == 0 {
        return ItemWeights::default();
    }
    let popularity: Vec<f64> = (0..n_items).map(|i| g[(i, i)]).collect();
    let column_scale = discount(&popularity, params.popularity_discount);
    for (i, &g_ii) in popularity.iter().enumerate() {
        g[(i, i)] += params.regularization.diagonal_term(g_ii);
    }
    let p = match g.llt(faer::Side::Lower) {
        Ok(llt) => llt.inverse(),
        // λ > 0 keeps G positive definite; this is a guard, not an expected path.
        Err(_) => {
            return ItemWeights {
                rows: vec![Vec::new(); n_items],
            };
        }
    };
    let mut rows = Vec::with_capacity(n_items);
    let mut row: Vec<(u32, f32)> = Vec::with_capacity(n_items);
    for i in 0..n_items {
        row.clear();
        for j in 0..n_items {
            if i != j {
                // B = −P / diag(P) column-wise; P is symmetric, so row i of B reads row i of P.
                let w = -p[(i, j)] / p[(j, j)] * column_scale[j];
                if w != 0.0 {
                    row.push((j as u32, w as f32));
                }
            }
        }
        keep_strongest(&mut row, params.keep);
        rows.push(row.clone());
    }
    ItemWeights { rows }
}

/// Cuts `row` to its `keep` weights of largest magnitude, then orders it by descending weight
/// (ties by target item).
pub fn keep_strongest(row: &mut Vec<(u32, f32)>, keep: usize) {
    if keep < row.len() {
        row.select_nth_unstable_by(keep, |a, b| {
            b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0))
        });
        row.truncate(keep);
    }
    row.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_bought_together_predict_each_other() {
        // Shoppers who take 0 also take 1; 2 and 3 go together; nobody mixes the pairs.
        let mut users = Vec::new();
        for _ in 0..20 {
            users.push(vec![(0, 1.0), (1, 1.0)]);
            users.push(vec![(2, 1.0), (3, 1.0)]);
        }
        let b = fit(4, &users, 1.0, 10);
        assert!(b.weight(0, 1) > 0.5);
        assert!(b.weight(2, 3) > 0.5);
        assert_eq!(b.weight(0, 2), 0.0);
        let mut history = crate::ItemHistory::new(4);
        history.add(0, 1.0);
        let scores = history.score(&b);
        assert!(scores[1] > scores[2] && scores[1] > scores[3]);
    }

    #[test]
    fn matches_the_closed_form_on_a_small_case() {
        // Two items always together: G = [[n+λ, n], [n, n+λ]], P = G⁻¹,
        // B01 = −P01/P11 = n/(n+λ).
        let users = vec![vec![(0, 1.0), (1, 1.0)]; 3];
        let b = fit(2, &users, 2.0, 10);
        assert!((b.weight(0, 1) - 3.0 / 5.0).abs() < 1e-6);
    }

    #[test]
    fn keeps_only_the_strongest_weights() {
        let users: Vec<Vec<(u32, f32)>> = (0..50)
            .map(|u| vec![(0, 1.0), (1 + (u % 5) as u32, 1.0)])
            .collect();
        let b = fit(6, &users, 1.0, 2);
        assert!(b.rows.iter().all(|r| r.len() <= 2));
        assert!(b.rows[0].windows(2).all(|w| w[0].1 >= w[1].1));
    }

    #[test]
    fn pruning_keeps_a_strong_negative_weight() {
        let mut row = vec![(1, 0.1), (2, -0.9), (3, 0.5), (4, 0.05), (5, -0.01)];
        keep_strongest(&mut row, 3);
        assert_eq!(row, vec![(3, 0.5), (1, 0.1), (2, -0.9)]);
    }

    #[test]
    fn items_never_taken_together_get_a_negative_weight_that_is_kept() {
        // 0 goes with 1 and 1 with 2, but 0 and 2 are never taken together: given 1, the model
        // learns that 0 speaks against 2, and that weight survives the cut to two per row.
        let mut users = Vec::new();
        for _ in 0..30 {
            users.push(vec![(0, 1.0), (1, 1.0)]);
            users.push(vec![(1, 1.0), (2, 1.0)]);
            users.push(vec![(3, 1.0)]);
        }
        let b = fit(4, &users, 1.0, 2);
        assert!(b.weight(0, 2) < -0.1, "{:?}", b.rows[0]);
        assert!(b.weight(0, 1) > 0.1);
    }
}
