//! Neighbourhood EASE: EASE's closed form restricted to each item's strongest co-occurring items,
//! for catalogs where the dense n×n inversion cannot run (100,000 items would need 80 GB and a
//! cubic solve).
//!
//! Dense EASE's column j is a ridge regression of item j on every other item,
//! B₋ⱼ,ⱼ = (G₋ⱼ,₋ⱼ + λI)⁻¹ G₋ⱼ,ⱼ with G = XᵀX. Here item j is regressed only on N(j), the `k`
//! items that co-occur with it most: w = (G_NN + λI)⁻¹ G_Nj, one k×k solve per item. With N(j)
//! every other item this is dense EASE exactly (the tests check it), and with k ≪ n the cost is
//! the co-occurrence count (Σ over shoppers of their items squared) plus n·k³/3 for the solves,
//! and the memory n·(kept co-occurrences + k), never n².
//!
//! G_NN is read from each item's pruned co-occurrence row. A pair of neighbours that co-occurs
//! too rarely to be among either one's `gram_keep` strongest counts is not known exactly, only
//! bounded: it is at most the smaller of the two rows' floors (the strongest count each row
//! dropped). Reading it as zero alone could make the system indefinite (a Gram matrix with one
//! entry removed need not be positive semi-definite), so the solve also adds that bound to both
//! diagonals, as a modified incomplete Cholesky does: the matrix then differs from the true one by
//! [[f, −x], [−x, f]] blocks with 0 ≤ x ≤ f, each positive semi-definite, and stays positive
//! definite. Pairs a row kept are exact, and an unpruned row has floor 0.

use rayon::prelude::*;

use crate::ease::ItemWeights;

/// Compressed rows: the values of row r are `values[offsets[r]..offsets[r + 1]]`.
#[derive(Debug, Clone, Default)]
struct Compressed {
    offsets: Vec<usize>,
    values: Vec<u32>,
}

impl Compressed {
    fn row(&self, r: usize) -> &[u32] {
        match (self.offsets.get(r), self.offsets.get(r + 1)) {
            (Some(&from), Some(&to)) => &self.values[from..to],
            _ => &[],
        }
    }

    fn rows(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }
}

/// Who interacted with what, both ways: each shopper's distinct items and each item's shoppers.
#[derive(Debug, Clone, Default)]
pub struct Interactions {
    n_items: usize,
    by_user: Compressed,
    by_item: Compressed,
}

impl Interactions {
    /// From each shopper's items (repeats and items outside `0..n_items` are dropped).
    pub fn new(n_items: usize, users: impl IntoIterator<Item = Vec<u32>>) -> Self {
        let mut by_user = Compressed {
            offsets: vec![0],
            values: Vec::new(),
        };
        let mut per_item = vec![0usize; n_items];
        for mut items in users {
            items.retain(|&i| (i as usize) < n_items);
            items.sort_unstable();
            items.dedup();
            for &i in &items {
                per_item[i as usize] += 1;
            }
            by_user.values.extend_from_slice(&items);
            by_user.offsets.push(by_user.values.len());
        }
        // Items' shoppers by counting sort: offsets from the counts, then one pass to place them.
        let mut offsets = Vec::with_capacity(n_items + 1);
        offsets.push(0);
        for count in &per_item {
            offsets.push(offsets[offsets.len() - 1] + count);
        }
        let mut next = offsets.clone();
        let mut values = vec![0u32; by_user.values.len()];
        for user in 0..by_user.rows() {
            for &i in by_user.row(user) {
                values[next[i as usize]] = user as u32;
                next[i as usize] += 1;
            }
        }
        Interactions {
            n_items,
            by_user,
            by_item: Compressed { offsets, values },
        }
    }

    pub fn n_items(&self) -> usize {
        self.n_items
    }

    pub fn n_users(&self) -> usize {
        self.by_user.rows()
    }

    /// Distinct (shopper, item) pairs.
    pub fn len(&self) -> usize {
        self.by_user.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_user.values.is_empty()
    }

    /// How many shoppers interacted with `item`.
    pub fn count(&self, item: u32) -> usize {
        self.by_item.row(item as usize).len()
    }
}

/// The co-occurrence (Gram) matrix, pruned: each item's count and its strongest co-occurrences.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseGram {
    /// The diagonal: how many shoppers interacted with each item.
    pub counts: Vec<f32>,
    /// Row i: (item j ≠ i, shoppers who interacted with both), at most `keep` of the largest,
    /// in ascending item order so a pair is found by binary search.
    pub rows: Vec<Vec<(u32, f32)>>,
    /// Row i's floor: the largest count it dropped (0 when it kept every pair), which bounds
    /// every pair missing from the row.
    pub floors: Vec<f32>,
}

impl SparseGram {
    /// Counts every pair of items some shopper shares, keeping `keep` per item. Work is Σ over
    /// shoppers of their items squared, split over the cores; memory is one counter per item
    /// per core plus the kept rows.
    pub fn build(interactions: &Interactions, keep: usize) -> SparseGram {
        let n = interactions.n_items;
        let (rows, floors): (Vec<Vec<(u32, f32)>>, Vec<f32>) = (0..n)
            .into_par_iter()
            .map_init(
                || (vec![0u32; n], Vec::<u32>::new()),
                |(counter, touched), i| {
                    for &user in interactions.by_item.row(i) {
                        for &j in interactions.by_user.row(user as usize) {
                            let c = &mut counter[j as usize];
                            if *c == 0 {
                                touched.push(j);
                            }
                            *c += 1;
                        }
                    }
                    let mut row: Vec<(u32, f32)> = touched
                        .iter()
                        .filter(|&&j| j as usize != i)
                        .map(|&j| (j, counter[j as usize] as f32))
                        .collect();
                    for &j in touched.iter() {
                        counter[j as usize] = 0;
                    }
                    touched.clear();
                    let floor = strongest(&mut row, keep);
                    row.sort_unstable_by_key(|&(j, _)| j);
                    row.shrink_to_fit();
                    (row, floor)
                },
            )
            .unzip();
        SparseGram {
            counts: (0..n as u32)
                .map(|i| interactions.count(i) as f32)
                .collect(),
            rows,
            floors,
        }
    }

    /// The bound on a pair that neither `a`'s nor `b`'s row kept.
    fn dropped_bound(&self, a: u32, b: u32) -> f32 {
        let floor = |i: u32| self.floors.get(i as usize).copied().unwrap_or(0.0);
        floor(a).min(floor(b))
    }

    pub fn n_items(&self) -> usize {
        self.counts.len()
    }

    /// G[a][b] as far as the pruned rows know it (0 for a pair neither row kept).
    pub fn get(&self, a: u32, b: u32) -> f32 {
        if a == b {
            return self.counts.get(a as usize).copied().unwrap_or(0.0);
        }
        let find = |from: u32, to: u32| {
            let row = self.rows.get(from as usize)?;
            let at = row.binary_search_by_key(&to, |&(j, _)| j).ok()?;
            Some(row[at].1)
        };
        find(a, b).or_else(|| find(b, a)).unwrap_or(0.0)
    }

    /// The same counts as a dense matrix, for dense EASE (small catalogs only: n² values).
    pub fn to_dense(&self) -> faer::Mat<f64> {
        let n = self.n_items();
        let mut g = faer::Mat::<f64>::zeros(n, n);
        for (i, row) in self.rows.iter().enumerate() {
            g[(i, i)] = f64::from(self.counts[i]);
            for &(j, co) in row {
                g[(i, j as usize)] = f64::from(co);
            }
        }
        g
    }

    /// Stored co-occurrences (both directions count).
    pub fn entries(&self) -> usize {
        self.rows.iter().map(Vec::len).sum()
    }
}

/// Keeps the `keep` largest values (ties: the lower item), in no particular order, and returns
/// the largest value dropped (0 when nothing was).
fn strongest(row: &mut Vec<(u32, f32)>, keep: usize) -> f32 {
    if row.len() <= keep {
        return 0.0;
    }
    let by_value = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if keep > 0 {
        row.select_nth_unstable_by(keep - 1, by_value);
    }
    let dropped = row[keep..].iter().map(|&(_, v)| v).fold(0.0f32, f32::max);
    row.truncate(keep);
    dropped
}

/// How the neighbourhood model is fitted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NeighbourhoodParams {
    /// EASE's L2 regularisation λ.
    pub lambda: f64,
    /// Items each item is regressed on (k).
    pub neighbours: usize,
    /// Weights kept per source item when serving (as dense EASE's `keep`).
    pub keep: usize,
}

/// Fits EASE per item on its `neighbours` strongest co-occurring items (see the module text) and
/// keeps each source item's `keep` largest positive weights, like [`crate::fit_gram`].
pub fn fit_neighbourhoods(gram: &SparseGram, params: &NeighbourhoodParams) -> ItemWeights {
    let n = gram.n_items();
    // Column j: (source i, weight of i in predicting j).
    let columns: Vec<Vec<(u32, f32)>> = (0..n)
        .into_par_iter()
        .map_init(
            || Solver::new(n, params.neighbours),
            |solver, j| solver.column(gram, j as u32, params),
        )
        .collect();
    let mut per_source = vec![0usize; n];
    for column in &columns {
        for &(i, _) in column {
            per_source[i as usize] += 1;
        }
    }
    let mut rows: Vec<Vec<(u32, f32)>> =
        per_source.iter().map(|&c| Vec::with_capacity(c)).collect();
    for (j, column) in columns.into_iter().enumerate() {
        for (i, w) in column {
            rows[i as usize].push((j as u32, w));
        }
    }
    rows.par_iter_mut().for_each(|row| {
        strongest(row, params.keep);
        row.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        row.shrink_to_fit();
    });
    ItemWeights { rows }
}

/// One core's scratch space for the per-item solves.
struct Solver {
    neighbours: Vec<(u32, f32)>,
    /// Each item's place among the current neighbours (`NOT_A_NEIGHBOUR` otherwise).
    place: Vec<u32>,
    /// The k×k system, row-major lower triangle, overwritten by its Cholesky factor.
    system: Vec<f64>,
    rhs: Vec<f64>,
}

const NOT_A_NEIGHBOUR: u32 = u32::MAX;

impl Solver {
    fn new(n_items: usize, k: usize) -> Self {
        Solver {
            neighbours: Vec::with_capacity(k),
            place: vec![NOT_A_NEIGHBOUR; n_items],
            system: Vec::with_capacity(k * k),
            rhs: Vec::with_capacity(k),
        }
    }

    /// The positive weights of item j's neighbours in predicting j.
    fn column(
        &mut self,
        gram: &SparseGram,
        j: u32,
        params: &NeighbourhoodParams,
    ) -> Vec<(u32, f32)> {
        let Some(row) = gram.rows.get(j as usize) else {
            return Vec::new();
        };
        self.neighbours.clear();
        self.neighbours.extend_from_slice(row);
        strongest(&mut self.neighbours, params.neighbours);
        // A fixed order makes the result independent of the selection's order.
        self.neighbours.sort_unstable_by_key(|&(i, _)| i);
        let k = self.neighbours.len();
        if k == 0 {
            return Vec::new();
        }
        self.system.clear();
        self.system.resize(k * k, 0.0);
        self.rhs.clear();
        for (r, &(a, co)) in self.neighbours.iter().enumerate() {
            self.place[a as usize] = r as u32;
            self.rhs.push(f64::from(co));
            self.system[r * k + r] = f64::from(gram.counts[a as usize]) + params.lambda;
        }
        // G_NN from the neighbours' own rows: one pass over each row instead of a lookup per
        // pair. A pair kept by either row is found (every kept count is at least 1).
        for (r, &(a, _)) in self.neighbours.iter().enumerate() {
            for &(b, co) in &gram.rows[a as usize] {
                let c = self.place[b as usize];
                if c != NOT_A_NEIGHBOUR {
                    let (hi, lo) = (r.max(c as usize), r.min(c as usize));
                    self.system[hi * k + lo] = f64::from(co);
                }
            }
        }
        for &(a, _) in &self.neighbours {
            self.place[a as usize] = NOT_A_NEIGHBOUR;
        }
        // A pair kept by neither row stays zero, and its bound goes on both diagonals (see the
        // module text), which keeps the system positive definite.
        for r in 1..k {
            for c in 0..r {
                if self.system[r * k + c] == 0.0 {
                    let bound =
                        f64::from(gram.dropped_bound(self.neighbours[r].0, self.neighbours[c].0));
                    self.system[r * k + r] += bound;
                    self.system[c * k + c] += bound;
                }
            }
        }
        if !cholesky_solve(&mut self.system, &mut self.rhs, k) {
            // λ > 0 and the dropped pairs' bounds keep the system positive definite; this is a
            // guard, not an expected path.
            return Vec::new();
        }
        self.neighbours
            .iter()
            .zip(&self.rhs)
            .filter(|&(_, &w)| w > 0.0)
            .map(|(&(i, _), &w)| (i, w as f32))
            .collect()
    }
}

/// Solves A·x = b in place for a symmetric positive definite A given by its lower triangle
/// (row-major k×k; the factor overwrites it, x overwrites b). False when A is not positive
/// definite. A k×k solve per item is small enough (k ≤ a few hundred) that a plain Cholesky
/// beats calling into a blocked library per item.
fn cholesky_solve(a: &mut [f64], b: &mut [f64], k: usize) -> bool {
    for r in 0..k {
        for c in 0..=r {
            let sum = a[r * k + c] - dot(&a[r * k..r * k + c], &a[c * k..c * k + c]);
            if r == c {
                if sum <= 0.0 {
                    return false;
                }
                a[r * k + r] = sum.sqrt();
            } else {
                a[r * k + c] = sum / a[c * k + c];
            }
        }
    }
    // L·y = b, then Lᵀ·x = y.
    for r in 0..k {
        let sum = b[r] - dot(&a[r * k..r * k + r], &b[..r]);
        b[r] = sum / a[r * k + r];
    }
    for r in (0..k).rev() {
        let mut sum = b[r];
        for p in r + 1..k {
            sum -= a[p * k + r] * b[p];
        }
        b[r] = sum / a[r * k + r];
    }
    true
}

/// Σ xᵢ·yᵢ in eight independent lanes, which the compiler turns into vector instructions (a
/// single running sum is a chain of dependent additions it may not reorder).
fn dot(x: &[f64], y: &[f64]) -> f64 {
    let mut lanes = [0.0f64; 8];
    let (xc, yc) = (x.chunks_exact(8), y.chunks_exact(8));
    let (xr, yr) = (xc.remainder(), yc.remainder());
    for (xs, ys) in xc.zip(yc) {
        for l in 0..8 {
            lanes[l] += xs[l] * ys[l];
        }
    }
    let tail: f64 = xr.iter().zip(yr).map(|(a, b)| a * b).sum();
    lanes.iter().sum::<f64>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small random catalog: 40 shoppers, 30 items, tastes in three blocks with some noise.
    fn shoppers() -> Vec<Vec<u32>> {
        let mut state = 7u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u32
        };
        (0..40)
            .map(|u| {
                let block = (u % 3) * 10;
                (0..8)
                    .map(|_| {
                        if next() % 5 == 0 {
                            next() % 30
                        } else {
                            block + next() % 10
                        }
                    })
                    .collect()
            })
            .collect()
    }

    fn dense_gram(users: &[Vec<u32>], n: usize) -> Vec<Vec<f32>> {
        let mut g = vec![vec![0.0f32; n]; n];
        for items in users {
            let mut items = items.clone();
            items.sort_unstable();
            items.dedup();
            for &a in &items {
                for &b in &items {
                    g[a as usize][b as usize] += 1.0;
                }
            }
        }
        g
    }

    #[test]
    fn unpruned_counts_are_the_gram_matrix() {
        let users = shoppers();
        let gram = SparseGram::build(&Interactions::new(30, users.clone()), usize::MAX);
        let dense = dense_gram(&users, 30);
        for a in 0..30u32 {
            for b in 0..30u32 {
                assert_eq!(gram.get(a, b), dense[a as usize][b as usize], "G[{a}][{b}]");
            }
        }
    }

    #[test]
    fn pruning_keeps_each_items_strongest_pairs() {
        let users = shoppers();
        let full = SparseGram::build(&Interactions::new(30, users.clone()), usize::MAX);
        let pruned = SparseGram::build(&Interactions::new(30, users), 3);
        for (i, row) in pruned.rows.iter().enumerate() {
            assert!(row.len() <= 3);
            let weakest_kept = row.iter().map(|r| r.1).fold(f32::INFINITY, f32::min);
            let dropped = full.rows[i]
                .iter()
                .filter(|(j, _)| !row.iter().any(|r| r.0 == *j));
            for &(_, count) in dropped {
                assert!(count <= weakest_kept);
            }
        }
    }

    #[test]
    fn each_rows_floor_is_the_strongest_count_it_dropped() {
        let users = shoppers();
        let full = SparseGram::build(&Interactions::new(30, users.clone()), usize::MAX);
        assert!(full.floors.iter().all(|&f| f == 0.0), "nothing was dropped");
        let pruned = SparseGram::build(&Interactions::new(30, users), 3);
        let mut pruned_rows = 0;
        for (i, row) in pruned.rows.iter().enumerate() {
            let dropped = full.rows[i]
                .iter()
                .filter(|(j, _)| !row.iter().any(|r| r.0 == *j))
                .map(|r| r.1)
                .fold(0.0f32, f32::max);
            assert_eq!(pruned.floors[i], dropped, "row {i}");
            pruned_rows += usize::from(dropped > 0.0);
        }
        assert!(pruned_rows > 20, "{pruned_rows} rows were pruned");
    }

    #[test]
    fn pairs_pruning_dropped_cannot_break_the_solve() {
        // Items 1, 2 and 3 always come together with item 0, but the pair (1, 2) is in neither
        // of their rows (as pruning leaves it when each row keeps other pairs of the same count).
        // Read as zero, item 0's system has an eigenvalue 100·(1 − √2) + λ < 0: the Cholesky
        // fails and item 0 would get no weights at all.
        let row = |pairs: &[u32]| pairs.iter().map(|&j| (j, 100.0)).collect::<Vec<_>>();
        let gram = SparseGram {
            counts: vec![100.0; 4],
            rows: vec![row(&[1, 2, 3]), row(&[0, 3]), row(&[0, 3]), row(&[0, 1, 2])],
            floors: vec![0.0, 100.0, 100.0, 0.0],
        };
        let params = NeighbourhoodParams {
            lambda: 1.0,
            neighbours: 3,
            keep: 3,
        };
        let b = fit_neighbourhoods(&gram, &params);
        // With every pair known the weights would be 100 / 301 each; the bound on the missing
        // pair moves them only a little.
        for source in 1..4u32 {
            let w = b.weight(source, 0);
            assert!((w - 100.0 / 301.0).abs() < 0.01, "B[{source}][0] = {w}");
        }
    }

    #[test]
    fn with_every_item_as_a_neighbour_it_is_dense_ease() {
        // One shopper who took everything makes every pair co-occur, so N(j) is every other item.
        let mut users = shoppers();
        users.push((0..30).collect());
        let lambda = 5.0;
        let gram = SparseGram::build(&Interactions::new(30, users.clone()), usize::MAX);
        let params = NeighbourhoodParams {
            lambda,
            neighbours: 30,
            keep: 30,
        };
        let sparse = fit_neighbourhoods(&gram, &params);
        let weighted: Vec<Vec<(u32, f32)>> = users
            .iter()
            .map(|items| {
                let mut items: Vec<u32> = items.clone();
                items.sort_unstable();
                items.dedup();
                items.into_iter().map(|i| (i, 1.0)).collect()
            })
            .collect();
        let dense = crate::fit(30, &weighted, lambda, 30);
        let mut compared = 0;
        for i in 0..30u32 {
            for j in 0..30u32 {
                // The neighbourhood model keeps positive weights only (negatives would fill each
                // row to k at a million items: 1 GB at k = 128); dense EASE keeps both.
                let (s, d) = (sparse.weight(i, j), dense.weight(i, j).max(0.0));
                assert!((s - d).abs() < 1e-4, "B[{i}][{j}]: {s} against {d}");
                compared += usize::from(d > 0.0);
            }
        }
        assert!(compared > 100, "the comparison covered {compared} weights");
    }

    #[test]
    fn few_neighbours_keep_the_strongest_links() {
        let users = shoppers();
        let gram = SparseGram::build(&Interactions::new(30, users), 12);
        let params = NeighbourhoodParams {
            lambda: 5.0,
            neighbours: 6,
            keep: 4,
        };
        let b = fit_neighbourhoods(&gram, &params);
        assert!(b.rows.iter().all(|r| r.len() <= 4));
        // Items predict items of their own block far more than the others.
        let (mut inside, mut outside) = (0.0, 0.0);
        for (i, row) in b.rows.iter().enumerate() {
            for &(j, w) in row {
                if i / 10 == j as usize / 10 {
                    inside += w;
                } else {
                    outside += w;
                }
            }
        }
        assert!(inside > 4.0 * outside, "inside {inside}, outside {outside}");
    }

    #[test]
    fn cholesky_solves_a_known_system() {
        // [[4, 2], [2, 3]] x = [2, 1] → x = [0.5, 0].
        let mut a = vec![4.0, 0.0, 2.0, 3.0];
        let mut b = vec![2.0, 1.0];
        assert!(cholesky_solve(&mut a, &mut b, 2));
        assert!((b[0] - 0.5).abs() < 1e-12 && b[1].abs() < 1e-12);
        let mut singular = vec![0.0, 0.0, 0.0, 0.0];
        assert!(!cholesky_solve(&mut singular, &mut [1.0, 1.0], 2));
    }

    #[test]
    fn empty_catalogs_and_shoppers_give_empty_models() {
        let gram = SparseGram::build(&Interactions::new(0, Vec::new()), 10);
        assert_eq!(gram.n_items(), 0);
        let lonely = Interactions::new(3, vec![vec![1], vec![], vec![7]]);
        assert_eq!(lonely.len(), 1, "item 7 is outside the catalog");
        let gram = SparseGram::build(&lonely, 10);
        let params = NeighbourhoodParams {
            lambda: 1.0,
            neighbours: 4,
            keep: 4,
        };
        assert_eq!(fit_neighbourhoods(&gram, &params).entries(), 0);
    }
}
