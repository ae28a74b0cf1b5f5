//! The model as it is served: the trained `Model` with the orders and sums every request would
//! otherwise compute again, and the answers that need nothing of the shopper (popular, trending).

use std::collections::HashMap;
use std::sync::Arc;

use item_scoring::ItemWeights;

use super::model::Model;
use crate::catalog::Catalog;
use crate::recs::{Reason, Recommendation};

/// An item outside every numbered category.
const NO_CATEGORY: u16 = u16::MAX;

pub struct Served {
    pub model: Arc<Model>,
    /// EASE weights by target item: (source, weight). Scores a few items without scoring all.
    pub columns: ItemWeights,
    /// Counts the models swapped in, so that a memoized score knows which model it came from.
    pub generation: u64,
    popular: Vec<u32>,
    /// Each category's items, the most popular first, by category number: a shopper's walk
    /// takes the items the history does not reach from these, so it never scans other
    /// categories' items.
    popular_by_category: Vec<Vec<u32>>,
    /// Each category's number (its place in `popular_by_category`), by name.
    category_index: HashMap<String, usize>,
    /// Each item's category number: scoring compares numbers, not names, per reached item.
    category_of: Vec<u16>,
    /// Each item's place in `popular`: what orders items of different categories.
    popularity_rank: Vec<u32>,
    /// Each item's style number (items of one style share it): a shelf's style cap counts
    /// numbers, not names.
    style_of: Vec<u32>,
    trending: Vec<u32>,
    /// Sums that turn popularity and trending values into shares.
    popular_total: f32,
    trending_total: f32,
}

impl Served {
    /// Prepares `model` for serving over `catalog` (whose item indices the model uses).
    pub fn new(model: Model, catalog: &Catalog, generation: u64) -> Self {
        let popular = best_first(&model.popularity);
        let mut popularity_rank = vec![0u32; popular.len()];
        for (rank, &item) in popular.iter().enumerate() {
            popularity_rank[item as usize] = rank as u32;
        }
        let mut category_index: HashMap<String, usize> = HashMap::new();
        let mut popular_by_category: Vec<Vec<u32>> = Vec::new();
        let products = catalog.products();
        let mut category_of = vec![NO_CATEGORY; popular.len()];
        for &item in &popular {
            let Some(p) = products.get(item as usize) else {
                continue;
            };
            let next = popular_by_category.len();
            let at = *category_index.entry(p.category.clone()).or_insert(next);
            if at == next {
                popular_by_category.push(Vec::new());
            }
            popular_by_category[at].push(item);
            // A catalog of more than 65,535 categories leaves the rest unnumbered (no boost).
            category_of[item as usize] = u16::try_from(at).unwrap_or(NO_CATEGORY);
        }
        let mut style_number: HashMap<&str, u32> = HashMap::new();
        let style_of = (0..popular.len())
            .map(|item| {
                products.get(item).map_or(u32::MAX, |p| {
                    let next = style_number.len() as u32;
                    *style_number.entry(p.style.as_str()).or_insert(next)
                })
            })
            .collect();
        let trending = best_first(&model.trending)
            .into_iter()
            .filter(|&i| model.trending[i as usize] > 0.0)
            .collect();
        let popular_total = model.popularity.iter().sum::<f32>().max(f32::MIN_POSITIVE);
        let trending_total = model
            .trending
            .iter()
            .filter(|v| **v > 0.0)
            .sum::<f32>()
            .max(f32::MIN_POSITIVE);
        Served {
            popular_total,
            trending_total,
            columns: model.ease.transposed(),
            model: Arc::new(model),
            generation,
            popular,
            popular_by_category,
            category_index,
            category_of,
            popularity_rank,
            style_of,
            trending,
        }
    }

    /// Every category's items, each list the most popular first, by category number.
    pub fn categories_by_popularity(&self) -> &[Vec<u32>] {
        &self.popular_by_category
    }

    /// How many categories are numbered.
    pub fn categories(&self) -> usize {
        self.popular_by_category.len()
    }

    /// The category's number, if the catalog has it.
    pub fn category_number(&self, name: &str) -> Option<usize> {
        self.category_index.get(name).copied()
    }

    /// The item's category number (`None` for an item past the catalog).
    pub fn category_of(&self, item: u32) -> Option<usize> {
        self.category_of
            .get(item as usize)
            .filter(|&&c| c != NO_CATEGORY)
            .map(|&c| usize::from(c))
    }

    /// The item's place in the popularity order (0 is the most popular).
    pub fn popularity_rank(&self, item: u32) -> u32 {
        self.popularity_rank
            .get(item as usize)
            .copied()
            .unwrap_or(u32::MAX)
    }

    /// The item's style number (`u32::MAX` for an item past the catalog, a style of its own).
    pub fn style_of(&self, item: u32) -> u32 {
        self.style_of
            .get(item as usize)
            .copied()
            .unwrap_or(u32::MAX)
    }

    /// The `n` most popular items (time-decayed interactions), scored as shares of the total.
    pub fn popular(&self, n: usize) -> Vec<Recommendation> {
        first_of(
            &self.popular,
            &self.model.popularity,
            self.popular_total,
            n,
            "popular in",
        )
    }

    /// The `n` items whose interactions grew fastest over the last week.
    pub fn trending(&self, n: usize) -> Vec<Recommendation> {
        first_of(
            &self.trending,
            &self.model.trending,
            self.trending_total,
            n,
            "trending in",
        )
    }
}

/// Item indices by descending value, ties by index.
fn best_first(values: &[f32]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..values.len() as u32).collect();
    order.sort_by(|&a, &b| {
        values[b as usize]
            .total_cmp(&values[a as usize])
            .then(a.cmp(&b))
    });
    order
}

/// The first `n` of a precomputed order, scored as shares of the total.
fn first_of(
    order: &[u32],
    values: &[f32],
    total: f32,
    n: usize,
    why: &'static str,
) -> Vec<Recommendation> {
    order
        .iter()
        .take(n)
        .map(|&i| Recommendation {
            item: i as usize,
            score: f64::from(values[i as usize] / total),
            reason: Some(Reason::CategoryOf(why, i as usize)),
        })
        .collect()
}
