//! Ranking metrics for one query (one test user), all with binary relevance.
//!
//! `ranked` is the recommendation list, best first; `relevant` the user's held-out items. A
//! relevant item counts once even if an algorithm repeats it. Each protocol averages these
//! per-user values over all its test users, users without a single hit included (as 0) — the same
//! "sum over users / number of users" that microsoft/recommenders' `python_evaluation.py` and
//! Amazon Personalize ("over all queries") use.
//!
//! Sources checked:
//! * Amazon Personalize developer guide, "Evaluating a solution version with metrics": precision
//!   at K is the relevant recommendations in the top K divided by K; NDCG weights position p by
//!   1/log(1 + p) and divides by the ideal DCG; MRR at 25 is the reciprocal rank of the first
//!   relevant recommendation in the top 25; coverage is distinct recommended items over distinct
//!   items. The guide's worked values (NDCG 0.6241, MRR 0.3056) are reproduced in the tests below.
//! * microsoft/recommenders `recommenders/evaluation/python_evaluation.py`: `precision_at_k` =
//!   hits / k (always k, even when fewer than k items were recommended); `recall_at_k` = hits /
//!   number of relevant items (not capped at k); `ndcg_at_k` with the default `score_type="binary"`
//!   = DCG / IDCG where IDCG puts min(k, relevant) hits at the top (its default `loge` discount and
//!   Personalize's/our log2 give the same ratio: the base cancels); `map` = Σ over hits of
//!   (hits so far / rank) divided by the number of relevant items; `map_at_k` = the same divided
//!   by min(k, relevant).

use std::collections::HashSet;

/// 1-based ranks (within the top k) of the relevant items, first occurrences only.
fn hit_ranks<'a>(
    ranked: &'a [u32],
    relevant: &'a HashSet<u32>,
    k: usize,
) -> impl Iterator<Item = usize> + 'a {
    let top = &ranked[..ranked.len().min(k)];
    top.iter()
        .enumerate()
        .filter(move |&(i, item)| relevant.contains(item) && !top[..i].contains(item))
        .map(|(i, _)| i + 1)
}

/// Number of relevant items in the top k.
pub fn hits_at_k(ranked: &[u32], relevant: &HashSet<u32>, k: usize) -> usize {
    hit_ranks(ranked, relevant, k).count()
}

/// Relevant items in the top k, divided by k (not by the list length: a short list is penalised,
/// as in Personalize and microsoft/recommenders). 0 when k is 0.
pub fn precision_at_k(ranked: &[u32], relevant: &HashSet<u32>, k: usize) -> f64 {
    if k == 0 {
        return 0.0;
    }
    hits_at_k(ranked, relevant, k) as f64 / k as f64
}

/// Relevant items in the top k, divided by the number of relevant items. 0 when nothing is
/// relevant.
pub fn recall_at_k(ranked: &[u32], relevant: &HashSet<u32>, k: usize) -> f64 {
    if relevant.is_empty() {
        return 0.0;
    }
    hits_at_k(ranked, relevant, k) as f64 / relevant.len() as f64
}

/// Binary-relevance NDCG: Σ over hits at rank r ≤ k of 1/log2(1 + r), divided by the same sum for
/// an ideal list with min(k, |relevant|) hits at the top. 0 when nothing is relevant.
pub fn ndcg_at_k(ranked: &[u32], relevant: &HashSet<u32>, k: usize) -> f64 {
    let ideal_hits = k.min(relevant.len());
    if ideal_hits == 0 {
        return 0.0;
    }
    let discount = |rank: usize| 1.0 / ((rank + 1) as f64).log2();
    let dcg: f64 = hit_ranks(ranked, relevant, k).map(discount).sum();
    let idcg: f64 = (1..=ideal_hits).map(discount).sum();
    dcg / idcg
}

/// 1 / rank of the first relevant item in the top k; 0 when there is none.
pub fn reciprocal_rank_at_k(ranked: &[u32], relevant: &HashSet<u32>, k: usize) -> f64 {
    hit_ranks(ranked, relevant, k)
        .next()
        .map_or(0.0, |rank| 1.0 / rank as f64)
}

/// How [`average_precision_at_k`] normalises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApNormalization {
    /// Divide by the number of relevant items — microsoft/recommenders' `map`, which is what its
    /// `map_at_k` computed in the releases that produced the published SAR/BPR MovieLens numbers
    /// (before `map` was split out and `map_at_k` re-normalised). A user with more than k relevant
    /// items cannot reach 1.
    Relevant,
    /// Divide by min(k, relevant items) — microsoft/recommenders' current `map_at_k`.
    MinKRelevant,
}

/// Average precision: Σ over the j-th hit, at rank r ≤ k, of j / r, normalised as chosen.
/// 0 when nothing is relevant.
pub fn average_precision_at_k(
    ranked: &[u32],
    relevant: &HashSet<u32>,
    k: usize,
    normalization: ApNormalization,
) -> f64 {
    let denominator = match normalization {
        ApNormalization::Relevant => relevant.len(),
        ApNormalization::MinKRelevant => relevant.len().min(k),
    };
    if denominator == 0 {
        return 0.0;
    }
    let sum: f64 = hit_ranks(ranked, relevant, k)
        .enumerate()
        .map(|(j, rank)| (j + 1) as f64 / rank as f64)
        .sum();
    sum / denominator as f64
}

/// Distinct recommended items over the catalogue size (Personalize's `coverage`). 0 for an empty
/// catalogue.
pub fn coverage(distinct_recommended: usize, n_items: usize) -> f64 {
    if n_items == 0 {
        return 0.0;
    }
    distinct_recommended as f64 / n_items as f64
}

/// Mean of a slice; 0 when empty.
pub fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().sum::<f64>() / values.len() as f64
}

/// Median of a slice (mean of the two middle values for even lengths); 0 when empty.
pub fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    }
}

#[cfg(test)]
#[path = "metrics_tests.rs"]
mod tests;
