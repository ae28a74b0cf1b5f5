//! The scoring: from the served model and a shopper's history and live events to scores over the
//! catalog, the reason for each item, and the shelves built from them. The item-to-item part
//! (folding a history into weights and scoring through EASE, top-n, softmax) is `item_scoring`'s,
//! the very code `storefront eval` measures; this file adds what only the shop knows: recency,
//! the session's intent, purchases, reasons.

use std::collections::HashMap;

use item_scoring::{ItemHistory, Reached, UNTRACKED, softmax};

mod by_category;
mod window;

use by_category::{ByCategory, Merge};

use super::balance;
use super::live::Live;
use super::model::{Model, Past};
use super::served::Served;
use super::train::event_weight;
use crate::catalog::Catalog;
use crate::clock::{DAY, HOUR};
use crate::domain::{Persona, UserId};
use crate::events::EventType;
use crate::recs::{Reason, Recommendation};

/// A session's latest events that shape its scores (older ones are history by then).
const LIVE_SCORED: usize = 50;
/// A session's recent views steer the shelf for this long.
const INTENT_WINDOW: i64 = 2 * HOUR;
/// How strongly the categories of the current session lift their items, relative to the best
/// score: strong enough that three views of a category fill most of the next shelf with it.
const INTENT_BOOST: f32 = 0.9;
/// Live events count more than old history: they are what the shopper wants now.
const LIVE_EMPHASIS: f32 = 2.0;
/// Softmax sharpness: scores are scaled so that the best is this many "temperatures".
const SOFTMAX_SPREAD: f32 = 6.0;
/// The best of a shopper's reached items put in order when scoring (see `Scored::by_score`).
const SORTED_HEAD: usize = 1024;
/// The best of each category's reached items put in order when a walk goes past the head (see
/// `ByCategory`): more than a shelf's walk takes from one category.
const GROUP_HEAD: usize = 128;
/// Up to this many reached items, all are put in order when scoring: on a small catalog a
/// history reaches most of it, and a shelf's walk past the head would order the rest again on
/// every page (the memoized scores serve many), where one sort now costs little more.
const SORTED_ALL: usize = 4 * SORTED_HEAD;
/// A shelf's walk down the shopper's ranking stops after this many items even when a part is
/// still short (a persona's category the catalog barely has): bounded work on any catalog.
const WALK_LIMIT: usize = 20_000;
/// A balanced shelf chooses each part's places among this many candidates a place.
const CANDIDATES_PER_PLACE: usize = 4;
/// Known shoppers' similar items: share of the item-to-item score in the re-ranking.
const RELATED_SHARE: f32 = 0.7;

/// A shopper's history folded into one weight per item, and what they bought.
struct History {
    items: ItemHistory,
    purchased: Vec<u32>,
}

/// A shopper's history: the strongest signal for each item, discounted by age, the session's
/// latest events emphasised. `None` for a shopper with no history at all.
fn history(model: &Model, user: &UserId, live: &[Live]) -> Option<History> {
    let past: &[Past] = model.histories.get(user).map_or(&[], Vec::as_slice);
    if past.is_empty() && live.is_empty() {
        return None;
    }
    let now = crate::clock::now_micros();
    let bought = event_weight(EventType::OrderCompleted);
    let mut h = History {
        items: ItemHistory::new(model.n_items()),
        purchased: Vec::new(),
    };
    let mut add = |item: u32, w: f32, at: i64, emphasis: f32| {
        let age_days = (now - at).max(0) as f32 / DAY as f32;
        let recency = 0.3 + 0.7 * (-age_days / 30.0).exp2();
        if h.items.add(item, w * recency * emphasis) && w >= bought {
            h.purchased.push(item);
        }
    };
    for p in past {
        add(p.item, p.weight, p.at, 1.0);
    }
    // Purchases anywhere in the session count; for interest, its latest events do.
    let scored_from = live.len().saturating_sub(LIVE_SCORED);
    for (k, l) in live.iter().enumerate() {
        if k >= scored_from {
            add(l.item, l.weight, l.at, LIVE_EMPHASIS);
        } else if l.weight >= bought {
            add(l.item, l.weight, l.at, 1.0);
        }
    }
    Some(h)
}

/// The shopper's scores for a few items, from the EASE columns of just these items (a product
/// page after a click need not score the catalog), and what they bought.
pub fn scores_of_few(
    served: &Served,
    user: &UserId,
    live: &[Live],
    items: &[u32],
) -> Option<(Vec<f32>, Vec<u32>)> {
    let h = history(&served.model, user, live)?;
    Some((
        h.items
            .score_items(&served.model.ease, &served.columns, items),
        h.purchased,
    ))
}

/// A shopper's scores and what explains them, without a value per catalog item: only the items
/// the history's weights reach carry a score of their own; every other item scores its
/// category's session boost (0 outside the session's categories). Work and memory grow with the
/// shopper's history, not with the catalog.
pub struct Scored {
    /// The items the history reaches, ascending by item: score before boosts and its source.
    reached: Vec<Reached>,
    /// Each reached item's score with its category's boost, parallel to `reached`.
    totals: Vec<f32>,
    /// Each reached item's category number (see `Served`) and whether the shopper bought it,
    /// parallel to `reached`: looked up once here rather than at every pass over the items.
    reached_category: Vec<Option<u16>>,
    reached_bought: Vec<bool>,
    /// Positions in `reached` of the best `SORTED_HEAD` (all of them, up to `SORTED_ALL`), in
    /// order: total score, then lower item. A walk that goes further goes on through
    /// `by_category`.
    by_score: Vec<u32>,
    /// The reached items by category, grouped the first time a walk goes past `by_score` (a
    /// shelf whose full parts closed their categories, after a heavy history's boosted
    /// categories filled the head), and kept with the memoized scores.
    by_category: std::sync::OnceLock<ByCategory>,
    /// The score each category lends its items, by category number (see `Served`): the
    /// session's categories' boosts, 0 for every other.
    boosts: Vec<f32>,
    /// Items the shopper bought (never recommended again), ascending.
    purchased: Vec<u32>,
    /// Where each category's tail starts (see `Tail`), by category number: the place in its
    /// popularity order of its first item the history does not reach and the shopper did not
    /// buy. Found once here: on a small catalog the history reaches nearly every item, and a
    /// walk (every shelf takes one) that looked for it passed them all again.
    tail_starts: Vec<u32>,
    /// The best score, and the softmax denominator over every item not bought.
    top: f32,
    denominator: f32,
    /// Category shares of the current session's events, and how many events that is.
    intent: Vec<(String, f32)>,
    session_events: usize,
    /// The shopper's history folded: each item's weight, in the order first seen.
    history: ItemHistory,
}

impl Scored {
    /// The memory these scores hold, about: what the memo budgets by.
    pub fn bytes(&self) -> usize {
        std::mem::size_of::<Scored>()
            + self.reached.capacity() * std::mem::size_of::<Reached>()
            + self.by_score.capacity() * 4
            + self.by_category.get().map_or_else(
                || ByCategory::reserve(self.reached.len(), self.boosts.len()),
                ByCategory::bytes,
            )
            + self.totals.capacity() * 4
            + self.reached_category.capacity() * 4
            + self.reached_bought.capacity()
            + self.purchased.capacity() * 4
            + self.history.heap_bytes()
            + self.boosts.capacity() * 4
            + self.tail_starts.capacity() * 4
            + self
                .intent
                .iter()
                .map(|(c, _)| c.capacity() + 32)
                .sum::<usize>()
    }

    /// Scores the shopper; `None` when they have no history yet.
    pub fn compute(
        served: &Served,
        catalog: &Catalog,
        user: &UserId,
        live: &[Live],
    ) -> Option<Scored> {
        let model = &served.model;
        let History { items, purchased } = history(model, user, live)?;
        let now = crate::clock::now_micros();
        let reached = items.score_reached(&model.ease);
        // The session's intent: categories of its recent events.
        let mut counts: HashMap<&str, f32> = HashMap::new();
        let mut total = 0.0;
        let mut session_events = 0;
        for l in live.iter().filter(|l| now - l.at < INTENT_WINDOW) {
            if let Some(p) = catalog.products().get(l.item as usize) {
                *counts.entry(p.category.as_str()).or_default() += l.weight;
                total += l.weight;
                session_events += 1;
            }
        }
        let mut intent: Vec<(String, f32)> = counts
            .into_iter()
            .map(|(c, w)| (c.to_string(), w / total))
            .collect();
        intent.sort_by(|a, b| a.0.cmp(&b.0));
        let history_top = reached.iter().map(|r| r.score).fold(0.0f32, f32::max);
        let mut boosts = vec![0.0f32; served.categories()];
        for (c, share) in &intent {
            if let Some(at) = served.category_number(c) {
                boosts[at] = INTENT_BOOST * share * history_top.max(1e-3);
            }
        }
        let mut purchased = purchased;
        purchased.sort_unstable();
        purchased.dedup();
        let reached_category: Vec<Option<u16>> = reached
            .iter()
            .map(|r| served.category_of(r.item).map(|c| c as u16))
            .collect();
        let reached_bought: Vec<bool> = reached
            .iter()
            .map(|r| purchased.binary_search(&r.item).is_ok())
            .collect();
        let tail_starts = tail_starts(served, &reached, &purchased);
        let mut scored = Scored {
            reached,
            totals: Vec::new(),
            reached_category,
            reached_bought,
            by_score: Vec::new(),
            by_category: std::sync::OnceLock::new(),
            boosts,
            purchased,
            tail_starts,
            top: 0.0,
            denominator: 0.0,
            intent,
            session_events,
            history: items,
        };
        let totals: Vec<f32> = scored
            .reached
            .iter()
            .zip(&scored.reached_category)
            .map(|(r, c)| r.score + c.map_or(0.0, |c| scored.boosts[usize::from(c)]))
            .collect();
        // Past `SORTED_ALL` only the best `SORTED_HEAD` are put in order now: a shelf rarely walks
        // further, and a walk that does goes on by category (see `Walk::next_reached`).
        let head = if totals.len() <= SORTED_ALL {
            totals.len()
        } else {
            SORTED_HEAD
        };
        let by_score = with_keys(|keys| {
            keys.extend(
                totals
                    .iter()
                    .enumerate()
                    .map(|(k, &total)| best_first_key(total, k as u32)),
            );
            put_best_first(keys, head);
            keys.truncate(head);
            keys.iter().map(|&key| key as u32).collect::<Vec<u32>>()
        });
        scored.by_score = by_score;
        let best_boost = scored.boosts.iter().copied().fold(0.0f32, f32::max);
        scored.top = totals.iter().copied().fold(best_boost, f32::max).max(1e-6);
        scored.denominator = scored.softmax_denominator(served, &totals);
        scored.totals = totals;
        Some(scored)
    }

    /// Σ over every item not bought of exp((score − top)·sharpness), in closed form: each
    /// category's items at its boost, corrected for the items the history reaches, and less
    /// every item bought (reached or not: the first sum counted each at its boost).
    fn softmax_denominator(&self, served: &Served, totals: &[f32]) -> f32 {
        let weight = |score: f32| ((score - self.top) * SOFTMAX_SPREAD / self.top).exp();
        // Each category's weight at its boost, once, rather than an exp per reached item.
        let at_boost: Vec<f32> = self.boosts.iter().map(|&b| weight(b)).collect();
        let unboosted = weight(0.0);
        let boost_weight = |item: u32| served.category_of(item).map_or(unboosted, |c| at_boost[c]);
        let n = served.model.n_items();
        let mut sum = 0.0f32;
        let mut counted = 0usize;
        for (items, w) in served.categories_by_popularity().iter().zip(&at_boost) {
            counted += items.len();
            sum += items.len() as f32 * w;
        }
        sum += n.saturating_sub(counted) as f32 * unboosted;
        // The reached items' corrections: an exp each, tens of thousands for a heavy history at
        // a large catalog, so through `exp_lanes` (eight at a time) rather than libm's.
        let sharpness = SOFTMAX_SPREAD / self.top;
        let mut lanes = [0.0f32; 8];
        let chunks = totals
            .chunks(8)
            .zip(self.reached_category.chunks(8))
            .zip(self.reached_bought.chunks(8));
        for ((totals, categories), bought) in chunks {
            // A short last chunk's other lanes count 0.
            let (mut exponents, mut bases, mut counts) = ([0.0f32; 8], [0.0f32; 8], [0.0f32; 8]);
            for l in 0..totals.len() {
                exponents[l] = (totals[l] - self.top) * sharpness;
                bases[l] = categories[l].map_or(unboosted, |c| at_boost[usize::from(c)]);
                counts[l] = if bought[l] { 0.0 } else { 1.0 };
            }
            let weights = exp_lanes(exponents);
            for l in 0..8 {
                lanes[l] += counts[l] * (weights[l] - bases[l]);
            }
        }
        sum += lanes.iter().sum::<f32>();
        for &item in &self.purchased {
            if (item as usize) < n {
                sum -= boost_weight(item);
            }
        }
        sum.max(f32::MIN_POSITIVE)
    }

    /// The boost `item`'s category gets from the session (0 outside its categories).
    fn boost(&self, served: &Served, item: u32) -> f32 {
        served.category_of(item).map_or(0.0, |c| self.boosts[c])
    }

    fn reached_at(&self, item: u32) -> Option<usize> {
        self.reached.binary_search_by_key(&item, |r| r.item).ok()
    }

    /// The item's score: its history score plus its category's boost.
    fn score(&self, served: &Served, item: u32) -> f32 {
        match self.reached_at(item) {
            Some(k) => self.totals[k],
            None => self.boost(served, item),
        }
    }

    /// Every item not bought, best first, without sorting the catalog: the items the history
    /// reaches merged with the rest, which come from each category's popularity order (each at
    /// its category's boost), so that items the history cannot tell apart come by popularity.
    fn walk<'a>(&'a self, served: &'a Served) -> Walk<'a> {
        let tails = served
            .categories_by_popularity()
            .iter()
            .zip(&self.boosts)
            .zip(&self.tail_starts)
            .map(|((items, &score), &start)| Tail {
                items,
                score,
                at: start as usize,
                head: items.get(start as usize).copied(),
            })
            .collect();
        Walk {
            scored: self,
            served,
            head: &self.by_score,
            next_scored: 0,
            rest: None,
            tails,
            closed: vec![false; served.categories()],
            best_tail: None,
        }
    }

    fn is_purchased(&self, item: u32) -> bool {
        self.purchased.binary_search(&item).is_ok()
    }

    /// The scores of `items` and those of them the shopper bought.
    pub fn scores_of(&self, served: &Served, items: &[u32]) -> (Vec<f32>, Vec<u32>) {
        let bought = items
            .iter()
            .copied()
            .filter(|&i| self.is_purchased(i))
            .collect();
        (
            items.iter().map(|&i| self.score(served, i)).collect(),
            bought,
        )
    }

    /// Why the shopper sees `item`: the session's category, the history item behind its score
    /// when that item really is related to it (the same category, or among its nearest similar
    /// items), else something true and less specific: the category the shopper has been
    /// browsing, or the category's popularity. "Because you viewed Sleeping Bag" on a keyboard
    /// would be worse than no reason.
    fn reason(&self, served: &Served, catalog: &Catalog, item: usize) -> Reason {
        let category = catalog.products().get(item).map(|p| p.category.as_str());
        let browsing = |least: f32| {
            category.is_some_and(|c| {
                self.intent
                    .iter()
                    .any(|(ic, share)| ic == c && *share >= least)
            })
        };
        if browsing(0.5) {
            return Reason::CategoryOf("you're browsing", item);
        }
        let source = self.source(served, item as u32) as usize;
        if source < catalog.len() && related_items(&served.model, catalog, source, item) {
            let w = self.history.weight(source as u32);
            let phrase = if w >= 3.0 {
                "because you bought"
            } else if w >= 2.0 {
                "because you added"
            } else {
                "because you viewed"
            };
            Reason::Product(phrase, source)
        } else if browsing(f32::MIN_POSITIVE) {
            Reason::CategoryOf("you're browsing", item)
        } else if category.is_some() {
            Reason::CategoryOf("popular in", item)
        } else {
            Reason::Text("recommended for you".into())
        }
    }

    /// The history item that contributed most to `item`'s score (`u32::MAX`: none): as the
    /// scoring tracked it, or found from the item's column where it did not (a large catalog).
    fn source(&self, served: &Served, item: u32) -> u32 {
        match self.reached_at(item).map(|k| self.reached[k].source) {
            Some(UNTRACKED) => self
                .history
                .strongest_source(&served.columns, item)
                .unwrap_or(u32::MAX),
            Some(source) => source,
            None => u32::MAX,
        }
    }

    /// The shopper's best `n` items not bought and not `excluded`, each with its softmax share
    /// over every candidate. The categories keep their balance (see `balance`): the persona's
    /// interests and the session's categories share the shelf, at most a few cards a style.
    /// The places `explore_at` (ascending) go to new items (no interactions yet) that resemble
    /// the shopper's history, when there are any: the way a new product gets its first shoppers.
    pub fn recommend(
        &self,
        served: &Served,
        catalog: &Catalog,
        n: usize,
        excluded: &[usize],
        persona: Option<&Persona>,
        explore_at: &[usize],
    ) -> Vec<Recommendation> {
        let is_excluded = |i: u32| excluded.contains(&(i as usize));
        let quotas = balance::quotas(n, persona, &self.intent, self.session_events);
        // Each category's part of the shelf: its quota's, else the rest (the last part).
        let rest_part = quotas.categories.len();
        let mut part_of = vec![rest_part; served.categories()];
        for (part, (category, _)) in quotas.categories.iter().enumerate() {
            if let Some(c) = served.category_number(category) {
                part_of[c] = part;
            }
        }
        // The best candidates of each part of the shelf, a few times its places (so the style
        // cap can skip some), and the best of all for what the parts cannot fill: one walk down
        // the shopper's ranking, so a boosted category cannot crowd the others out.
        let wants: Vec<usize> = quotas
            .categories
            .iter()
            .map(|(_, places)| places * CANDIDATES_PER_PLACE)
            .chain(std::iter::once(quotas.rest * CANDIDATES_PER_PLACE))
            .collect();
        let mut have = vec![0usize; wants.len()];
        let mut open = wants.iter().filter(|w| **w > 0).count();
        let best_of_all = n * CANDIDATES_PER_PLACE;
        let mut candidates: Vec<balance::Candidate> =
            Vec::with_capacity(best_of_all + wants.iter().sum::<usize>());
        let mut walk = self.walk(served);
        // Once the best of all are in, a full part's categories can add nothing: the walk
        // leaves them out rather than pass every one of their items (a boosted category's
        // thousands of items all come before the rest's first).
        let close_full_parts = |walk: &mut Walk, have: &[usize]| {
            for (c, &part) in part_of.iter().enumerate() {
                if have[part] >= wants[part] {
                    walk.close(c);
                }
            }
        };
        for _ in 0..WALK_LIMIT {
            if open == 0 && candidates.len() >= best_of_all {
                break;
            }
            let Some((item, _)) = walk.next() else {
                break;
            };
            if is_excluded(item) || (item as usize) >= catalog.len() {
                continue;
            }
            let part = served.category_of(item).map_or(rest_part, |c| part_of[c]);
            let wanted_here = have[part] < wants[part];
            if wanted_here {
                have[part] += 1;
                if have[part] == wants[part] {
                    open -= 1;
                }
            }
            if wanted_here || candidates.len() < best_of_all {
                candidates.push(balance::Candidate {
                    item,
                    part,
                    style: served.style_of(item),
                });
                let part_filled = wanted_here && have[part] == wants[part];
                if candidates.len() >= best_of_all
                    && (part_filled || candidates.len() == best_of_all)
                {
                    close_full_parts(&mut walk, &have);
                }
            }
        }
        let mut chosen = balance::select(&candidates, n, &quotas);
        let places: Vec<usize> = explore_at.iter().copied().filter(|&p| p < n).collect();
        let new = self.new_items_like_history(served, places.len(), excluded, &chosen);
        chosen.truncate(n.saturating_sub(new.len()));
        for (&(item, _), &at) in new.iter().zip(&places) {
            chosen.insert(at.min(chosen.len()), item);
        }
        // Softmax over every candidate: the shopper's denominator less the excluded items.
        let sharpness = SOFTMAX_SPREAD / self.top;
        let weight = |i: u32| ((self.score(served, i) - self.top) * sharpness).exp();
        let removed: f32 = excluded
            .iter()
            .filter(|&&i| i < catalog.len() && !self.is_purchased(i as u32))
            .map(|&i| weight(i as u32))
            .sum();
        let sum = (self.denominator - removed).max(f32::MIN_POSITIVE);
        chosen
            .into_iter()
            .map(|i| Recommendation {
                item: i as usize,
                score: f64::from(weight(i) / sum),
                reason: Some(match new.iter().find(|(item, _)| *item == i) {
                    Some(&(_, source)) => Reason::NewLike(source as usize),
                    None => self.reason(served, catalog, i as usize),
                }),
            })
            .collect()
    }

    /// Up to `places` new items (see `Model::new_like`) that resemble the items of this
    /// shopper's history, not bought, excluded or already `chosen`, each with the history item
    /// it resembles: best first by the history item's weight times the likeness.
    fn new_items_like_history(
        &self,
        served: &Served,
        places: usize,
        excluded: &[usize],
        chosen: &[u32],
    ) -> Vec<(u32, u32)> {
        if places == 0 {
            return Vec::new();
        }
        let mut found: Vec<(u32, f32, u32)> = Vec::new();
        for &(source, weight) in self.history.touched() {
            if let Some(row) = served.model.new_like.rows.get(source as usize) {
                found.extend(row.iter().map(|&(new, like)| (new, weight * like, source)));
            }
        }
        found.retain(|&(new, _, _)| {
            !self.is_purchased(new) && !excluded.contains(&(new as usize)) && !chosen.contains(&new)
        });
        // Each new item once, at its best, then the best of them.
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        found.dedup_by_key(|f| f.0);
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        found
            .into_iter()
            .take(places)
            .map(|(new, _, source)| (new, source))
            .collect()
    }

    /// The first `n` items of the shopper's ranking (bought items left out) that `take`
    /// accepts, best first, looking at most [`WALK_LIMIT`] items down it.
    pub fn best_where(
        &self,
        served: &Served,
        n: usize,
        mut take: impl FnMut(u32) -> bool,
    ) -> Vec<usize> {
        let mut found = Vec::with_capacity(n);
        if n == 0 {
            return found;
        }
        for (item, _) in self.walk(served).take(WALK_LIMIT) {
            if take(item) {
                found.push(item as usize);
                if found.len() == n {
                    break;
                }
            }
        }
        found
    }

    /// `items` in the order the shopper likeliest wants them; items the model cannot tell apart
    /// keep their order.
    pub fn rank(&self, served: &Served, catalog: &Catalog, items: &[usize]) -> Vec<Recommendation> {
        let values: Vec<f32> = items
            .iter()
            .map(|&i| self.score(served, i as u32))
            .collect();
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
        // Scaled by the largest magnitude: EASE's weights (and so scores) can be negative, and
        // a list scored only below zero must not be scaled by a near-zero top.
        let top = values
            .iter()
            .map(|v| v.abs())
            .fold(0.0f32, f32::max)
            .max(1e-6);
        let scaled: Vec<f32> = order
            .iter()
            .map(|&k| values[k] / top * SOFTMAX_SPREAD)
            .collect();
        let probabilities = softmax(&scaled, 1.0);
        order
            .iter()
            .zip(probabilities)
            .map(|(&k, p)| Recommendation {
                item: items[k],
                score: f64::from(p),
                reason: (values[k] > 0.0).then(|| self.reason(served, catalog, items[k])),
            })
            .collect()
    }
}

/// A shopper's items best first (see [`Scored::walk`]): a merge of the items the history reaches,
/// by score, with one popularity-ordered tail per category.
struct Walk<'a> {
    scored: &'a Scored,
    served: &'a Served,
    /// The reached items best first: `by_score`, then, once the walk gets past it, the merge of
    /// the categories' orders from there on; `next_scored` is the next one's place in the head.
    head: &'a [u32],
    next_scored: usize,
    rest: Option<Merge<'a>>,
    /// One tail per category, by category number.
    tails: Vec<Tail<'a>>,
    /// Categories the walk leaves out from now on (see `close`).
    closed: Vec<bool>,
    /// The best tail head (see `best_tail`) while no tail has moved since it was found: most
    /// steps take a reached item and leave every tail as it was.
    best_tail: Option<Option<TailHead>>,
}

/// A tail's head as the walk compares them: the tail, the item, its popularity rank, its score.
type TailHead = (usize, u32, u32, f32);

/// The items of one category that the history does not reach, all at the category's score, the
/// most popular first.
struct Tail<'a> {
    items: &'a [u32],
    score: f32,
    /// The next of `items` to look at.
    at: usize,
    /// The next item still to come, found once per move (the walk compares every tail's head
    /// at every step).
    head: Option<u32>,
}

impl Tail<'_> {
    /// Finds the next item still to come from `at` on: the walk takes reached and bought items
    /// elsewhere or never.
    fn find_head(&mut self, scored: &Scored) {
        while let Some(&item) = self.items.get(self.at) {
            if scored.reached_at(item).is_none() && !scored.is_purchased(item) {
                self.head = Some(item);
                return;
            }
            self.at += 1;
        }
        self.head = None;
    }

    /// Takes the head and finds the next.
    fn advance(&mut self, scored: &Scored) {
        self.at += 1;
        self.find_head(scored);
    }
}

impl Walk<'_> {
    /// Leaves out category `c` from now on: its reached items and its tail.
    fn close(&mut self, c: usize) {
        if let Some(closed) = self.closed.get_mut(c) {
            *closed = true;
        }
        if let Some(tail) = self.tails.get_mut(c) {
            tail.head = None;
        }
        self.best_tail = None;
    }

    /// Whether the reached item at position `k` of `reached` is not to come: bought, or of a
    /// closed category.
    fn left_out(&self, k: usize) -> bool {
        self.scored.reached_bought[k]
            || self.scored.reached_category[k].is_some_and(|c| self.closed[usize::from(c)])
    }

    /// The position in `reached` of the best reached item still to come, not bought and not
    /// of a closed category: from the head, then from the categories' merge.
    fn next_reached(&mut self) -> Option<u32> {
        let scored = self.scored;
        while let Some(&k) = self.head.get(self.next_scored) {
            if !self.left_out(k as usize) {
                return Some(k);
            }
            self.next_scored += 1;
        }
        let last = *self.head.last()?;
        if self.head.len() >= scored.reached.len() {
            return None; // the head held every reached item
        }
        if self.rest.is_none() {
            let by = scored.by_category.get_or_init(|| {
                ByCategory::new(&scored.reached_category, self.served.categories())
            });
            let after = best_first_key(scored.totals[last as usize], last);
            self.rest = Some(by.merge_after(&scored.totals, after, &self.closed));
        }
        self.rest
            .as_mut()
            .and_then(|rest| rest.peek(&scored.reached_bought, &self.closed))
    }

    /// Moves past the item `next_reached` returned.
    fn take_reached(&mut self) {
        if self.next_scored < self.head.len() {
            self.next_scored += 1;
        } else if let Some(rest) = self.rest.as_mut() {
            rest.take();
        }
    }
}

/// Each category's first item, in its popularity order, that `reached` does not hold and the
/// shopper did not buy (`purchased`), by category number: the category's length when there is
/// none. The items are marked in a per-thread bitmap first, so each look is one bit, not a
/// search.
fn tail_starts(served: &Served, reached: &[Reached], purchased: &[u32]) -> Vec<u32> {
    thread_local! {
        static MARKS: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    MARKS.with(|marks| {
        let mut marks = marks.borrow_mut();
        let words = served.model.n_items().div_ceil(64);
        if marks.len() < words {
            marks.resize(words, 0);
        }
        let taken = || {
            reached
                .iter()
                .map(|r| r.item as usize)
                .chain(purchased.iter().map(|&i| i as usize))
                .filter(|&i| i / 64 < words)
        };
        for i in taken() {
            marks[i / 64] |= 1 << (i % 64);
        }
        let is_taken = |i: u32| {
            marks
                .get(i as usize / 64)
                .is_some_and(|w| w & (1 << (i % 64)) != 0)
        };
        let starts = served
            .categories_by_popularity()
            .iter()
            .map(|items| {
                items
                    .iter()
                    .position(|&i| !is_taken(i))
                    .unwrap_or(items.len()) as u32
            })
            .collect();
        // Cleared word by word, so the next call finds the bitmap empty.
        for i in taken() {
            marks[i / 64] = 0;
        }
        starts
    })
}

/// Runs `f` with this thread's scratch vector of keys, empty (a heavy history's keys are
/// hundreds of kilobytes: allocating them per request showed in the profile).
fn with_keys<T>(f: impl FnOnce(&mut Vec<u64>) -> T) -> T {
    thread_local! {
        static KEYS: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        keys.clear();
        f(&mut keys)
    })
}

/// A key whose ascending order is (`total` descending, then `k` ascending), `k` in its low half:
/// sorting plain integers is several times faster than sorting positions through their totals.
fn best_first_key(total: f32, k: u32) -> u64 {
    // `f32::total_cmp`'s order as an unsigned integer, then reversed for best first.
    let bits = total.to_bits() as i32;
    let ordered = (bits ^ ((((bits >> 31) as u32) >> 1) as i32)) as u32 ^ 0x8000_0000;
    (u64::from(!ordered) << 32) | u64::from(k)
}

/// Puts the `head` smallest keys first, in order; the rest after them, unordered.
fn put_best_first(keys: &mut [u64], head: usize) {
    if keys.len() > head {
        keys.select_nth_unstable(head);
        keys[..head].sort_unstable();
    } else {
        keys.sort_unstable();
    }
}

impl Walk<'_> {
    /// The best tail head: highest score, then the more popular; found again only after a tail
    /// moved.
    fn best_tail(&mut self) -> Option<TailHead> {
        if let Some(best) = self.best_tail {
            return best;
        }
        let mut best: Option<TailHead> = None;
        for (t, tail) in self.tails.iter().enumerate() {
            let Some(item) = tail.head else {
                continue;
            };
            let (rank, score) = (self.served.popularity_rank(item), tail.score);
            if best.is_none_or(|(_, _, br, bs)| score > bs || (score == bs && rank < br)) {
                best = Some((t, item, rank, score));
            }
        }
        self.best_tail = Some(best);
        best
    }
}

impl Iterator for Walk<'_> {
    type Item = (u32, f32);

    fn next(&mut self) -> Option<(u32, f32)> {
        let scored = self.scored;
        let from_history = self
            .next_reached()
            .map(|k| (scored.reached[k as usize].item, scored.totals[k as usize]));
        let best_tail = self.best_tail();
        match (from_history, best_tail) {
            (Some((item, score)), Some((.., tail_score))) if score >= tail_score => {
                self.take_reached();
                Some((item, score))
            }
            (Some((item, score)), None) => {
                self.take_reached();
                Some((item, score))
            }
            (_, Some((t, item, _, score))) => {
                self.tails[t].advance(scored);
                self.best_tail = None;
                Some((item, score))
            }
            (None, None) => None,
        }
    }
}

/// e^x for eight values at once, to within about 2e-7 of `f32::exp` relatively for x in
/// [-87, 0] (below, about 0; the softmax's exponents are never positive): 2^n · e^r with
/// n = round(x / ln 2) and r = x − n·ln 2 (in two parts, so r keeps its precision) in
/// [−0.35, 0.35], e^r by its Taylor series to r⁶. No branch and no call, so the eight lanes
/// compile to vector instructions.
fn exp_lanes(x: [f32; 8]) -> [f32; 8] {
    const LOG2_E: f32 = std::f32::consts::LOG2_E;
    const LN2_HIGH: f32 = 0.693_359_4;
    const LN2_LOW: f32 = -2.121_944_4e-4;
    /// Adding 1.5·2²³ rounds a float below 2²² to an integer in its low mantissa bits.
    const ROUNDER: f32 = 12_582_912.0;
    let mut out = [0.0f32; 8];
    for (o, &x) in out.iter_mut().zip(&x) {
        let x = x.clamp(-87.0, 0.0);
        let shifted = x * LOG2_E + ROUNDER;
        let n = shifted - ROUNDER;
        let r = (x - n * LN2_HIGH) - n * LN2_LOW;
        let p = 1.0
            + r * (1.0
                + r * (0.5
                    + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
        let exponent = (shifted.to_bits() as i32).wrapping_sub(ROUNDER.to_bits() as i32);
        *o = p * f32::from_bits(((exponent + 127) as u32) << 23);
    }
    out
}

/// How many of an item's similar items count as its nearest: as many as a product page shows.
pub const NEAREST: usize = 8;

/// Whether a reason may name `source` for `item`: the same category, or `item` among the
/// nearest similar items of `source` (what its product page shows under "Compare similar items").
fn related_items(model: &Model, catalog: &Catalog, source: usize, item: usize) -> bool {
    let products = catalog.products();
    let same_category = match (products.get(source), products.get(item)) {
        (Some(a), Some(b)) => a.category == b.category,
        _ => false,
    };
    same_category
        || model
            .related
            .rows
            .get(source)
            .is_some_and(|row| row.iter().take(NEAREST).any(|&(j, _)| j as usize == item))
}

/// Items like `item`, best first; with a shopper's scores of the candidates (and what they
/// bought), re-ranked for them. `None` for an item the model does not know.
pub fn related(
    model: &Model,
    item: usize,
    personal: Option<&(Vec<f32>, Vec<u32>)>,
    n: usize,
) -> Option<Vec<Recommendation>> {
    let row = model.related.rows.get(item)?;
    let mut ranked: Vec<(u32, f32)> = match personal {
        Some((scores, _)) => {
            let top = scores.iter().copied().fold(0.0f32, f32::max).max(1e-6);
            row.iter()
                .zip(scores)
                .map(|(&(j, r), &s)| (j, RELATED_SHARE * r + (1.0 - RELATED_SHARE) * s / top))
                .collect()
        }
        None => row.clone(),
    };
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    if let Some((_, bought)) = personal {
        ranked.retain(|(j, _)| !bought.contains(j));
    }
    ranked.truncate(n);
    let scores: Vec<f32> = ranked.iter().map(|(_, s)| *s * SOFTMAX_SPREAD).collect();
    let probabilities = softmax(&scores, 1.0);
    Some(
        ranked
            .iter()
            .zip(probabilities)
            .map(|(&(j, _), p)| Recommendation {
                item: j as usize,
                score: f64::from(p),
                reason: Some(Reason::Product("similar to", item)),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn exp_lanes_is_exp() {
        let mut worst = 0.0f64;
        for k in 0..=870_000 {
            let x = -(k as f32) / 10_000.0;
            let got = exp_lanes([x; 8]);
            let want = f64::from(x).exp();
            let error = (f64::from(got[3]) - want).abs() / want;
            worst = worst.max(error);
            assert!(got.iter().all(|&g| g == got[0]));
        }
        assert!(worst < 5e-7, "worst relative error {worst}");
        assert_eq!(exp_lanes([0.0; 8])[0], 1.0);
        assert!(exp_lanes([-1e30; 8])[0] < 1e-37);
    }

    proptest! {
        /// The keys sort exactly as the walk's comparison does: total descending (in
        /// `total_cmp`'s order, negatives and zeros of both signs included), then position.
        #[test]
        fn keys_sort_best_first(totals in proptest::collection::vec(
            prop_oneof![any::<f32>(), -2.0f32..2.0, Just(0.0f32), Just(-0.0f32)], 0..300),
            head in 0usize..400) {
            let mut by_compare: Vec<u32> = (0..totals.len() as u32).collect();
            by_compare.sort_by(|&a, &b| {
                totals[b as usize].total_cmp(&totals[a as usize]).then(a.cmp(&b))
            });
            let mut keys: Vec<u64> = totals
                .iter()
                .enumerate()
                .map(|(k, &t)| best_first_key(t, k as u32))
                .collect();
            put_best_first(&mut keys, head);
            let sorted = head.min(keys.len());
            let by_key: Vec<u32> = keys[..sorted].iter().map(|&k| k as u32).collect();
            prop_assert_eq!(&by_key[..], &by_compare[..sorted]);
            let mut rest: Vec<u32> = keys[sorted..].iter().map(|&k| k as u32).collect();
            rest.sort_unstable();
            let mut expected = by_compare[sorted..].to_vec();
            expected.sort_unstable();
            prop_assert_eq!(rest, expected);
        }
    }
}
