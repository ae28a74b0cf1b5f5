//! Train/test splits for the two protocols.

use std::collections::HashSet;

use super::mt::Mt19937;
use super::{Dataset, IndexedInteraction};
use seeded_rng::Rng;

/// microsoft/recommenders' benchmark ratio (`python_stratified_split(data, ratio=0.75)`).
pub const MS_TRAIN_RATIO: f64 = 0.75;

/// One test user's query.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    pub user: u32,
    /// What the algorithm is given: (item, weight) in time order (timestamp, then file order).
    pub history: Vec<(u32, f32)>,
    /// Items the recommendations must not contain (sorted, distinct; empty for Personalize).
    pub exclude: Vec<u32>,
    /// The held-out items: relevant recommendations (sorted, distinct).
    pub truth: Vec<u32>,
}

/// A split: what algorithms train on and the queries they are scored on.
#[derive(Debug, Clone)]
pub struct Split {
    pub n_users: usize,
    pub n_items: usize,
    pub train: Vec<IndexedInteraction>,
    pub cases: Vec<TestCase>,
}

impl Split {
    /// Keeps a seeded random subset of at most `max` test cases (in their original order).
    /// Training data is left as it is.
    pub fn cap(&mut self, max: usize, seed: u64) {
        if self.cases.len() <= max {
            return;
        }
        let mut order: Vec<usize> = (0..self.cases.len()).collect();
        Rng::derive(seed, "eval/cap").shuffle(&mut order);
        let mut keep = vec![false; self.cases.len()];
        for &i in &order[..max] {
            keep[i] = true;
        }
        let mut i = 0;
        self.cases.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }
}

/// IndexedInteraction indices per user, in dataset order.
fn by_user(dataset: &Dataset) -> Vec<Vec<usize>> {
    let mut users = vec![Vec::new(); dataset.n_users()];
    for (ix, x) in dataset.interactions.iter().enumerate() {
        users[x.user as usize].push(ix);
    }
    users
}

fn sorted_distinct(items: impl IntoIterator<Item = u32>) -> Vec<u32> {
    let mut v: Vec<u32> = items.into_iter().collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The given interaction indices sorted by timestamp (ties keep file order).
fn chronological(dataset: &Dataset, ixs: &[usize]) -> Vec<usize> {
    let mut ixs = ixs.to_vec();
    ixs.sort_by_key(|&ix| (dataset.interactions[ix].timestamp, ix));
    ixs
}

/// Amazon Personalize's documented protocol ("Evaluating a solution version with metrics"):
///
/// 1. Users are shuffled with the seed (`Rng::derive(seed, "eval/personalize/users")`); the first
///    round(10 %) of them (at least 1 when there are 2+ users, never all) form the testing set, the
///    rest the training set.
/// 2. **Training data is the training users' interactions only** — the test users' input
///    histories are *not* added to training. (Adding them was considered; the guide rules it out:
///    "Amazon Personalize then creates the solution version using the training set. After training
///    completes, Amazon Personalize gives the new solution version the oldest 90% of each user's
///    data from the testing set as input.") Test users are folded in at recommendation time from
///    their history, so algorithms must handle users unseen in training.
/// 3. Each test user's interactions are sorted by timestamp (ties: file order). The newest
///    round(10 %) — at least 1, and leaving at least 1 — are the truth (distinct items); the rest
///    are the input history. Test users with fewer than 2 interactions cannot be split and are not
///    evaluated (their data stays out of training too, so the training set is exactly 90 % of
///    users).
/// 4. Nothing is excluded: Personalize recommends previously interacted items unless a filter is
///    applied (filters are opt-in and play no part in solution metrics), so a truth item the user
///    had also interacted with earlier counts as a hit when recommended.
///
/// Cases are in shuffled-user order.
pub fn personalize_split(dataset: &Dataset, seed: u64) -> Split {
    let n_users = dataset.n_users();
    let n_test = if n_users < 2 {
        0
    } else {
        round_tenth(n_users).clamp(1, n_users - 1)
    };
    let mut users: Vec<u32> = (0..n_users as u32).collect();
    Rng::derive(seed, "eval/personalize/users").shuffle(&mut users);
    let mut is_test = vec![false; n_users];
    for &u in &users[..n_test] {
        is_test[u as usize] = true;
    }
    let train = dataset
        .interactions
        .iter()
        .filter(|x| !is_test[x.user as usize])
        .copied()
        .collect();
    let per_user = by_user(dataset);
    let mut cases = Vec::new();
    for &user in &users[..n_test] {
        let ixs = chronological(dataset, &per_user[user as usize]);
        let n = ixs.len();
        if n < 2 {
            continue;
        }
        let n_truth = round_tenth(n).clamp(1, n - 1);
        let (history, truth) = ixs.split_at(n - n_truth);
        let x = |ix: &usize| dataset.interactions[*ix];
        cases.push(TestCase {
            user,
            history: history
                .iter()
                .map(|ix| (x(ix).item, x(ix).weight))
                .collect(),
            exclude: Vec::new(),
            truth: sorted_distinct(truth.iter().map(|ix| x(ix).item)),
        });
    }
    Split {
        n_users,
        n_items: dataset.n_items(),
        train,
        cases,
    }
}

/// round(n / 10), halves up.
fn round_tenth(n: usize) -> usize {
    (n + 5) / 10
}

/// microsoft/recommenders' `python_stratified_split(data, ratio, seed=seed)` as it was when the
/// library's published MovieLens numbers were produced (e.g. the SAR quick-start's MAP 0.110591,
/// NDCG@10 0.382461, P@10 0.330753, whose split printed 74,992 train / 25,008 test ratings — this
/// function gives exactly those counts on ml-100k.inter with seed 42), reproduced draw for draw:
///
/// * per user, the user's interactions in file order are shuffled with
///   `group.sample(frac=1, random_state=seed)` — a fresh numpy `RandomState(seed).permutation(n)`
///   for every user (seeds above 2^32 − 1, which numpy rejects, are folded to 32 bits by xor-ing
///   the halves);
/// * the first `round(ratio · n)` shuffled interactions are train, the rest test, with Python's
///   `round` (halves to even: n = 2 → 2 train, n = 6 → 4, n = 10 → 8); `split_utils.
///   split_pandas_data_with_ratios` computes the cut that way;
/// * only users with interactions on both sides are test cases (in the library, `merge_ranking_
///   true_pred` keeps the users common to truth and predictions), in user-index order.
///
/// The history is the user's training interactions in time order, `exclude` their distinct
/// training items (the benchmark's `remove_seen=True`), `truth` their distinct test items.
/// Later releases of the library replaced this splitter; see [`stratified_split_ranked`].
pub fn stratified_split(dataset: &Dataset, ratio: f64, seed: u64) -> Split {
    let seed = fold_seed(seed);
    build_split(dataset, |ixs| {
        let perm = Mt19937::new(seed).permutation(ixs.len());
        let shuffled: Vec<usize> = perm.iter().map(|&p| ixs[p]).collect();
        let n_train = round_half_even(ratio * ixs.len() as f64).min(ixs.len());
        (shuffled, n_train)
    })
}

/// The current microsoft/recommenders `python_stratified_split` (rewritten after the published
/// benchmarks): `np.random.seed(seed); data["random"] = np.random.rand(len(data))` — one MT19937
/// double per interaction in file order — then, per user, interactions are ranked by that draw and
/// the one of rank r (1-based) of n goes to train when r / n <= ratio, i.e. floor(ratio · n)
/// interactions (same floating-point comparison). On ml-100k with seed 42 this gives 74,646 train /
/// 25,354 test ratings, identical row for row to the library's output (checked with pandas).
/// Cases are built as in [`stratified_split`].
pub fn stratified_split_ranked(dataset: &Dataset, ratio: f64, seed: u64) -> Split {
    let mut mt = Mt19937::new(fold_seed(seed));
    let draws: Vec<f64> = dataset.interactions.iter().map(|_| mt.next_f64()).collect();
    build_split(dataset, |ixs| {
        let n = ixs.len();
        let mut ranked = ixs.to_vec();
        ranked.sort_by(|&a, &b| draws[a].total_cmp(&draws[b]).then(a.cmp(&b)));
        let n_train = (1..=n).filter(|&r| r as f64 / n as f64 <= ratio).count();
        (ranked, n_train)
    })
}

/// numpy accepts seeds in [0, 2^32); larger ones are folded.
fn fold_seed(seed: u64) -> u32 {
    u32::try_from(seed).unwrap_or((seed as u32) ^ ((seed >> 32) as u32))
}

/// Python 3's `round` for non-negative floats: halves go to the even neighbour.
fn round_half_even(x: f64) -> usize {
    let floor = x.floor();
    let n = floor as usize;
    match (x - floor).partial_cmp(&0.5) {
        Some(std::cmp::Ordering::Less) => n,
        Some(std::cmp::Ordering::Greater) => n + 1,
        _ => n + n % 2,
    }
}

/// Builds a per-user split: `order(user's interaction indices in file order)` returns the indices
/// in split order and how many of the first ones are train.
fn build_split(dataset: &Dataset, mut order: impl FnMut(&[usize]) -> (Vec<usize>, usize)) -> Split {
    let mut in_train = vec![false; dataset.interactions.len()];
    let mut cases = Vec::new();
    for (user, ixs) in by_user(dataset).into_iter().enumerate() {
        let (ordered, n_train) = order(&ixs);
        for &ix in &ordered[..n_train] {
            in_train[ix] = true;
        }
        if n_train == 0 || n_train == ordered.len() {
            continue;
        }
        let x = |ix: &usize| dataset.interactions[*ix];
        let train_ixs = chronological(dataset, &ordered[..n_train]);
        cases.push(TestCase {
            user: user as u32,
            history: train_ixs
                .iter()
                .map(|ix| (x(ix).item, x(ix).weight))
                .collect(),
            exclude: sorted_distinct(train_ixs.iter().map(|ix| x(ix).item)),
            truth: sorted_distinct(ordered[n_train..].iter().map(|ix| x(ix).item)),
        });
    }
    let train = dataset
        .interactions
        .iter()
        .zip(&in_train)
        .filter(|(_, t)| **t)
        .map(|(x, _)| *x)
        .collect();
    Split {
        n_users: dataset.n_users(),
        n_items: dataset.n_items(),
        train,
        cases,
    }
}

/// The truth of a case as a set, for the metric functions.
pub fn truth_set(case: &TestCase) -> HashSet<u32> {
    case.truth.iter().copied().collect()
}

#[cfg(test)]
#[path = "split_tests.rs"]
mod tests;
