//! A view's item drawn as [`Taste::pick_item`] draws it, in O(log² n) instead of weighing the
//! whole category for every view (which made the seed's history O(events × category size)).
//!
//! [`Taste::weight`] is an item's appeal times three factors. Two depend only on the shopper's
//! class and the item (gender: 1.5× / 0.2×; discount persona: 1 / (1 + price / $50) or 2.5×
//! for promoted items), so per shelf and per class (gender × discount persona, nine at most,
//! built when first needed) a running sum of these style-free weights `v` is kept: over the
//! shelf (`base`), and over each style's items in shelf order (`by_style`). The third, four
//! times the weight for an item of a favourite style, adds `3 · v` to those items, so the
//! running sum of the true weights up to shelf position `k` is
//!
//! `base(k) + 3 · Σ over favoured styles s of by_style_s(items of s before k)`,
//!
//! and the draw takes one uniform `u` as [`Rng::weighted`] does and binary-searches the first
//! position whose running sum exceeds `u · total`. That is the item `Rng::weighted` picks over
//! the per-item weights for the same `u` (the sums agree up to rounding in the last bits), so the
//! distribution is exactly the weighing's and the history the same one it drew; the tests
//! compare the two draw for draw, and the probabilities with `Taste::weight`'s.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::taste::{Appeal, Shelf, Taste};
use crate::catalog::Catalog;
use crate::domain::Gender;
use crate::rng::Rng;

/// Shopper classes: three genders (none, female, male) × three discount personas.
const CLASSES: usize = 9;

/// The precomputed running sums for every shelf, shared by all shoppers (and threads).
pub struct DrawTables {
    shelves: HashMap<String, ShelfTables>,
}

/// One category's items: their styles, and the running sums per shopper class.
struct ShelfTables {
    /// Distinct styles of the shelf, sorted.
    styles: Vec<String>,
    /// Per style (as in `styles`), its items' shelf positions, ascending.
    positions: Vec<Vec<u32>>,
    sums: [OnceLock<ClassSums>; CLASSES],
}

/// Running sums of the style-free weights for one shopper class.
struct ClassSums {
    /// `base[k]`: the weights of shelf positions `0..k` (`n + 1` values).
    base: Vec<f64>,
    /// Per style, `by_style[s][j]`: the weights of the style's first `j` items.
    by_style: Vec<Vec<f64>>,
}

impl DrawTables {
    pub fn new(catalog: &Catalog, appeal: &Appeal) -> DrawTables {
        let mut shelves = HashMap::new();
        for category in catalog.all_categories() {
            let Some(shelf) = appeal.shelf(&category.name) else {
                continue;
            };
            let styles = shelf.styles.clone();
            let mut positions = vec![Vec::new(); styles.len()];
            for (k, &i) in shelf.items.iter().enumerate() {
                if let Ok(s) = styles.binary_search(&catalog.at(i).style) {
                    positions[s].push(k as u32);
                }
            }
            shelves.insert(
                category.name.clone(),
                ShelfTables {
                    styles,
                    positions,
                    sums: std::array::from_fn(|_| OnceLock::new()),
                },
            );
        }
        DrawTables { shelves }
    }

    /// This shopper's draw: their categories by interest, and in each the favoured styles.
    pub fn for_taste<'t>(
        &'t self,
        taste: &Taste,
        catalog: &Catalog,
        appeal: &'t Appeal,
    ) -> TasteDraw<'t> {
        let class = class_of(taste);
        let mut interest = Vec::new();
        let mut shelves = Vec::new();
        for (category, w) in &taste.categories {
            let (Some(shelf), Some(tables)) = (appeal.shelf(category), self.shelves.get(category))
            else {
                continue;
            };
            let sums =
                tables.sums[class].get_or_init(|| ClassSums::new(catalog, shelf, tables, taste));
            let mut favoured: Vec<usize> = taste
                .favourite_styles
                .iter()
                .filter_map(|s| tables.styles.binary_search(s).ok())
                .collect();
            favoured.sort_unstable();
            favoured.dedup();
            let extra: f64 = favoured
                .iter()
                .map(|&s| sums.by_style[s].last().copied().unwrap_or(0.0))
                .sum();
            let total = sums.base.last().copied().unwrap_or(0.0) + 3.0 * extra;
            interest.push(*w);
            shelves.push(ShelfDraw {
                items: &shelf.items,
                sums,
                positions: &tables.positions,
                favoured,
                total,
            });
        }
        TasteDraw { interest, shelves }
    }
}

/// The class index of a shopper: what the style-free factors of their weights depend on.
fn class_of(taste: &Taste) -> usize {
    let gender = match taste.gender {
        None => 0,
        Some(Gender::Female) => 1,
        Some(Gender::Male) => 2,
    };
    let discount = match taste.discount_persona.as_str() {
        "lower_priced_products" => 1,
        "all_discounts" => 2,
        _ => 0,
    };
    gender * 3 + discount
}

impl ClassSums {
    /// The sums for `taste`'s class (its favourite styles play no part: the weight is taken
    /// without them).
    fn new(catalog: &Catalog, shelf: &Shelf, tables: &ShelfTables, taste: &Taste) -> ClassSums {
        let styleless = Taste {
            user_id: taste.user_id.clone(),
            categories: Vec::new(),
            favourite_styles: Vec::new(),
            gender: taste.gender,
            discount_persona: taste.discount_persona.clone(),
        };
        let weights: Vec<f64> = shelf
            .items
            .iter()
            .zip(&shelf.appeal)
            .map(|(&i, &a)| styleless.weight(catalog, i, a))
            .collect();
        let running = |values: &mut dyn Iterator<Item = f64>| {
            let mut sums = vec![0.0];
            let mut sum = 0.0;
            for v in values {
                sum += v;
                sums.push(sum);
            }
            sums
        };
        let base = running(&mut weights.iter().copied());
        let by_style = tables
            .positions
            .iter()
            .map(|ps| running(&mut ps.iter().map(|&k| weights[k as usize])))
            .collect();
        ClassSums { base, by_style }
    }
}

/// One shopper's draws: a category by interest, then an item of it.
pub struct TasteDraw<'t> {
    interest: Vec<f64>,
    shelves: Vec<ShelfDraw<'t>>,
}

struct ShelfDraw<'t> {
    items: &'t [usize],
    sums: &'t ClassSums,
    positions: &'t [Vec<u32>],
    /// The shelf's styles among the shopper's favourites (indices into `positions`).
    favoured: Vec<usize>,
    /// The sum of the shelf's true weights.
    total: f64,
}

impl TasteDraw<'_> {
    /// The item [`Taste::pick_item`] draws from the same generator state, consuming the same
    /// draws.
    pub fn pick(&self, rng: &mut Rng) -> Option<usize> {
        if self.interest.is_empty() {
            return None;
        }
        let shelf = self.shelves.get(rng.weighted(&self.interest))?;
        Some(shelf.pick(rng.next_f64() * shelf.total))
    }
}

impl ShelfDraw<'_> {
    /// The running sum of the true weights over shelf positions `0..k`.
    fn running(&self, k: usize) -> f64 {
        let favoured: f64 = self
            .favoured
            .iter()
            .map(|&s| {
                let before = self.positions[s].partition_point(|&p| (p as usize) < k);
                self.sums.by_style[s][before]
            })
            .sum();
        self.sums.base[k] + 3.0 * favoured
    }

    /// The first item whose running sum exceeds `x` (the last when rounding leaves `x` at the
    /// total, as `Rng::weighted` does).
    fn pick(&self, x: f64) -> usize {
        let n = self.items.len();
        // Invariant: running(lo) <= x; the answer's running sum (position + 1) is in (lo, hi].
        let (mut lo, mut hi) = (0, n);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.running(mid) <= x {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        self.items[hi.max(1) - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CatalogSource;

    fn catalog() -> (Catalog, Vec<crate::domain::Shopper>) {
        let data = CatalogSource::Builtin.load().unwrap();
        let catalog = Catalog::new(data.categories.clone(), data.products.clone());
        (catalog, data.shoppers)
    }

    #[test]
    fn the_tables_draw_the_item_the_weighing_draws() {
        let (catalog, shoppers) = catalog();
        let appeal = Appeal::new(&catalog, 11);
        let tables = DrawTables::new(&catalog, &appeal);
        let mut draws = 0;
        let mut classes = std::collections::HashSet::new();
        for shopper in shoppers.iter().take(300) {
            let (taste, mut rng) = Taste::of_history(shopper, &appeal, 11);
            classes.insert(class_of(&taste));
            let draw = tables.for_taste(&taste, &catalog, &appeal);
            for _ in 0..200 {
                let mut old = rng.clone();
                let expected = taste.pick_item(&catalog, &appeal, &mut old);
                let got = draw.pick(&mut rng);
                assert_eq!(got, expected, "{}", shopper.id);
                // The same draws consumed: the rest of the history follows unchanged.
                assert_eq!(rng.next_u64(), old.next_u64());
                draws += 1;
            }
        }
        assert_eq!(draws, 60_000);
        // Every class the shoppers have (the built-in shoppers all have a gender: six of nine).
        let present: std::collections::HashSet<usize> = shoppers
            .iter()
            .map(|s| class_of(&Taste::of_history(s, &appeal, 11).0))
            .collect();
        assert!(present.len() >= 6, "{present:?}");
        assert_eq!(classes, present, "every shopper class drawn from");
    }

    #[test]
    fn each_item_has_exactly_its_weighed_probability() {
        let (catalog, shoppers) = catalog();
        let appeal = Appeal::new(&catalog, 3);
        let tables = DrawTables::new(&catalog, &appeal);
        for shopper in shoppers.iter().take(60) {
            let (taste, _) = Taste::of_history(shopper, &appeal, 3);
            let draw = tables.for_taste(&taste, &catalog, &appeal);
            for ((category, _), shelf_draw) in taste.categories.iter().zip(&draw.shelves) {
                let shelf = appeal.shelf(category).unwrap();
                let weights: Vec<f64> = shelf
                    .items
                    .iter()
                    .zip(&shelf.appeal)
                    .map(|(&i, &a)| taste.weight(&catalog, i, a))
                    .collect();
                let total: f64 = weights.iter().sum();
                assert!((shelf_draw.total - total).abs() <= 1e-12 * total);
                for (k, w) in weights.iter().enumerate() {
                    let p = (shelf_draw.running(k + 1) - shelf_draw.running(k)) / shelf_draw.total;
                    assert!(
                        (p - w / total).abs() <= 1e-12,
                        "{}: position {k}: {p} against {}",
                        shopper.id,
                        w / total
                    );
                }
            }
        }
    }

    #[test]
    fn draws_follow_the_weights_in_frequency() {
        // A chi-square test of 200,000 draws on one shopper's first category.
        let (catalog, shoppers) = catalog();
        let appeal = Appeal::new(&catalog, 5);
        let tables = DrawTables::new(&catalog, &appeal);
        let (taste, _) = Taste::of_history(&shoppers[0], &appeal, 5);
        let draw = tables.for_taste(&taste, &catalog, &appeal);
        let shelf_draw = &draw.shelves[0];
        let n = shelf_draw.items.len();
        let mut counts = vec![0u32; n];
        let mut rng = Rng::new(99);
        let draws = 200_000;
        for _ in 0..draws {
            let item = shelf_draw.pick(rng.next_f64() * shelf_draw.total);
            let k = shelf_draw.items.iter().position(|&i| i == item).unwrap();
            counts[k] += 1;
        }
        let chi2: f64 = (0..n)
            .map(|k| {
                let p = (shelf_draw.running(k + 1) - shelf_draw.running(k)) / shelf_draw.total;
                let expected = p * f64::from(draws);
                (f64::from(counts[k]) - expected).powi(2) / expected
            })
            .sum();
        // n - 1 degrees of freedom (149 for the seeds' shelves): the 99.9 % quantile is below
        // df + 4.5·sqrt(2·df).
        let df = (n - 1) as f64;
        assert!(
            chi2 < df + 4.5 * (2.0 * df).sqrt(),
            "chi-square {chi2} over {df} df"
        );
    }
}
