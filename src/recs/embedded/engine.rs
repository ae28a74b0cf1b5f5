//! The engine at serving time: the trained model plus each shopper's live events, so that a click
//! changes the very next page.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, RwLock};

use super::model::{Model, Past};
use super::topk::{softmax, top_n};
use super::train::event_weight;
use crate::catalog::Catalog;
use crate::events::{Event, EventObserver, EventType};
use crate::recs::{Engine, Exclusions, Reason, RecList, RecUser, Recommendation, Recommender};

use crate::clock::{DAY, HOUR};
/// A session's latest events that shape its scores (older ones are history by then).
const LIVE_SCORED: usize = 50;
/// Live events kept per shopper (older ones are in the next model anyway).
const LIVE_EVENTS: usize = 200;
/// A session's recent views steer the shelf for this long.
const INTENT_WINDOW: i64 = 2 * HOUR;
/// How strongly the categories of the current session lift their items, relative to the best
/// score: strong enough that three views of a category fill most of the next shelf with it.
const INTENT_BOOST: f32 = 0.9;
/// Live events count more than old history: they are what the shopper wants now.
const LIVE_EMPHASIS: f32 = 2.0;
/// Softmax sharpness: scores are scaled so that the best is this many "temperatures".
const SOFTMAX_SPREAD: f32 = 6.0;
/// Items kept ranked per shopper; a page that excludes more than this falls back to a full pass.
const RANKED: usize = 96;
/// Known shoppers' similar items: share of the item-to-item score in the re-ranking.
const RELATED_SHARE: f32 = 0.7;

#[derive(Debug, Clone, Copy)]
struct Live {
    item: u32,
    weight: f32,
    at: i64,
}

/// A shopper's events since the model was trained; `version` counts them, so a cached score
/// knows when it is stale.
#[derive(Default)]
struct LiveUser {
    events: VecDeque<Live>,
    version: u64,
}

/// A shopper's scores, kept until their next event, a new model, or `MEMO_TTL`: one page asks
/// for several shelves, and a shopper reloading a page should not pay for the scoring twice.
struct Memo {
    generation: u64,
    version: u64,
    at: std::time::Instant,
    scored: Arc<Scored>,
}

const MEMO_TTL: std::time::Duration = std::time::Duration::from_secs(30);
const MEMO_USERS: usize = 20_000;

/// The model with the orders every request would otherwise sort again.
struct Served {
    model: Arc<Model>,
    /// EASE weights by target item: (source, weight). Scores a few items without scoring all.
    columns: Vec<Vec<(u32, f32)>>,
    generation: u64,
    popular: Vec<u32>,
    trending: Vec<u32>,
    /// Sums that turn popularity and trending values into shares.
    popular_total: f32,
    trending_total: f32,
}

impl Served {
    fn new(model: Model, generation: u64) -> Self {
        let order = |values: &[f32]| {
            let mut idx: Vec<u32> = (0..values.len() as u32).collect();
            idx.sort_by(|&a, &b| {
                values[b as usize]
                    .total_cmp(&values[a as usize])
                    .then(a.cmp(&b))
            });
            idx
        };
        let popular = order(&model.popularity);
        let trending = order(&model.trending)
            .into_iter()
            .filter(|&i| model.trending[i as usize] > 0.0)
            .collect();
        let mut columns = vec![Vec::new(); model.n_items()];
        for (i, row) in model.ease.rows.iter().enumerate() {
            for &(j, w) in row {
                if let Some(col) = columns.get_mut(j as usize) {
                    col.push((i as u32, w));
                }
            }
        }
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
            model: Arc::new(model),
            columns,
            generation,
            popular,
            trending,
        }
    }
}

pub struct EmbeddedRecommender {
    catalog: Arc<Catalog>,
    served: RwLock<Arc<Served>>,
    live: Mutex<HashMap<String, LiveUser>>,
    memo: Mutex<HashMap<String, Memo>>,
}

struct History {
    dense: Vec<f32>,
    touched: Vec<u32>,
    purchased: Vec<u32>,
}

/// A shopper's scores over the catalog and what explains them.
struct Scored {
    scores: Vec<f32>,
    /// The history item that contributed most to each item's score (u32::MAX: none).
    source: Vec<u32>,
    /// Items the shopper bought (never recommended again), by catalog position.
    purchased: Vec<bool>,
    /// The best `RANKED` items not yet bought, best first: most pages need only these.
    ranked: Vec<u32>,
    /// The best score, and the softmax denominator over every item not bought.
    top: f32,
    denominator: f32,
    /// Category shares of the current session's events.
    intent: Vec<(String, f32)>,
    /// Each item's weight in the shopper's history (0: not in it).
    weights: Vec<f32>,
}

impl EmbeddedRecommender {
    pub fn new(catalog: Arc<Catalog>, model: Model) -> Self {
        Self {
            catalog,
            served: RwLock::new(Arc::new(Served::new(model, 0))),
            live: Mutex::new(HashMap::new()),
            memo: Mutex::new(HashMap::new()),
        }
    }

    fn served(&self) -> Arc<Served> {
        self.served
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn model(&self) -> Arc<Model> {
        self.served().model.clone()
    }

    /// Swaps in a newly trained model without a pause; live events it now contains are dropped
    /// from the live state.
    pub fn replace_model(&self, model: Model) {
        let through = model.through;
        {
            let mut served = self.served.write().unwrap_or_else(|p| p.into_inner());
            let generation = served.generation + 1;
            *served = Arc::new(Served::new(model, generation));
        }
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        live.retain(|_, user| {
            user.events.retain(|e| e.at > through);
            user.version += 1;
            !user.events.is_empty()
        });
    }

    fn live_events(&self, user: &str) -> (Vec<Live>, u64) {
        let live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        live.get(user)
            .map(|u| (u.events.iter().copied().collect(), u.version))
            .unwrap_or_default()
    }

    /// The shopper's scores, from the memo when nothing changed since they were computed.
    fn scored(&self, served: &Served, user: &str) -> Option<Arc<Scored>> {
        if let Some(current) = self.memoized(served, user) {
            return Some(current);
        }
        let (live, version) = self.live_events(user);
        let scored = Arc::new(self.compute(&served.model, user, &live)?);
        let mut memo = self.memo.lock().unwrap_or_else(|p| p.into_inner());
        if memo.len() >= MEMO_USERS {
            memo.clear();
        }
        memo.insert(
            user.to_string(),
            Memo {
                generation: served.generation,
                version,
                at: std::time::Instant::now(),
                scored: scored.clone(),
            },
        );
        Some(scored)
    }

    /// A shopper's history folded into one weight per item: the strongest signal for each item,
    /// discounted by age, the session's latest events emphasised.
    fn history_weights(model: &Model, user: &str, live: &[Live]) -> Option<History> {
        let past: &[Past] = model.histories.get(user).map(Vec::as_slice).unwrap_or(&[]);
        if past.is_empty() && live.is_empty() {
            return None;
        }
        let now = crate::clock::now_micros();
        let mut h = History {
            dense: vec![0.0f32; model.n_items()],
            touched: Vec::with_capacity(past.len() + live.len()),
            purchased: Vec::new(),
        };
        let mut add = |item: u32, w: f32, at: i64, emphasis: f32| {
            let Some(slot) = h.dense.get_mut(item as usize) else {
                return;
            };
            if w >= event_weight(EventType::OrderCompleted) {
                h.purchased.push(item);
            }
            let age_days = (now - at).max(0) as f32 / DAY as f32;
            let recency = 0.3 + 0.7 * (-age_days / 30.0).exp2();
            if *slot == 0.0 {
                h.touched.push(item);
            }
            *slot = slot.max(w * recency * emphasis);
        };
        for p in past {
            add(p.item, p.weight, p.at, 1.0);
        }
        // Purchases anywhere in the session count; for interest, its latest events do.
        let scored_from = live.len().saturating_sub(LIVE_SCORED);
        for (k, l) in live.iter().enumerate() {
            if k >= scored_from {
                add(l.item, l.weight, l.at, LIVE_EMPHASIS);
            } else if l.weight >= event_weight(EventType::OrderCompleted) {
                add(l.item, l.weight, l.at, 1.0);
            }
        }
        Some(h)
    }

    /// The shopper's scores if they are still current.
    fn memoized(&self, served: &Served, user: &str) -> Option<Arc<Scored>> {
        let version = {
            let live = self.live.lock().unwrap_or_else(|p| p.into_inner());
            live.get(user).map(|u| u.version).unwrap_or(0)
        };
        let memo = self.memo.lock().unwrap_or_else(|p| p.into_inner());
        memo.get(user)
            .filter(|m| {
                m.generation == served.generation
                    && m.version == version
                    && m.at.elapsed() < MEMO_TTL
            })
            .map(|m| m.scored.clone())
    }

    /// The shopper's scores for a few items: from the memo when current, else from the EASE
    /// columns of just these items (a product page after a click need not score the catalog).
    fn scores_for(
        &self,
        served: &Served,
        user: &str,
        items: &[u32],
    ) -> Option<(Vec<f32>, Vec<u32>)> {
        if let Some(s) = self.memoized(served, user) {
            let bought = items
                .iter()
                .copied()
                .filter(|&i| Self::is_purchased(&s, i))
                .collect();
            return Some((
                items.iter().map(|&i| s.scores[i as usize]).collect(),
                bought,
            ));
        }
        let (live, _) = self.live_events(user);
        let h = Self::history_weights(&served.model, user, &live)?;
        let scores = items
            .iter()
            .map(|&j| {
                served.columns.get(j as usize).map_or(0.0, |col| {
                    col.iter().map(|&(i, b)| h.dense[i as usize] * b).sum()
                })
            })
            .collect();
        Some((scores, h.purchased))
    }

    fn compute(&self, model: &Model, user: &str, live: &[Live]) -> Option<Scored> {
        let History {
            dense,
            touched,
            purchased,
        } = Self::history_weights(model, user, live)?;
        let now = crate::clock::now_micros();
        let n = model.n_items();
        let mut scores = vec![0.0f32; n];
        let mut best = vec![0.0f32; n];
        let mut source = vec![u32::MAX; n];
        for &item in &touched {
            let w = dense[item as usize];
            if let Some(row) = model.ease.rows.get(item as usize) {
                for &(j, b) in row {
                    let c = w * b;
                    let j = j as usize;
                    scores[j] += c;
                    if c > best[j] {
                        best[j] = c;
                        source[j] = item;
                    }
                }
            }
        }
        // The session's intent: categories of its recent events.
        let mut counts: HashMap<&str, f32> = HashMap::new();
        let mut total = 0.0;
        for l in live.iter().filter(|l| now - l.at < INTENT_WINDOW) {
            if let Some(p) = self.catalog.products().get(l.item as usize) {
                *counts.entry(p.category.as_str()).or_default() += l.weight;
                total += l.weight;
            }
        }
        let intent: Vec<(String, f32)> = counts
            .into_iter()
            .map(|(c, w)| (c.to_string(), w / total))
            .collect();
        if !intent.is_empty() {
            let top = scores.iter().copied().fold(0.0f32, f32::max).max(1e-3);
            for (category, share) in &intent {
                for &j in self.catalog.in_category(category) {
                    if j < n {
                        scores[j] += INTENT_BOOST * share * top;
                    }
                }
            }
        }
        let mut bought = vec![false; n];
        for i in purchased {
            if let Some(b) = bought.get_mut(i as usize) {
                *b = true;
            }
        }
        let top = scores.iter().copied().fold(0.0f32, f32::max).max(1e-6);
        let sharpness = SOFTMAX_SPREAD / top;
        let denominator = scores
            .iter()
            .zip(&bought)
            .filter(|(_, b)| !**b)
            .map(|(&s, _)| ((s - top) * sharpness).exp())
            .sum::<f32>();
        let ranked = top_n(&scores, RANKED, |i| bought[i as usize]);
        Some(Scored {
            scores,
            source,
            purchased: bought,
            ranked,
            top,
            denominator,
            intent,
            weights: dense,
        })
    }

    fn is_purchased(scored: &Scored, item: u32) -> bool {
        scored
            .purchased
            .get(item as usize)
            .copied()
            .unwrap_or(false)
    }

    fn reason(&self, scored: &Scored, item: usize) -> Reason {
        let source = scored.source.get(item).copied().unwrap_or(u32::MAX);
        let category = self
            .catalog
            .products()
            .get(item)
            .map(|p| p.category.as_str());
        if let Some(c) = category
            && scored
                .intent
                .iter()
                .any(|(ic, share)| ic == c && *share >= 0.5)
        {
            return Reason::CategoryOf("you're browsing", item);
        }
        let source = source as usize;
        if source < self.catalog.len() {
            let w = scored.weights.get(source).copied().unwrap_or(0.0);
            let phrase = if w >= 3.0 {
                "because you bought"
            } else if w >= 2.0 {
                "because you added"
            } else {
                "because you viewed"
            };
            Reason::Product(phrase, source)
        } else if category.is_some() {
            Reason::CategoryOf("popular in", item)
        } else {
            Reason::Text("recommended for you".into())
        }
    }

    fn list(items: Vec<Recommendation>, algorithm: &str, personalized: bool) -> RecList {
        RecList {
            items,
            engine: Engine::Embedded,
            algorithm: algorithm.to_string(),
            personalized,
            recommendation_id: None,
        }
    }

    /// The first `n` of a precomputed order, scored as shares of the total.
    fn first_of(
        &self,
        order: &[u32],
        values: &[f32],
        total: f32,
        n: usize,
        exclude: &dyn Fn(u32) -> bool,
        why: &'static str,
    ) -> Vec<Recommendation> {
        order
            .iter()
            .copied()
            .filter(|&i| !exclude(i))
            .take(n)
            .map(|i| Recommendation {
                item: i as usize,
                score: f64::from(values[i as usize] / total),
                reason: Some(Reason::CategoryOf(why, i as usize)),
            })
            .collect()
    }
}

impl EventObserver for EmbeddedRecommender {
    fn observe(&self, event: &Event) {
        let weight = event_weight(event.event_type);
        if weight <= 0.0 {
            return;
        }
        let mut items: Vec<usize> = Vec::new();
        if let Some(id) = &event.item_id {
            items.extend(self.catalog.index_of(id));
        } else if let Some(lines) = event.properties.get("lines").and_then(|l| l.as_array()) {
            for line in lines {
                if let Some(id) = line.get("productId").and_then(|v| v.as_str()) {
                    items.extend(self.catalog.index_of(id));
                }
            }
        }
        if items.is_empty() {
            return;
        }
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        let user = live.entry(event.user_id.clone()).or_default();
        user.version += 1;
        let queue = &mut user.events;
        for item in items {
            if queue.len() >= LIVE_EVENTS {
                queue.pop_front();
            }
            queue.push_back(Live {
                item: item as u32,
                weight,
                at: event.timestamp,
            });
        }
    }
}

#[async_trait::async_trait]
impl Recommender for EmbeddedRecommender {
    async fn recommend(&self, user: &RecUser<'_>, n: usize, exclude: Exclusions<'_>) -> RecList {
        let served = self.served();
        let Some(scored) = self.scored(&served, user.user_id) else {
            let mut list = self.popular(n + exclude.items.len()).await;
            list.items.retain(|r| !exclude.items.contains(&r.item));
            list.items.truncate(n);
            return list;
        };
        let excluded = |i: u32| exclude.items.contains(&(i as usize));
        let skip = |i: u32| Self::is_purchased(&scored, i) || excluded(i);
        let mut chosen: Vec<u32> = scored
            .ranked
            .iter()
            .copied()
            .filter(|&i| !excluded(i))
            .take(n)
            .collect();
        if chosen.len() < n.min(scored.scores.len()) {
            chosen = top_n(&scored.scores, n, skip);
        }
        // Softmax over every candidate: the shopper's denominator less the excluded items.
        let sharpness = SOFTMAX_SPREAD / scored.top;
        let weight = |i: u32| ((scored.scores[i as usize] - scored.top) * sharpness).exp();
        let removed: f32 = exclude
            .items
            .iter()
            .filter(|&&i| i < scored.scores.len() && !Self::is_purchased(&scored, i as u32))
            .map(|&i| weight(i as u32))
            .sum();
        let sum = (scored.denominator - removed).max(f32::MIN_POSITIVE);
        let items = chosen
            .into_iter()
            .map(|i| Recommendation {
                item: i as usize,
                score: f64::from(weight(i) / sum),
                reason: Some(self.reason(&scored, i as usize)),
            })
            .collect();
        Self::list(items, "ease+session", true)
    }

    async fn related(&self, item: usize, user: Option<&RecUser<'_>>, n: usize) -> RecList {
        let served = self.served();
        let Some(row) = served.model.related.rows.get(item) else {
            return Self::list(Vec::new(), "sims+metadata", false);
        };
        let candidates: Vec<u32> = row.iter().map(|&(j, _)| j).collect();
        let personal = user.and_then(|u| self.scores_for(&served, u.user_id, &candidates));
        let mut ranked: Vec<(u32, f32)> = match &personal {
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
        if let Some((_, bought)) = &personal {
            ranked.retain(|(j, _)| !bought.contains(j));
        }
        ranked.truncate(n);
        let scores: Vec<f32> = ranked.iter().map(|(_, s)| *s * SOFTMAX_SPREAD).collect();
        let probabilities = softmax(&scores, 1.0);
        let items = ranked
            .iter()
            .zip(probabilities)
            .map(|(&(j, _), p)| Recommendation {
                item: j as usize,
                score: f64::from(p),
                reason: Some(Reason::Product("similar to", item)),
            })
            .collect();
        let algorithm = if personal.is_some() {
            "sims+metadata, reranked"
        } else {
            "sims+metadata"
        };
        Self::list(items, algorithm, personal.is_some())
    }

    async fn rank(&self, user: &RecUser<'_>, items: &[usize]) -> RecList {
        let served = self.served();
        let identity = || {
            items
                .iter()
                .map(|&item| Recommendation {
                    item,
                    score: 1.0 / items.len().max(1) as f64,
                    reason: None,
                })
                .collect()
        };
        let Some(scored) = self.scored(&served, user.user_id) else {
            return Self::list(identity(), "identity (no history yet)", false);
        };
        let value = |i: usize| scored.scores.get(i).copied().unwrap_or(0.0);
        let mut order: Vec<(usize, usize)> = items.iter().copied().enumerate().collect();
        // Stable: items the model cannot tell apart keep their natural order.
        order.sort_by(|a, b| value(b.1).total_cmp(&value(a.1)).then(a.0.cmp(&b.0)));
        let top = order
            .first()
            .map(|&(_, i)| value(i))
            .unwrap_or(0.0)
            .max(1e-6);
        let scaled: Vec<f32> = order
            .iter()
            .map(|&(_, i)| value(i) / top * SOFTMAX_SPREAD)
            .collect();
        let probabilities = softmax(&scaled, 1.0);
        let ranked = order
            .iter()
            .zip(probabilities)
            .map(|(&(_, item), p)| Recommendation {
                item,
                score: f64::from(p),
                reason: (value(item) > 0.0).then(|| self.reason(&scored, item)),
            })
            .collect();
        Self::list(ranked, "ease-rank", true)
    }

    async fn popular(&self, n: usize) -> RecList {
        let served = self.served();
        let items = self.first_of(
            &served.popular,
            &served.model.popularity,
            served.popular_total,
            n,
            &|_| false,
            "popular in",
        );
        Self::list(items, "popularity", false)
    }

    /// Items whose interactions grew fastest over the last week.
    async fn trending(&self, n: usize) -> RecList {
        let served = self.served();
        let items = self.first_of(
            &served.trending,
            &served.model.trending,
            served.trending_total,
            n,
            &|_| false,
            "trending in",
        );
        Self::list(items, "trending", false)
    }
}
