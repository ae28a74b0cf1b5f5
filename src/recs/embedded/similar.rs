//! Similar items, as Personalize's SIMS recipe computes them — co-interactions with a popularity
//! discount and a minimum co-interaction count — blended with the items' metadata (category,
//! style, gender affinity, words of name and description), so that an item with few or no
//! interactions still gets sensible neighbours.

use std::collections::{HashMap, HashSet};

use item_scoring::{ItemWeights, Mat};

use crate::catalog::Catalog;
use crate::domain::Gender;

/// Co-interactions below this count are noise, not similarity.
pub const MIN_CO_INTERACTIONS: f64 = 2.0;
/// Popularity discount: a target's co-interaction count is divided by popularity^β.
const POPULARITY_DISCOUNT: f64 = 0.5;
/// Share of the behavioural signal in the blend (the rest is metadata).
const BEHAVIOUR_SHARE: f32 = 0.6;
/// Neighbours kept per item.
pub const NEIGHBOURS: usize = 24;

/// Words that carry no meaning about what a product is.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "the", "for", "with", "of", "in", "on", "to", "your", "our", "this", "that",
    "is", "it", "its", "by", "from", "at", "as", "be", "or", "you", "every", "any", "all", "has",
    "have", "are", "was", "into", "made", "make", "makes", "perfect", "great", "more", "than",
];

fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .collect()
}

/// Metadata similarity in 0..1.
fn content(a: &Meta, b: &Meta) -> f32 {
    let mut s = 0.0;
    if a.category == b.category {
        s += 0.35;
    }
    if a.style == b.style {
        s += 0.25;
    }
    if a.gender.is_none() || b.gender.is_none() || a.gender == b.gender {
        s += 0.1;
    }
    let shared = a.words.intersection(&b.words).count() as f32;
    let union = (a.words.len() + b.words.len()) as f32 - shared;
    if union > 0.0 {
        s += 0.3 * shared / union;
    }
    s
}

struct Meta {
    category: String,
    style: String,
    gender: Option<&'static str>,
    words: HashSet<String>,
}

/// `gram` is the co-interaction matrix (diagonal = each item's popularity).
pub fn similar_items(catalog: &Catalog, gram: &Mat<f64>) -> ItemWeights {
    let n = catalog.len();
    let meta: Vec<Meta> = catalog
        .products()
        .iter()
        .map(|p| Meta {
            category: p.category.clone(),
            style: p.style.clone(),
            gender: p.gender_affinity.map(Gender::code),
            words: words(&format!("{} {}", p.name, p.description)),
        })
        .collect();
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        // Behaviour: discounted co-interactions, normalised to the row's best.
        let mut behaviour: HashMap<usize, f32> = HashMap::new();
        if gram.nrows() == n {
            for j in 0..n {
                let co = gram[(i, j)];
                if j != i && co >= MIN_CO_INTERACTIONS {
                    let pop = gram[(j, j)].max(1.0);
                    behaviour.insert(j, (co / pop.powf(POPULARITY_DISCOUNT)) as f32);
                }
            }
        }
        let best = behaviour.values().copied().fold(0.0f32, f32::max);
        // Candidates: what shoppers combine, and everything in the same category.
        let mut candidates: HashSet<usize> = behaviour.keys().copied().collect();
        candidates.extend(catalog.in_category(&meta[i].category).iter().copied());
        candidates.remove(&i);
        let mut row: Vec<(u32, f32)> = candidates
            .into_iter()
            .map(|j| {
                let b = if best > 0.0 {
                    behaviour.get(&j).copied().unwrap_or(0.0) / best
                } else {
                    0.0
                };
                // Without behaviour for this item, metadata decides alone.
                let score = if best > 0.0 {
                    BEHAVIOUR_SHARE * b + (1.0 - BEHAVIOUR_SHARE) * content(&meta[i], &meta[j])
                } else {
                    content(&meta[i], &meta[j])
                };
                (j as u32, score)
            })
            .collect();
        row.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        row.truncate(NEIGHBOURS);
        rows.push(row);
    }
    ItemWeights { rows }
}
