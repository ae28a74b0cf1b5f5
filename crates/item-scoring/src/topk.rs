//! Top-n selection over a dense score vector.

/// Indices of the `n` highest scores (best first, ties by lower index), skipping `exclude`d
/// items and items scored exactly zero-or-below only when nothing better remains. Items with no
/// score at all still fill the list, so a short history never yields a short shelf.
pub fn top_n(scores: &[f32], n: usize, exclude: impl Fn(u32) -> bool) -> Vec<u32> {
    if n == 0 {
        return Vec::new();
    }
    let mut candidates: Vec<(u32, f32)> = scores
        .iter()
        .enumerate()
        .filter(|(i, _)| !exclude(*i as u32))
        .map(|(i, &s)| (i as u32, s))
        .collect();
    let by_score = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if candidates.len() > n {
        candidates.select_nth_unstable_by(n - 1, by_score);
        candidates.truncate(n);
    }
    candidates.sort_unstable_by(by_score);
    candidates.into_iter().map(|(i, _)| i).collect()
}

/// Softmax over `scores` with temperature `t`: Personalize-style scores that sum to 1.
pub fn softmax(scores: &[f32], t: f32) -> Vec<f32> {
    if scores.is_empty() {
        return Vec::new();
    }
    let t = if t > 0.0 { t } else { 1.0 };
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = scores.iter().map(|s| ((s - max) / t).exp()).collect();
    let sum: f32 = exps.iter().sum();
    exps.into_iter().map(|e| e / sum).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_best_and_skips_excluded() {
        let scores = [0.1, 0.9, 0.5, 0.9, 0.0];
        assert_eq!(top_n(&scores, 3, |_| false), vec![1, 3, 2]);
        assert_eq!(top_n(&scores, 2, |i| i == 1), vec![3, 2]);
        assert_eq!(top_n(&scores, 10, |_| false).len(), 5);
    }

    #[test]
    fn softmax_sums_to_one_and_keeps_order() {
        let p = softmax(&[2.0, 1.0, 0.5], 1.0);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(p[0] > p[1] && p[1] > p[2]);
    }
}
