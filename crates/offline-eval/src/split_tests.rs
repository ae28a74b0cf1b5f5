use super::*;

/// `n_users` users; user u has `per_user(u)` interactions with distinct items, at increasing
/// timestamps, interleaved across users in file order.
fn synthetic(n_users: u32, per_user: impl Fn(u32) -> u32) -> Dataset {
    let mut rows = Vec::new();
    let max = (0..n_users).map(&per_user).max().unwrap_or(0);
    for j in 0..max {
        for u in 0..n_users {
            if j < per_user(u) {
                let item = (u * 7 + j) % 500;
                rows.push((
                    format!("u{u}"),
                    format!("i{item}"),
                    i64::from(1000 * j + u),
                    1.0,
                ));
            }
        }
    }
    Dataset::from_triples(rows)
}

fn user_items(d: &Dataset, xs: &[IndexedInteraction], user: u32) -> Vec<u32> {
    let _ = d;
    xs.iter()
        .filter(|x| x.user == user)
        .map(|x| x.item)
        .collect()
}

#[test]
fn personalize_split_sizes_and_disjointness() {
    let d = synthetic(100, |_| 20);
    let s = personalize_split(&d, 7);
    assert_eq!(s.cases.len(), 10);
    assert_eq!(s.train.len(), 90 * 20);
    let train_users: HashSet<u32> = s.train.iter().map(|x| x.user).collect();
    assert_eq!(train_users.len(), 90);
    for case in &s.cases {
        assert!(
            !train_users.contains(&case.user),
            "test user {} in training",
            case.user
        );
        assert_eq!(case.history.len(), 18);
        assert_eq!(case.truth.len(), 2);
        assert!(case.exclude.is_empty());
    }
    let test_users: HashSet<u32> = s.cases.iter().map(|c| c.user).collect();
    assert_eq!(test_users.len(), 10);
    assert_eq!(s.train.len() + 10 * 20, d.interactions.len());
}

#[test]
fn personalize_split_is_chronological() {
    // Items are assigned so that a user's j-th interaction (by time) is item (7u + j) % 500;
    // shuffle the file order to make sure the split sorts by timestamp.
    let mut d = synthetic(50, |u| 10 + u % 7);
    Rng::new(3).shuffle(&mut d.interactions);
    let s = personalize_split(&d, 11);
    assert_eq!(s.cases.len(), 5);
    for case in &s.cases {
        let mut all: Vec<&IndexedInteraction> = d
            .interactions
            .iter()
            .filter(|x| x.user == case.user)
            .collect();
        all.sort_by_key(|x| x.timestamp);
        let n = all.len();
        let n_truth = (n + 5) / 10;
        let expected_history: Vec<(u32, f32)> = all[..n - n_truth]
            .iter()
            .map(|x| (x.item, x.weight))
            .collect();
        assert_eq!(case.history, expected_history);
        let mut expected_truth: Vec<u32> = all[n - n_truth..].iter().map(|x| x.item).collect();
        expected_truth.sort_unstable();
        assert_eq!(case.truth, expected_truth);
        // Every truth interaction is at least as new as every history interaction.
        let newest_history = all[n - n_truth - 1].timestamp;
        assert!(
            all[n - n_truth..]
                .iter()
                .all(|x| x.timestamp >= newest_history)
        );
    }
}

#[test]
fn personalize_truth_counts_at_least_one_each_side() {
    // One user per size; with 10 users exactly one is a test user, so run many seeds.
    for (n, expected_truth) in [
        (2, 1),
        (3, 1),
        (9, 1),
        (14, 1),
        (15, 2),
        (24, 2),
        (25, 3),
        (100, 10),
    ] {
        let d = synthetic(2, |u| if u == 0 { n } else { 1 });
        let mut seen = false;
        for seed in 0..20 {
            let s = personalize_split(&d, seed);
            assert!(s.cases.len() <= 1);
            if let Some(case) = s.cases.first() {
                assert_eq!(case.user, 0);
                assert_eq!(case.truth.len(), expected_truth, "n = {n}");
                assert_eq!(case.history.len(), n as usize - expected_truth);
                seen = true;
            } else {
                // The 1-interaction user was the test user: not evaluable, and not trained on.
                assert_eq!(s.train.len(), n as usize);
            }
        }
        assert!(seen);
    }
}

#[test]
fn personalize_ties_keep_file_order() {
    let rows = (0..10).map(|j| ("u".to_string(), format!("i{j}"), 5, 1.0));
    let mut rows: Vec<_> = rows.collect();
    rows.push(("v".to_string(), "i0".to_string(), 1, 1.0));
    let d = Dataset::from_triples(rows);
    let s = (0..50)
        .map(|seed| personalize_split(&d, seed))
        .find(|s| !s.cases.is_empty())
        .unwrap();
    let case = &s.cases[0];
    assert_eq!(
        case.history.iter().map(|h| h.0).collect::<Vec<_>>(),
        (0..9).collect::<Vec<_>>()
    );
    assert_eq!(case.truth, [9]);
}

#[test]
fn personalize_split_is_deterministic_per_seed() {
    let d = synthetic(200, |u| 5 + u % 13);
    let a = personalize_split(&d, 42);
    let b = personalize_split(&d, 42);
    assert_eq!(a.cases, b.cases);
    assert_eq!(a.train, b.train);
    let c = personalize_split(&d, 43);
    let users = |s: &Split| s.cases.iter().map(|c| c.user).collect::<Vec<_>>();
    assert_ne!(users(&a), users(&c));
}

fn check_sizes(split: fn(&Dataset, f64, u64) -> Split, sizes: &[u32], train_sizes: &[usize]) {
    let d = synthetic(sizes.len() as u32, |u| sizes[u as usize]);
    let s = split(&d, MS_TRAIN_RATIO, 42);
    let mut expected_cases = 0;
    for (u, (&n, &expected_train)) in sizes.iter().zip(train_sizes).enumerate() {
        let train = user_items(&d, &s.train, u as u32).len();
        assert_eq!(train, expected_train, "n = {n}");
        let case = s.cases.iter().find(|c| c.user == u as u32);
        if train == 0 || train == n as usize {
            assert!(
                case.is_none(),
                "n = {n}: one side is empty, so no test case"
            );
        } else {
            expected_cases += 1;
            let case = case.unwrap();
            assert_eq!(case.truth.len(), n as usize - train);
            assert_eq!(case.history.len(), train);
            assert_eq!(case.exclude.len(), train);
        }
    }
    assert_eq!(s.cases.len(), expected_cases);
    assert!(
        s.cases.windows(2).all(|w| w[0].user < w[1].user),
        "cases in user order"
    );
}

#[test]
fn stratified_split_rounds_like_python() {
    // Python's round(0.75 * n), halves to even: n = 2 → round(1.5) = 2, 6 → 4, 10 → 8.
    let sizes = [1, 2, 3, 4, 5, 6, 7, 8, 10, 14, 20, 21];
    check_sizes(
        stratified_split,
        &sizes,
        &[1, 2, 2, 3, 4, 4, 5, 6, 8, 10, 15, 16],
    );
}

#[test]
fn stratified_split_ranked_floors() {
    // #{r in 1..=n : r/n <= 0.75} = floor(0.75 n).
    let sizes = [1, 2, 3, 4, 5, 6, 7, 8, 10, 14, 20, 21];
    check_sizes(
        stratified_split_ranked,
        &sizes,
        &[0, 1, 2, 3, 3, 4, 5, 6, 7, 10, 15, 15],
    );
}

#[test]
fn round_half_even_matches_python() {
    let got: Vec<usize> = [0.0, 0.5, 1.5, 2.5, 2.25, 3.75, 7.5, 10.5]
        .map(round_half_even)
        .to_vec();
    assert_eq!(got, [0, 0, 2, 2, 2, 4, 8, 10]);
}

#[test]
fn stratified_splits_partition_each_user() {
    let d = synthetic(60, |u| 4 + u % 17);
    for split in [stratified_split, stratified_split_ranked] {
        let s = split(&d, MS_TRAIN_RATIO, 5);
        assert!(s.cases.len() >= 55);
        for case in &s.cases {
            let mut all = user_items(&d, &d.interactions, case.user);
            all.sort_unstable();
            let mut train = user_items(&d, &s.train, case.user);
            train.sort_unstable();
            assert_eq!(case.exclude, train);
            let mut union: Vec<u32> = train.iter().chain(&case.truth).copied().collect();
            union.sort_unstable();
            assert_eq!(union, all, "train and truth partition the user's items");
            // History is the training items in time order.
            let mut hist: Vec<u32> = case.history.iter().map(|h| h.0).collect();
            let in_time: Vec<u32> = d
                .interactions
                .iter()
                .filter(|x| x.user == case.user && train.binary_search(&x.item).is_ok())
                .map(|x| x.item)
                .collect();
            assert_eq!(hist, in_time);
            hist.sort_unstable();
            assert_eq!(hist, train);
        }
    }
}

#[test]
fn stratified_split_uses_numpy_permutation() {
    // group.sample(frac=1, random_state=42) on 10 rows = rows RandomState(42).permutation(10) =
    // [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]; round(7.5) = 8 train, so rows 3 and 6 are the test rows.
    let rows = (0..10).map(|j| ("u".to_string(), format!("i{j}"), j, 1.0));
    let d = Dataset::from_triples(rows);
    let s = stratified_split(&d, MS_TRAIN_RATIO, 42);
    assert_eq!(s.cases[0].truth, [3, 6]);
    assert_eq!(s.train.len(), 8);
}

#[test]
fn stratified_split_ranked_uses_numpy_draws() {
    // np.random.seed(42); np.random.rand(4) = [0.3745, 0.9507, 0.7320, 0.5987]: ranks 1, 4, 3, 2,
    // so with ratio 0.75 the 2nd interaction (rank 4) is the test one.
    let rows = (0..4).map(|j| ("u".to_string(), format!("i{j}"), j, 1.0));
    let d = Dataset::from_triples(rows);
    let s = stratified_split_ranked(&d, MS_TRAIN_RATIO, 42);
    assert_eq!(s.cases[0].truth, [1]);
    assert_eq!(
        s.train.iter().map(|x| x.item).collect::<Vec<_>>(),
        [0, 2, 3]
    );
}

#[test]
fn stratified_splits_are_deterministic_per_seed() {
    let d = synthetic(80, |u| 3 + u % 11);
    for split in [stratified_split, stratified_split_ranked] {
        let a = split(&d, MS_TRAIN_RATIO, 1);
        let b = split(&d, MS_TRAIN_RATIO, 1);
        assert_eq!((a.train.clone(), a.cases.clone()), (b.train, b.cases));
        let c = split(&d, MS_TRAIN_RATIO, 2);
        assert_ne!(a.train, c.train);
    }
}

#[test]
fn cap_keeps_a_seeded_subset_in_order() {
    let d = synthetic(300, |_| 10);
    let full = personalize_split(&d, 9);
    assert_eq!(full.cases.len(), 30);
    let mut capped = full.clone();
    capped.cap(7, 9);
    assert_eq!(capped.cases.len(), 7);
    assert_eq!(capped.train, full.train);
    let positions: Vec<usize> = capped
        .cases
        .iter()
        .map(|c| full.cases.iter().position(|f| f == c).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    let mut again = full.clone();
    again.cap(7, 9);
    assert_eq!(again.cases, capped.cases);
    let mut uncapped = full.clone();
    uncapped.cap(1000, 9);
    assert_eq!(uncapped.cases, full.cases);
}
