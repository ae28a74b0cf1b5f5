use super::*;

fn set(items: &[u32]) -> HashSet<u32> {
    items.iter().copied().collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Rounds like Personalize's reported values (4 decimals).
fn r4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[test]
fn personalize_guide_example_ranks_2_and_5_at_k5() {
    // Amazon Personalize developer guide, "Evaluating a solution version with metrics" → Example:
    // the 2nd and 5th recommendations match the user's test data, K = 5, and the guide computes
    // NDCG as (1/log(1+2) + 1/log(1+5)) / (1/log(1+1) + 1/log(1+2)) = 0.6241. Its ideal DCG has
    // exactly two terms, i.e. the user has exactly 2 relevant items (both were recommended), so
    // the test truth has 2 items. (With a third, unrecommended relevant item the ideal would put
    // 3 hits at the top and NDCG would be 0.4776.)
    let ranked = [10, 20, 11, 12, 30];
    let relevant = set(&[20, 30]);
    assert_eq!(r4(ndcg_at_k(&ranked, &relevant, 5)), 0.6241);
    let exact = (1.0 / 3f64.log2() + 1.0 / 6f64.log2()) / (1.0 + 1.0 / 3f64.log2());
    assert!(close(ndcg_at_k(&ranked, &relevant, 5), exact));
    assert_eq!(precision_at_k(&ranked, &relevant, 5), 0.4); // guide: 2/5
    assert_eq!(reciprocal_rank_at_k(&ranked, &relevant, 5), 0.5); // guide: 1/2
    assert_eq!(r4(ndcg_at_k(&ranked, &set(&[20, 30, 99]), 5)), 0.4776);
}

#[test]
fn personalize_guide_example_mrr() {
    // Guide: three users shown 25 recommendations; user 1 interacts with ranks 4 and 10, user 2
    // with ranks 2, 4 and 12, user 3 with rank 6 → (1/4 + 1/2 + 1/6) / 3 = 0.3056.
    let ranked: Vec<u32> = (1..=25).collect(); // item r sits at rank r
    let users = [set(&[4, 10]), set(&[2, 4, 12]), set(&[6])];
    let rr: Vec<f64> = users
        .iter()
        .map(|rel| reciprocal_rank_at_k(&ranked, rel, 25))
        .collect();
    assert_eq!(rr, [0.25, 0.5, 1.0 / 6.0]);
    assert_eq!(r4(mean(&rr)), 0.3056);
}

#[test]
fn personalize_guide_precision_example() {
    // Guide: 10 recommendations, the user interacts with 3 of them → 3/10.
    let ranked: Vec<u32> = (0..10).collect();
    assert_eq!(precision_at_k(&ranked, &set(&[1, 5, 9, 77]), 10), 0.3);
}

#[test]
fn reciprocal_rank_only_counts_the_top_k() {
    let ranked: Vec<u32> = (1..=30).collect();
    assert_eq!(reciprocal_rank_at_k(&ranked, &set(&[26]), 25), 0.0);
    assert_eq!(
        reciprocal_rank_at_k(&ranked, &set(&[26, 25]), 25),
        1.0 / 25.0
    );
    assert_eq!(reciprocal_rank_at_k(&[], &set(&[1]), 25), 0.0);
}

#[test]
fn precision_divides_by_k_even_for_short_lists() {
    // microsoft/recommenders: "the maximum achievable precision may be < 1, if the number of
    // items for a user in rating_pred is less than k" — 3 of 3 relevant at k = 5 → 0.6.
    assert_eq!(precision_at_k(&[1, 2, 3], &set(&[1, 2, 3]), 5), 0.6);
    assert_eq!(precision_at_k(&[1, 2, 3], &set(&[1, 2, 3]), 3), 1.0);
    assert_eq!(precision_at_k(&[1, 2, 3], &set(&[1]), 0), 0.0);
}

#[test]
fn recall_is_not_capped_at_k() {
    let ranked: Vec<u32> = (0..10).collect();
    let relevant: Vec<u32> = (0..12).collect();
    assert!(close(
        recall_at_k(&ranked, &set(&relevant), 10),
        10.0 / 12.0
    ));
    assert_eq!(recall_at_k(&[5, 1, 7], &set(&[1, 2, 3, 7]), 3), 0.5);
    assert_eq!(recall_at_k(&[5, 1, 7], &set(&[]), 3), 0.0);
}

#[test]
fn ndcg_ideal_is_min_k_relevant_hits_at_the_top() {
    // Perfect lists score 1 whether |relevant| is below or above k.
    assert!(close(ndcg_at_k(&[1, 2, 9], &set(&[1, 2]), 3), 1.0));
    let ranked: Vec<u32> = (0..10).collect();
    let relevant: Vec<u32> = (0..40).collect();
    assert!(close(ndcg_at_k(&ranked, &set(&relevant), 10), 1.0));
    // One relevant item at rank 3: (1/log2 4) / 1 = 0.5.
    assert!(close(ndcg_at_k(&[7, 8, 1], &set(&[1]), 10), 0.5));
    // Hits at ranks 1 and 3 of 3 relevant, k = 3: (1 + 1/2) / (1 + 1/log2 3 + 1/2).
    let expected = 1.5 / (1.5 + 1.0 / 3f64.log2());
    assert!(close(ndcg_at_k(&[1, 8, 2], &set(&[1, 2, 3]), 3), expected));
    // A hit past k does not count.
    assert_eq!(ndcg_at_k(&[7, 8, 1], &set(&[1]), 2), 0.0);
    assert_eq!(ndcg_at_k(&[7, 8, 1], &set(&[]), 2), 0.0);
}

#[test]
fn average_precision_both_normalisations() {
    // Hits at ranks 1 and 3, 4 relevant items, k = 5: (1/1 + 2/3) / 4.
    let ranked = [1, 9, 2, 8, 7];
    let relevant = set(&[1, 2, 3, 4]);
    let ap = average_precision_at_k(&ranked, &relevant, 5, ApNormalization::Relevant);
    assert!(close(ap, (1.0 + 2.0 / 3.0) / 4.0));
    let ap = average_precision_at_k(&ranked, &relevant, 5, ApNormalization::MinKRelevant);
    assert!(close(ap, (1.0 + 2.0 / 3.0) / 4.0)); // min(5, 4) = 4
    // k = 2: only the rank-1 hit counts; normalised by 4 or by min(2, 4) = 2.
    let ap = average_precision_at_k(&ranked, &relevant, 2, ApNormalization::Relevant);
    assert!(close(ap, 0.25));
    let ap = average_precision_at_k(&ranked, &relevant, 2, ApNormalization::MinKRelevant);
    assert!(close(ap, 0.5));
    // Ranks 2 and 5 of 2 relevant: (1/2 + 2/5) / 2 = 0.45.
    let ap = average_precision_at_k(
        &[10, 20, 11, 12, 30],
        &set(&[20, 30]),
        5,
        ApNormalization::Relevant,
    );
    assert!(close(ap, 0.45));
    assert_eq!(
        average_precision_at_k(&[1], &set(&[]), 5, ApNormalization::Relevant),
        0.0
    );
}

#[test]
fn repeated_items_count_once() {
    let relevant = set(&[1]);
    assert!(close(precision_at_k(&[1, 1, 2], &relevant, 3), 1.0 / 3.0));
    assert!(close(ndcg_at_k(&[1, 1, 2], &relevant, 3), 1.0));
    assert!(close(recall_at_k(&[1, 1], &relevant, 3), 1.0));
    assert!(close(
        average_precision_at_k(&[2, 1, 1], &relevant, 3, ApNormalization::Relevant),
        0.5
    ));
}

#[test]
fn microsoft_recommenders_unit_test_fixture() {
    // recommenders' tests/unit/recommenders/evaluation (conftest.py `rating_true`/`rating_pred`,
    // test_python_evaluation.py) expect at k = 10: precision 0.26666, recall 0.37777,
    // ndcg 0.38172, map 0.23613 (and map_at_k 0.23613). Rankings are the predictions sorted by
    // score, descending.
    let cases: [(&[u32], &[u32]); 3] = [
        (&[3, 10, 12], &[3, 1, 2]),
        (&[10, 3, 5, 11, 13], &[1, 4, 5, 6, 7]),
        (
            &[4, 10, 7, 13, 1, 3, 5, 2, 11, 14],
            &[2, 5, 6, 8, 9, 10, 11, 12, 13, 14],
        ),
    ];
    let avg = |f: &dyn Fn(&[u32], &HashSet<u32>) -> f64| {
        mean(
            &cases
                .iter()
                .map(|(ranked, truth)| f(ranked, &set(truth)))
                .collect::<Vec<_>>(),
        )
    };
    let tol = |a: f64, b: f64| (a - b).abs() < 1e-4;
    assert!(tol(avg(&|r, t| precision_at_k(r, t, 10)), 0.26666));
    assert!(tol(avg(&|r, t| recall_at_k(r, t, 10)), 0.37777));
    assert!(tol(avg(&|r, t| ndcg_at_k(r, t, 10)), 0.38172));
    let map = avg(&|r, t| average_precision_at_k(r, t, 10, ApNormalization::Relevant));
    assert!(tol(map, 0.23613), "{map}");
    let map_k = avg(&|r, t| average_precision_at_k(r, t, 10, ApNormalization::MinKRelevant));
    assert!(tol(map_k, 0.23613), "{map_k}");
}

#[test]
fn coverage_mean_median() {
    assert_eq!(coverage(5, 20), 0.25);
    assert_eq!(coverage(0, 0), 0.0);
    assert_eq!(mean(&[]), 0.0);
    assert_eq!(mean(&[1.0, 2.0, 6.0]), 3.0);
    assert_eq!(median(&[]), 0.0);
    assert_eq!(median(&[5.0, 1.0, 3.0]), 3.0);
    assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
}
