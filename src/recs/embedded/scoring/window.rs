//! One window of [`Scored::rank`]'s answer without ranking the whole list: a category page of
//! 60,000 products ranks its 48 cards with work that grows with the shopper's history and the
//! page, not with the category.
//!
//! Scores are sparse: only the items the history reaches have a score of their own, and every
//! other item of a list of one category scores that category's session boost `u`. `rank` sorts by
//! score, best first, equal scores in the list's order. So its answer is, in three runs: the
//! reached items scoring above `u` (by score, then place), then every other item in the list's
//! order (the unreached ones and the reached ones scoring exactly `u`), then the reached items
//! scoring below `u` (by score, then place). The middle run is the list with the first and last
//! runs' places left out, so any of its items is found by counting those places.

use std::cmp::Ordering;

use super::{SOFTMAX_SPREAD, Scored};
use crate::catalog::Catalog;
use crate::recs::embedded::served::Served;
use crate::recs::{Listing, Recommendation, Window};

/// A reached item of the list: its place in the list and its score.
#[derive(Clone, Copy)]
struct Candidate {
    place: usize,
    value: f32,
}

impl Scored {
    /// `window` of `self.rank(served, catalog, items.items())`, the same items, shares and
    /// reasons, and whether that whole ranking differs from the list's order; `None` when the
    /// list's unreached items may score differently (several categories under different
    /// boosts) or places cannot be looked up (a list not in catalog order): rank it all then.
    pub fn rank_window(
        &self,
        served: &Served,
        catalog: &Catalog,
        items: Listing<'_>,
        window: Window,
    ) -> Option<(Vec<Recommendation>, bool)> {
        if !items.is_ascending() {
            return None;
        }
        // The list's category by number: reached items of other categories are passed over
        // before their place is looked up.
        let number = items.category().map(|c| served.category_number(c));
        let unreached = match number {
            Some(Some(c)) => self.boosts[c],
            Some(None) => 0.0,
            None if self.boosts.iter().all(|&b| b == 0.0) => 0.0,
            None => return None,
        };
        let n = items.len();
        // Best first, equal scores by place: `rank`'s order.
        let in_category = |item: u32| match number {
            Some(category) => served.category_of(item) == category,
            None => true,
        };
        let mut reached: Vec<Candidate> = if number.is_none() && items.len() < self.reached.len() {
            // A list of several categories shorter than what the history reaches (the featured
            // products on a small catalog, where a history reaches nearly everything): look its
            // items up instead. A category's list keeps the other way: its reached items are
            // found by their category number, without a search.
            items
                .items()
                .iter()
                .enumerate()
                .filter_map(|(place, &item)| {
                    let k = self.reached_at(item as u32)?;
                    in_category(item as u32).then(|| Candidate {
                        place,
                        value: self.totals[k],
                    })
                })
                .collect()
        } else {
            self.reached
                .iter()
                .zip(&self.totals)
                .filter(|(r, _)| in_category(r.item))
                .filter_map(|(r, &value)| {
                    let place = items.position(r.item as usize)?;
                    Some(Candidate { place, value })
                })
                .collect()
        };
        reached.sort_unstable_by(|a, b| b.value.total_cmp(&a.value).then(a.place.cmp(&b.place)));
        let above = reached.partition_point(|c| c.value.total_cmp(&unreached) == Ordering::Greater);
        let below = reached.len()
            - reached.partition_point(|c| c.value.total_cmp(&unreached) != Ordering::Less);
        let (first, rest) = reached.split_at(above);
        let last = &rest[rest.len() - below..];
        let middle = n - first.len() - last.len();
        // The middle run is the list less these places.
        let mut outside: Vec<usize> = first.iter().chain(last).map(|c| c.place).collect();
        outside.sort_unstable();

        // Shares as `rank`'s softmax gives them: scores scaled by the largest magnitude in the
        // list, the denominator over every item (the unreached ones all weigh the same).
        let unreached_count = n - reached.len();
        let top = reached
            .iter()
            .map(|c| c.value.abs())
            .chain((unreached_count > 0).then_some(unreached.abs()))
            .fold(0.0f32, f32::max)
            .max(1e-6);
        let scaled = |v: f32| v / top * SOFTMAX_SPREAD;
        let max = reached
            .iter()
            .map(|c| scaled(c.value))
            .chain((unreached_count > 0).then(|| scaled(unreached)))
            .fold(f32::NEG_INFINITY, f32::max);
        let weight = |v: f32| (scaled(v) - max).exp();
        // With no unreached item, `unreached` may lie far outside the scale (0 × ∞ is NaN).
        let unreached_weight = match unreached_count {
            0 => 0.0,
            count => count as f32 * weight(unreached),
        };
        let denominator = reached.iter().map(|c| weight(c.value)).sum::<f32>() + unreached_weight;

        let range = window.range(n);
        let mut places: Vec<usize> = Vec::with_capacity(range.len());
        let mut at = range.start;
        while at < range.end && at < first.len() {
            places.push(first[at].place);
            at += 1;
        }
        if at < range.end && at < first.len() + middle {
            let mut middle_places = ListLess::new(&outside, at - first.len());
            while at < range.end && at < first.len() + middle {
                places.extend(middle_places.next());
                at += 1;
            }
        }
        while at < range.end {
            places.push(last[at - first.len() - middle].place);
            at += 1;
        }
        let list = items.items();
        let window = places
            .into_iter()
            .map(|place| {
                let item = list[place];
                let value = self.score(served, item as u32);
                Recommendation {
                    item,
                    score: f64::from(weight(value) / denominator),
                    reason: (value > 0.0).then(|| self.reason(served, catalog, item)),
                }
            })
            .collect();
        // The ranking is the list's own order exactly when the first run is the list's first
        // places and the last run its last places, each in order.
        let reordered = first.iter().enumerate().any(|(k, c)| c.place != k)
            || last
                .iter()
                .enumerate()
                .any(|(k, c)| c.place != n - last.len() + k);
        Some((window, reordered))
    }
}

/// The places 0, 1, 2, … less `outside` (ascending), from the `skip`-th of them on.
struct ListLess<'a> {
    outside: &'a [usize],
    /// The next place, and the first of `outside` not yet passed.
    place: usize,
    next_outside: usize,
}

impl<'a> ListLess<'a> {
    fn new(outside: &'a [usize], skip: usize) -> ListLess<'a> {
        // The `skip`-th place not outside: every outside place at or before it pushes it on.
        let mut place = skip;
        let mut next_outside = 0;
        while next_outside < outside.len() && outside[next_outside] <= place {
            place += 1;
            next_outside += 1;
        }
        ListLess {
            outside,
            place,
            next_outside,
        }
    }
}

impl Iterator for ListLess<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let here = self.place;
        self.place += 1;
        while self.next_outside < self.outside.len()
            && self.outside[self.next_outside] <= self.place
        {
            if self.outside[self.next_outside] == self.place {
                self.place += 1;
            }
            self.next_outside += 1;
        }
        Some(here)
    }
}

#[cfg(test)]
mod tests {
    use item_scoring::Reached;
    use proptest::prelude::*;

    use super::*;
    use crate::domain::{Category, Money, Product, ProductId};
    use crate::recs::embedded::model::Model;

    fn catalog(categories: &[u8]) -> Catalog {
        let products = categories
            .iter()
            .enumerate()
            .map(|(i, &c)| Product {
                id: ProductId(format!("p{i}")),
                name: format!("Product {i}"),
                category: format!("c{c}"),
                style: "s".into(),
                description: String::new(),
                price: Money::from_cents(100),
                gender_affinity: None,
                current_stock: 1,
                featured: false,
                promoted: false,
                where_visible: "UI".into(),
            })
            .collect();
        let categories = (0..2)
            .map(|c| Category {
                id: c,
                name: format!("c{c}"),
                has_gender_affinity: false,
            })
            .collect();
        Catalog::new(categories, products)
    }

    /// The model served over `catalog`, as far as ranking reads it (its categories).
    fn served(catalog: &Catalog) -> Served {
        let n = catalog.len();
        let model = Model {
            item_ids: (0..n).map(|i| format!("p{i}")).collect(),
            ease: item_scoring::ItemWeights {
                rows: vec![Vec::new(); n],
            },
            popularity: vec![0.0; n],
            trending: vec![0.0; n],
            ..Model::default()
        };
        Served::new(model, catalog, 0)
    }

    /// Scores over `catalog`: `reached` items (ascending, distinct) with their scores, and a
    /// session boost for category c0 when `boost` is given.
    fn scored(served: &Served, reached: &[(u32, f32)], boost: Option<f32>) -> Scored {
        let intent: Vec<(String, f32)> = boost.map(|b| ("c0".to_string(), b)).into_iter().collect();
        let mut boosts = vec![0.0f32; served.categories()];
        if let (Some(b), Some(c0)) = (boost, served.category_number("c0")) {
            boosts[c0] = b;
        }
        let reached: Vec<Reached> = reached
            .iter()
            .map(|&(item, score)| Reached {
                item,
                score,
                source: item,
            })
            .collect();
        let reached_category = reached
            .iter()
            .map(|r| served.category_of(r.item).map(|c| c as u16))
            .collect();
        let reached_bought = vec![false; reached.len()];
        let tail_starts = super::super::tail_starts(served, &reached, &[]);
        let mut scored = Scored {
            reached,
            totals: Vec::new(),
            reached_category,
            reached_bought,
            by_score: Vec::new(),
            by_category: std::sync::OnceLock::new(),
            boosts,
            purchased: Vec::new(),
            tail_starts,
            top: 1.0,
            denominator: 1.0,
            intent,
            session_events: 1,
            history: item_scoring::ItemHistory::new(0),
        };
        scored.totals = scored
            .reached
            .iter()
            .map(|r| r.score + scored.boost(served, r.item))
            .collect();
        scored
    }

    /// Scores drawn from a few values, so that ties (with each other and with the boost),
    /// zeros and negative scores are common.
    fn value() -> impl Strategy<Value = f32> {
        prop_oneof![
            Just(0.0f32),
            Just(0.5),
            Just(-0.5),
            Just(1.0),
            Just(-1.0),
            -2.0f32..2.0
        ]
    }

    fn check(categories: &[u8], reached: &[(u32, f32)], boost: Option<f32>, of: Option<u8>) {
        let catalog = catalog(categories);
        let served = served(&catalog);
        let scored = scored(&served, reached, boost);
        let items: Vec<usize> = match of {
            Some(c) => catalog.in_category(&format!("c{c}")).to_vec(),
            None => (0..categories.len()).collect(),
        };
        let category = of.map(|c| format!("c{c}"));
        let listing = Listing::of_catalog(&items, category.as_deref());
        let full = scored.rank(&served, &catalog, &items);
        let reordered = full.iter().map(|r| r.item).ne(items.iter().copied());
        for offset in 0..=items.len() + 1 {
            for limit in [0, 1, 2, 3, 5, items.len(), usize::MAX] {
                let window = Window { offset, limit };
                let Some((got, got_reordered)) =
                    scored.rank_window(&served, &catalog, listing, window)
                else {
                    // Only a list of several categories under a boost is ranked whole.
                    assert!(of.is_none() && boost.is_some());
                    return;
                };
                let want = &full[window.range(full.len())];
                let ids = |l: &[Recommendation]| l.iter().map(|r| r.item).collect::<Vec<_>>();
                assert_eq!(ids(&got), ids(want), "window {window:?}");
                for (g, w) in got.iter().zip(want) {
                    assert!(
                        (g.score - w.score).abs() <= 1e-5 * w.score.abs().max(1e-3),
                        "share of {}: {} against {}",
                        g.item,
                        g.score,
                        w.score
                    );
                    assert_eq!(g.reason, w.reason);
                }
                assert_eq!(got_reordered, reordered);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Every window is the same as the whole ranking sliced, for one category's list under
        /// a boost or none, and for a list of both categories without one.
        #[test]
        fn a_window_is_the_whole_ranking_sliced(
            categories in proptest::collection::vec(0u8..2, 0..24),
            scores in proptest::collection::vec(proptest::option::of(value()), 24),
            boost in proptest::option::of(prop_oneof![Just(0.5f32), Just(1.0), 0.0f32..1.5]),
            of in proptest::option::of(0u8..2),
        ) {
            let reached: Vec<(u32, f32)> = scores
                .iter()
                .take(categories.len())
                .enumerate()
                .filter_map(|(i, s)| Some((i as u32, (*s)?)))
                .collect();
            check(&categories, &reached, boost, of);
            check(&categories, &reached, None, of);
        }
    }

    #[test]
    fn the_places_less_some_count_past_them() {
        let less: Vec<usize> = ListLess::new(&[0, 2, 3, 7], 0).take(5).collect();
        assert_eq!(less, [1, 4, 5, 6, 8]);
        let less: Vec<usize> = ListLess::new(&[0, 2, 3, 7], 2).take(3).collect();
        assert_eq!(less, [5, 6, 8]);
        let less: Vec<usize> = ListLess::new(&[], 3).take(2).collect();
        assert_eq!(less, [3, 4]);
    }
}
