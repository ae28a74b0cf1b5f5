//! The engine at serving time: the trained model plus each shopper's live events, so that a click
//! changes the very next page.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, RwLock};

use super::model::{Model, Past};
use super::topk::{softmax, top_n};
use super::train::event_weight;
use crate::catalog::Catalog;
use crate::domain::Category;
use crate::events::{Event, EventObserver, EventType};
use crate::recs::{Exclusions, RecList, RecUser, Recommendation, Recommender};

const DAY: f64 = 86_400_000_000.0;
/// Live events kept per shopper (older ones are in the next model anyway).
const LIVE_EVENTS: usize = 200;
/// A session's recent views steer the shelf for this long.
const INTENT_WINDOW: i64 = 2 * 3_600_000_000;
/// How strongly the categories of the current session lift their items, relative to the best
/// score: strong enough that three views of a category fill most of the next shelf with it.
const INTENT_BOOST: f32 = 0.9;
/// Live events count more than old history: they are what the shopper wants now.
const LIVE_EMPHASIS: f32 = 2.0;
/// Softmax sharpness: scores are scaled so that the best is this many "temperatures".
const SOFTMAX_SPREAD: f32 = 6.0;
/// Known shoppers' similar items: share of the item-to-item score in the re-ranking.
const RELATED_SHARE: f32 = 0.7;

#[derive(Debug, Clone, Copy)]
struct Live {
    item: u32,
    weight: f32,
    at: i64,
}

pub struct EmbeddedRecommender {
    catalog: Arc<Catalog>,
    model: RwLock<Arc<Model>>,
    live: Mutex<HashMap<String, VecDeque<Live>>>,
}

/// A shopper's scores over the catalog and what explains them.
struct Scored {
    scores: Vec<f32>,
    /// The history item that contributed most to each item's score (u32::MAX: none).
    source: Vec<u32>,
    purchased: HashSet<u32>,
    /// Category shares of the current session's events.
    intent: Vec<(String, f32)>,
    weights: HashMap<u32, f32>,
}

impl EmbeddedRecommender {
    pub fn new(catalog: Arc<Catalog>, model: Model) -> Self {
        Self {
            catalog,
            model: RwLock::new(Arc::new(model)),
            live: Mutex::new(HashMap::new()),
        }
    }

    pub fn model(&self) -> Arc<Model> {
        self.model.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Swaps in a newly trained model without a pause; live events it now contains are dropped
    /// from the live state.
    pub fn replace_model(&self, model: Model) {
        let through = model.through;
        *self.model.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(model);
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        live.retain(|_, events| {
            events.retain(|e| e.at > through);
            !events.is_empty()
        });
    }

    fn live_events(&self, user: &str) -> Vec<Live> {
        let live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        live.get(user)
            .map(|d| d.iter().copied().collect())
            .unwrap_or_default()
    }

    fn scored(&self, model: &Model, user: &str) -> Option<Scored> {
        let past: &[Past] = model.histories.get(user).map(Vec::as_slice).unwrap_or(&[]);
        let live = self.live_events(user);
        if past.is_empty() && live.is_empty() {
            return None;
        }
        let now = crate::db::now_micros();
        let mut weights: HashMap<u32, f32> = HashMap::new();
        let mut purchased = HashSet::new();
        let mut add = |item: u32, w: f32, at: i64, emphasis: f32| {
            if w >= event_weight(EventType::OrderCompleted) {
                purchased.insert(item);
            }
            let age = (now - at).max(0) as f64 / DAY;
            let recency = 0.3 + 0.7 * 0.5f64.powf(age / 30.0) as f32;
            let slot = weights.entry(item).or_insert(0.0);
            *slot = slot.max(w * recency * emphasis);
        };
        for p in past {
            add(p.item, p.weight, p.at, 1.0);
        }
        for l in &live {
            add(l.item, l.weight, l.at, LIVE_EMPHASIS);
        }
        let n = model.n_items();
        let mut scores = vec![0.0f32; n];
        let mut best = vec![0.0f32; n];
        let mut source = vec![u32::MAX; n];
        for (&item, &w) in &weights {
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
        Some(Scored {
            scores,
            source,
            purchased,
            intent,
            weights,
        })
    }

    fn reason(&self, scored: &Scored, item: usize) -> String {
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
            return format!("you're browsing {}", Category::display_name(c));
        }
        match self.catalog.products().get(source as usize) {
            Some(p) => {
                let w = scored.weights.get(&source).copied().unwrap_or(0.0);
                let verb = if w >= 3.0 {
                    "bought"
                } else if w >= 2.0 {
                    "added"
                } else {
                    "viewed"
                };
                format!("because you {verb} {}", p.name)
            }
            None => match category {
                Some(c) => format!("popular in {}", Category::display_name(c)),
                None => "recommended for you".into(),
            },
        }
    }

    fn list(items: Vec<Recommendation>, algorithm: &str, personalized: bool) -> RecList {
        RecList {
            items,
            engine: "embedded",
            algorithm: algorithm.to_string(),
            personalized,
            recommendation_id: None,
        }
    }

    fn by_score(
        &self,
        values: &[f32],
        n: usize,
        exclude: &dyn Fn(u32) -> bool,
        why: &str,
    ) -> Vec<Recommendation> {
        let total: f32 = values.iter().sum::<f32>().max(f32::MIN_POSITIVE);
        top_n(values, n, exclude)
            .into_iter()
            .map(|i| {
                let category = &self.catalog.at(i as usize).category;
                Recommendation {
                    item: i as usize,
                    score: f64::from(values[i as usize] / total),
                    reason: Some(format!("{why} {}", Category::display_name(category))),
                }
            })
            .collect()
    }

    /// Items whose interactions grew fastest over the last week.
    pub fn trending(&self, n: usize) -> RecList {
        let model = self.model();
        let items = self.by_score(
            &model.trending,
            n,
            &|i| model.trending[i as usize] <= 0.0,
            "trending in",
        );
        Self::list(items, "trending", false)
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
        let queue = live.entry(event.user_id.clone()).or_default();
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
        let model = self.model();
        let Some(scored) = self.scored(&model, user.user_id) else {
            let mut list = self.popular(n + exclude.items.len()).await;
            list.items.retain(|r| !exclude.items.contains(&r.item));
            list.items.truncate(n);
            return list;
        };
        let skip = |i: u32| scored.purchased.contains(&i) || exclude.items.contains(&(i as usize));
        let top = scored
            .scores
            .iter()
            .copied()
            .fold(0.0f32, f32::max)
            .max(1e-6);
        let candidates: Vec<u32> = (0..scored.scores.len() as u32)
            .filter(|&i| !skip(i))
            .collect();
        let scaled: Vec<f32> = candidates
            .iter()
            .map(|&i| scored.scores[i as usize] / top * SOFTMAX_SPREAD)
            .collect();
        let probabilities = softmax(&scaled, 1.0);
        let mut by_item = vec![0.0f32; scored.scores.len()];
        for (&i, &p) in candidates.iter().zip(&probabilities) {
            by_item[i as usize] = p;
        }
        let items = top_n(&scored.scores, n, skip)
            .into_iter()
            .map(|i| Recommendation {
                item: i as usize,
                score: f64::from(by_item[i as usize]),
                reason: Some(self.reason(&scored, i as usize)),
            })
            .collect();
        Self::list(items, "ease+session", true)
    }

    async fn related(&self, item: usize, user: Option<&RecUser<'_>>, n: usize) -> RecList {
        let model = self.model();
        let Some(row) = model.related.rows.get(item) else {
            return Self::list(Vec::new(), "sims+metadata", false);
        };
        let name = self.catalog.at(item).name.as_str();
        let scored = user.and_then(|u| self.scored(&model, u.user_id));
        let mut ranked: Vec<(u32, f32)> = match &scored {
            Some(s) => {
                let top = row
                    .iter()
                    .map(|&(j, _)| s.scores[j as usize])
                    .fold(0.0f32, f32::max)
                    .max(1e-6);
                row.iter()
                    .map(|&(j, r)| {
                        (
                            j,
                            RELATED_SHARE * r + (1.0 - RELATED_SHARE) * s.scores[j as usize] / top,
                        )
                    })
                    .collect()
            }
            None => row.clone(),
        };
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.retain(|(j, _)| !scored.as_ref().is_some_and(|s| s.purchased.contains(j)));
        ranked.truncate(n);
        let scores: Vec<f32> = ranked.iter().map(|(_, s)| *s * SOFTMAX_SPREAD).collect();
        let probabilities = softmax(&scores, 1.0);
        let items = ranked
            .iter()
            .zip(probabilities)
            .map(|(&(j, _), p)| Recommendation {
                item: j as usize,
                score: f64::from(p),
                reason: Some(format!("similar to {name}")),
            })
            .collect();
        let algorithm = if scored.is_some() {
            "sims+metadata, reranked"
        } else {
            "sims+metadata"
        };
        Self::list(items, algorithm, scored.is_some())
    }

    async fn rank(&self, user: &RecUser<'_>, items: &[usize]) -> RecList {
        let model = self.model();
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
        let Some(scored) = self.scored(&model, user.user_id) else {
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
        let model = self.model();
        let items = self.by_score(&model.popularity, n, &|_| false, "popular in");
        Self::list(items, "popularity", false)
    }
}
