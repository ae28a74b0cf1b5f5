//! Similar items, as Personalize's SIMS recipe computes them — co-interactions with a popularity
//! discount and a minimum co-interaction count — blended with the items' metadata (category,
//! style, gender affinity, words of name and description), so that an item with few or no
//! interactions still gets sensible neighbours.

use std::collections::{HashMap, HashSet};

use item_scoring::{ItemWeights, SparseGram};
use rayon::prelude::*;

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
/// New items (no interactions yet) kept per item, nearest by metadata.
pub const NEW_ITEMS: usize = 4;

/// Same-category items an item is compared with on metadata: all of a small category; in a large
/// one, the items of its own style first, then of the rest of the category, nearest in catalog
/// order. Bounds the work per item on any catalog (60,000 a category at a million products).
const METADATA_CANDIDATES: usize = 400;

/// Words that carry no meaning about what a product is.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "the", "for", "with", "of", "in", "on", "to", "your", "our", "this", "that",
    "is", "it", "its", "by", "from", "at", "as", "be", "or", "you", "every", "any", "all", "has",
    "have", "are", "was", "into", "made", "make", "makes", "perfect", "great", "more", "than",
];

/// What metadata similarity compares, with words and styles as numbers (a million products'
/// word sets as strings would cost gigabytes, and comparing them would dominate training).
struct Meta {
    category: u32,
    /// The style's name alone: the same style in two categories counts as shared.
    style: u32,
    gender: Option<&'static str>,
    /// Distinct word ids, ascending.
    words: Vec<u32>,
}

/// Interns strings to dense ids.
#[derive(Default)]
struct Interner(HashMap<String, u32>);

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        let next = self.0.len() as u32;
        *self.0.entry(s.to_string()).or_insert(next)
    }
}

fn metadata(catalog: &Catalog) -> Vec<Meta> {
    let mut names = Interner::default();
    let mut words = Interner::default();
    catalog
        .products()
        .iter()
        .map(|p| {
            let mut ids: Vec<u32> = format!("{} {}", p.name, p.description)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() > 2)
                .map(str::to_lowercase)
                .filter(|w| !STOPWORDS.contains(&w.as_str()))
                .map(|w| words.id(&w))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            Meta {
                category: names.id(&p.category),
                style: names.id(&p.style),
                gender: p.gender_affinity.map(Gender::code),
                words: ids,
            }
        })
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
    let shared = shared_count(&a.words, &b.words) as f32;
    let union = (a.words.len() + b.words.len()) as f32 - shared;
    if union > 0.0 {
        s += 0.3 * shared / union;
    }
    s
}

/// Elements two ascending lists share.
fn shared_count(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// Up to `limit` of `members` (ascending catalog positions), the nearest to `item` first.
fn nearest_in(members: &[usize], item: usize, limit: usize, out: &mut Vec<usize>) {
    let at = members.partition_point(|&m| m < item);
    let (mut below, mut above) = (at, at);
    while out.len() < limit && (below > 0 || above < members.len()) {
        if above < members.len() {
            out.push(members[above]);
            above += 1;
        }
        if below > 0 && out.len() < limit {
            below -= 1;
            out.push(members[below]);
        }
    }
}

/// Similar items for every item, best first: from the co-occurrences (`gram`: each item's count
/// and its strongest co-occurring items) blended with metadata.
pub struct Similar {
    pub related: ItemWeights,
    /// For every item, the new items (no interactions yet) nearest it by metadata alone: how a
    /// shopper's history reaches items that co-occurrences cannot (see `engine.exploration`).
    pub new_like: ItemWeights,
}

/// One item's list: (item, score), best first.
type Row = Vec<(u32, f32)>;

/// Similar items and new items like each item (see [`Similar`]).
pub fn similar_items(catalog: &Catalog, gram: &SparseGram) -> Similar {
    let n = catalog.len();
    let meta = metadata(catalog);
    // A category's items of one style, ascending.
    let mut by_style: HashMap<(u32, u32), Vec<usize>> = HashMap::new();
    for (i, m) in meta.iter().enumerate() {
        by_style.entry((m.category, m.style)).or_default().push(i);
    }
    let known = gram.n_items() == n;
    let is_new = |j: usize| known && gram.counts[j] <= 0.0;
    let (rows, new_rows): (Vec<Row>, Vec<Row>) = (0..n)
        .into_par_iter()
        .map(|i| {
            // Behaviour: discounted co-interactions, normalised to the row's best.
            let mut behaviour: HashMap<usize, f32> = HashMap::new();
            if known {
                for &(j, co) in &gram.rows[i] {
                    let co = f64::from(co);
                    if j as usize != i && co >= MIN_CO_INTERACTIONS {
                        let pop = f64::from(gram.counts[j as usize]).max(1.0);
                        behaviour.insert(j as usize, (co / pop.powf(POPULARITY_DISCOUNT)) as f32);
                    }
                }
            }
            let best = behaviour.values().copied().fold(0.0f32, f32::max);
            // Candidates: what shoppers combine, and the nearest of the same style and category.
            let mut same = Vec::with_capacity(METADATA_CANDIDATES);
            let category = catalog.in_category(&catalog.products()[i].category);
            if category.len() <= METADATA_CANDIDATES {
                same.extend_from_slice(category);
            } else {
                let style = by_style
                    .get(&(meta[i].category, meta[i].style))
                    .map_or(&[][..], Vec::as_slice);
                nearest_in(style, i, METADATA_CANDIDATES, &mut same);
                let mut others = Vec::with_capacity(METADATA_CANDIDATES);
                nearest_in(category, i, METADATA_CANDIDATES, &mut others);
                others.retain(|&j| meta[j].style != meta[i].style);
                others.truncate(METADATA_CANDIDATES - same.len());
                same.extend(others);
            }
            let mut candidates: HashSet<usize> = behaviour.keys().copied().collect();
            candidates.extend(same);
            candidates.remove(&i);
            let mut new_like: Vec<(u32, f32)> = candidates
                .iter()
                .filter(|&&j| is_new(j))
                .map(|&j| (j as u32, content(&meta[i], &meta[j])))
                .collect();
            new_like.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            new_like.truncate(NEW_ITEMS);
            // Both rows were gathered from hundreds of candidates: without this, their spare
            // capacity (several KB an item) would stay in the model for as long as it serves.
            new_like.shrink_to_fit();
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
            row.shrink_to_fit();
            (row, new_like)
        })
        .unzip();
    Similar {
        related: ItemWeights { rows },
        new_like: ItemWeights { rows: new_rows },
    }
}
