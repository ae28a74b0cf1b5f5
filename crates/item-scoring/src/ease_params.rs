//! What dense EASE is fitted on and how, beyond the textbook: a Gram matrix in which each
//! shopper's pairs are weighted ([`GramWeighting`]), a regularisation with EDLAE's dropout term
//! ([`Regularization`]) and a popularity discount on the target columns, together [`EaseParams`].
//!
//! The pieces are per shopper and per pair ([`GramWeighting::pair_weight`]) or per diagonal entry
//! ([`Regularization::diagonal_term`]), so a counter that never builds the dense matrix (the
//! neighbourhood model's) can apply them as it counts.
//!
//! Measured on MovieLens-100k and on the store's own history in docs/BENCHMARKS.md
//! ("dense EASE's quality").

use faer::Mat;

use crate::ease::{ItemWeights, fit_gram_with};

/// How much each co-occurrence pair counts in the Gram matrix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GramWeighting {
    /// A shopper with `n` distinct items lends each of their pairs `n^−length_exponent` (0: every
    /// shopper's pairs count 1, the textbook Gram). A shopper who took hundreds of items says
    /// less about any one pair than one who took five.
    pub length_exponent: f64,
    /// Pairs `d` apart in the shopper's time-ordered history count
    /// `1 + proximity · max(0, 1 − d / window)` times (an item with itself, d = 0, the most).
    /// The triangular kernel keeps each shopper's contribution positive semi-definite.
    pub proximity: f64,
    /// Positions apart at which the proximity bonus has faded to nothing.
    pub window: f64,
}

impl GramWeighting {
    /// Every pair counts 1: the textbook Gram XᵀX.
    pub const NONE: GramWeighting = GramWeighting {
        length_exponent: 0.0,
        proximity: 0.0,
        window: 1.0,
    };

    pub fn is_none(&self) -> bool {
        self.length_exponent == 0.0 && self.proximity == 0.0
    }

    /// The weight of every pair of a shopper with `n` distinct items, before proximity.
    pub fn shopper_weight(&self, n: usize) -> f64 {
        if n == 0 {
            0.0
        } else if self.length_exponent == 0.0 {
            1.0
        } else {
            (n as f64).powf(-self.length_exponent)
        }
    }

    /// The proximity factor of two items `distance` positions apart in a shopper's history.
    pub fn proximity_factor(&self, distance: usize) -> f64 {
        if self.proximity == 0.0 || self.window <= 0.0 {
            return 1.0;
        }
        1.0 + self.proximity * (1.0 - distance as f64 / self.window).max(0.0)
    }

    /// What one pair of a shopper with `n` distinct items, `distance` positions apart in their
    /// time-ordered history, adds to the Gram matrix: the per-shopper pair weight any counter
    /// (dense or sparse) can apply.
    pub fn pair_weight(&self, n: usize, distance: usize) -> f64 {
        self.shopper_weight(n) * self.proximity_factor(distance)
    }
}

/// EASE's regularisation: G + diag(λ + dropout/(1 − dropout) · diag G). The second term is
/// EDLAE's (Steck, "Autoencoders that don't overfit towards the identity", NeurIPS 2020):
/// dropping each input with probability `dropout` penalises popular items' self-reconstruction
/// more. `dropout` 0 is the textbook λI.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Regularization {
    pub lambda: f64,
    pub dropout: f64,
}

impl Regularization {
    pub const fn plain(lambda: f64) -> Self {
        Regularization {
            lambda,
            dropout: 0.0,
        }
    }

    /// What the diagonal entry `g_ii` of the Gram matrix gets added.
    pub fn diagonal_term(&self, g_ii: f64) -> f64 {
        let p = self.dropout.clamp(0.0, 0.99);
        self.lambda + p / (1.0 - p) * g_ii
    }
}

/// Everything dense EASE is fitted with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EaseParams {
    pub weighting: GramWeighting,
    pub regularization: Regularization,
    /// Each target column j of B is scaled by `diag(G)_j^−popularity_discount` (0: off), so the
    /// most taken items do not win every shelf on their popularity alone.
    pub popularity_discount: f64,
    /// Weights kept per item (those of largest magnitude).
    pub keep: usize,
}

impl EaseParams {
    /// Tuned on MovieLens-100k (split seeds 1, 2, 7–12, never the reported ones) and checked on
    /// the store's own history: docs/BENCHMARKS.md. λ is in the weighted Gram's units.
    pub const TUNED: EaseParams = EaseParams {
        weighting: GramWeighting {
            length_exponent: 0.75,
            proximity: 0.5,
            window: 10.0,
        },
        regularization: Regularization {
            lambda: 15.0,
            dropout: 0.5,
        },
        popularity_discount: 0.2,
        keep: 256,
    };

    /// Textbook EASE: the plain Gram, λI, no discount.
    pub const fn plain(lambda: f64, keep: usize) -> Self {
        EaseParams {
            weighting: GramWeighting::NONE,
            regularization: Regularization::plain(lambda),
            popularity_discount: 0.0,
            keep,
        }
    }
}

/// The Gram matrix over shoppers' time-ordered histories (item indices, oldest first; an item
/// seen again counts at its first position), each pair weighted by `weighting`. With
/// [`GramWeighting::NONE`] it is exactly [`gram`](crate::gram) over the distinct items.
pub fn weighted_gram<'a>(
    n_items: usize,
    histories: impl IntoIterator<Item = &'a [u32]>,
    weighting: &GramWeighting,
) -> Mat<f64> {
    let mut g = Mat::<f64>::zeros(n_items, n_items);
    let mut seen = vec![false; n_items];
    let mut distinct: Vec<usize> = Vec::new();
    for history in histories {
        distinct.clear();
        for &item in history {
            let i = item as usize;
            if i < n_items && !seen[i] {
                seen[i] = true;
                distinct.push(i);
            }
        }
        let n = distinct.len();
        for (a, &i) in distinct.iter().enumerate() {
            seen[i] = false;
            for (b, &j) in distinct.iter().enumerate() {
                g[(i, j)] += weighting.pair_weight(n, a.abs_diff(b));
            }
        }
    }
    g
}

/// Fits dense EASE on time-ordered histories with `params`.
pub fn fit_histories<'a>(
    n_items: usize,
    histories: impl IntoIterator<Item = &'a [u32]>,
    params: &EaseParams,
) -> ItemWeights {
    fit_gram_with(weighted_gram(n_items, histories, &params.weighting), params)
}

/// Each column `j` of `b` scaled by `popularity[j]^−exponent` (items never taken left alone).
pub(crate) fn discount(popularity: &[f64], exponent: f64) -> Vec<f64> {
    popularity
        .iter()
        .map(|&p| {
            if exponent == 0.0 || p <= 0.0 {
                1.0
            } else {
                p.powf(-exponent)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fit, gram};

    fn histories() -> Vec<Vec<u32>> {
        vec![
            vec![0, 1, 2, 1],
            vec![3, 0, 4, 5, 6, 7, 2],
            vec![2, 3],
            vec![5, 6, 0, 1],
            vec![7],
        ]
    }

    fn as_pairs(h: &[Vec<u32>]) -> Vec<Vec<(u32, f32)>> {
        h.iter()
            .map(|items| {
                let mut v: Vec<(u32, f32)> = items.iter().map(|&i| (i, 1.0)).collect();
                v.sort_unstable_by_key(|p| p.0);
                v.dedup_by_key(|p| p.0);
                v
            })
            .collect()
    }

    #[test]
    fn without_weighting_it_is_the_plain_gram() {
        let h = histories();
        let weighted = weighted_gram(8, h.iter().map(Vec::as_slice), &GramWeighting::NONE);
        let plain = gram(8, &as_pairs(&h));
        assert_eq!(weighted, plain);
        let b = fit_histories(8, h.iter().map(Vec::as_slice), &EaseParams::plain(2.0, 5));
        assert_eq!(b, fit(8, &as_pairs(&h), 2.0, 5));
    }

    #[test]
    fn long_histories_weigh_less_and_near_pairs_more() {
        let w = GramWeighting {
            length_exponent: 1.0,
            proximity: 0.5,
            window: 2.0,
        };
        // One shopper, items 0, 1, 2 in that order: n = 3.
        let g = weighted_gram(3, [&[0u32, 1, 2][..]], &w);
        let third = 1.0 / 3.0;
        assert!((g[(0, 0)] - third * 1.5).abs() < 1e-12);
        assert!((g[(0, 1)] - third * 1.25).abs() < 1e-12);
        assert!((g[(0, 2)] - third).abs() < 1e-12);
        assert_eq!(g[(0, 2)], g[(2, 0)]);
        assert_eq!(w.pair_weight(3, 1), g[(1, 2)]);
    }

    #[test]
    fn dropout_adds_a_share_of_the_diagonal() {
        let r = Regularization {
            lambda: 3.0,
            dropout: 0.5,
        };
        assert_eq!(r.diagonal_term(10.0), 13.0);
        assert_eq!(Regularization::plain(3.0).diagonal_term(10.0), 3.0);
    }

    #[test]
    fn the_popularity_discount_lowers_popular_targets() {
        // 0 goes with 1 (taken by many) and with 2 (taken by few) equally often.
        let mut h: Vec<Vec<u32>> = Vec::new();
        for _ in 0..10 {
            h.push(vec![0, 1]);
            h.push(vec![0, 2]);
        }
        for _ in 0..40 {
            h.push(vec![1]);
        }
        let mut params = EaseParams::plain(1.0, 10);
        let plain = fit_histories(3, h.iter().map(Vec::as_slice), &params);
        params.popularity_discount = 0.5;
        let discounted = fit_histories(3, h.iter().map(Vec::as_slice), &params);
        let ratio = |b: &ItemWeights| b.weight(0, 1) / b.weight(0, 2);
        assert!(ratio(&discounted) < ratio(&plain));
        let expected = ratio(&plain) * (10.0f32 / 50.0).sqrt();
        assert!((ratio(&discounted) - expected).abs() < 1e-4);
    }
}
