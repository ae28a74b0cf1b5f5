//! The baseline recommender: popularity from the recorded history, same-category related items,
//! and ranking that keeps the given order. The embedded engine replaces it; it stays as the
//! yardstick and the fallback.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::{Engine, Exclusions, Reason, RecList, RecUser, Recommendation, Recommender};
use crate::catalog::Catalog;
use crate::domain::UserId;
use crate::events::{Event, EventObserver};

pub struct BaselineRecommender {
    catalog: Arc<Catalog>,
    state: RwLock<State>,
    /// The whole catalog by popularity, re-sorted at most once a second: sorting every item on
    /// every page view would cost more than the rest of the page.
    ranking: RwLock<(std::time::Instant, Arc<Vec<usize>>)>,
}

const RANKING_TTL: std::time::Duration = std::time::Duration::from_secs(1);

#[derive(Default)]
struct State {
    /// Interactions per catalog position.
    popularity: Vec<u64>,
    /// Per shopper: interactions per category.
    interests: HashMap<UserId, HashMap<String, u64>>,
}

impl BaselineRecommender {
    /// `history`: (user, item id) of every recorded item event, oldest first.
    pub fn new(catalog: Arc<Catalog>, history: &[(UserId, String)]) -> Self {
        let mut state = State {
            popularity: vec![0; catalog.len()],
            interests: HashMap::new(),
        };
        for (user, item) in history {
            state.record(&catalog, user, item);
        }
        let recommender = Self {
            catalog,
            state: RwLock::new(state),
            ranking: RwLock::new((std::time::Instant::now(), Arc::new(Vec::new()))),
        };
        recommender.refresh_ranking();
        recommender
    }

    fn refresh_ranking(&self) -> Arc<Vec<usize>> {
        let ranked = {
            let state = self.read();
            Arc::new(self.by_popularity(&state, 0..self.catalog.len()))
        };
        let mut slot = self
            .ranking
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *slot = (std::time::Instant::now(), ranked.clone());
        ranked
    }

    /// Every catalog position, most popular first.
    fn ranking(&self) -> Arc<Vec<usize>> {
        {
            let slot = self
                .ranking
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if slot.0.elapsed() < RANKING_TTL {
                return slot.1.clone();
            }
        }
        self.refresh_ranking()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Catalog positions by popularity, most popular first; featured items break ties, then
    /// catalog order.
    fn by_popularity(&self, state: &State, candidates: impl Iterator<Item = usize>) -> Vec<usize> {
        let mut items: Vec<usize> = candidates.collect();
        items.sort_by_key(|&i| {
            (
                std::cmp::Reverse(state.popularity.get(i).copied().unwrap_or(0)),
                !self.catalog.at(i).featured,
                i,
            )
        });
        items
    }
}

impl State {
    fn record(&mut self, catalog: &Catalog, user: &UserId, item: &str) {
        let Some(i) = catalog.index_of(item) else {
            return;
        };
        if let Some(count) = self.popularity.get_mut(i) {
            *count += 1;
        }
        *self
            .interests
            .entry(user.clone())
            .or_default()
            .entry(catalog.at(i).category.clone())
            .or_default() += 1;
    }
}

impl EventObserver for BaselineRecommender {
    fn observe(&self, event: &Event) {
        if let Some(item) = &event.item_id {
            let mut state = self
                .state
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            state.record(&self.catalog, &event.user_id, item);
        }
    }
}

#[async_trait::async_trait]
impl Recommender for BaselineRecommender {
    async fn recommend(&self, user: &RecUser<'_>, n: usize, exclude: Exclusions<'_>) -> RecList {
        let state = self.read();
        // Category weights from the shopper's own events, then their persona.
        let mut weights: HashMap<&str, f64> = HashMap::new();
        if let Some(interests) = state.interests.get(user.user_id) {
            let total: u64 = interests.values().sum();
            for (category, count) in interests {
                *weights.entry(category.as_str()).or_default() += *count as f64 / total as f64;
            }
        }
        if let Some(persona) = user.persona {
            for (category, w) in persona.weighted_categories() {
                *weights.entry(category).or_default() += w;
            }
        }
        let allowed = |i: &usize| !exclude.items.contains(i);
        if weights.is_empty() {
            drop(state);
            let items = self
                .ranking()
                .iter()
                .copied()
                .filter(allowed)
                .take(n)
                .map(|item| Recommendation {
                    item,
                    score: 0.0,
                    reason: Some(Reason::Text("popular in the shop".into())),
                })
                .collect();
            return RecList::new(Engine::Baseline, items, "popularity", false);
        }
        // Fill the shelf from each category in proportion to its weight.
        let mut ranked: Vec<(&str, f64)> = weights.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        let total: f64 = ranked.iter().map(|(_, w)| w).sum();
        let mut items = Vec::with_capacity(n);
        for (category, w) in &ranked {
            let quota = ((w / total) * n as f64).round().max(1.0) as usize;
            let pool = self.by_popularity(
                &state,
                self.catalog
                    .in_category(category)
                    .iter()
                    .copied()
                    .filter(allowed),
            );
            for item in pool.into_iter().take(quota) {
                if items.len() < n {
                    items.push(Recommendation {
                        item,
                        score: w / total,
                        reason: Some(Reason::CategoryOf("you like", item)),
                    });
                }
            }
        }
        if items.len() < n {
            let chosen: Vec<usize> = items.iter().map(|r| r.item).collect();
            let rest = self.by_popularity(
                &state,
                (0..self.catalog.len()).filter(|i| allowed(i) && !chosen.contains(i)),
            );
            items.extend(
                rest.into_iter()
                    .take(n - items.len())
                    .map(|item| Recommendation {
                        item,
                        score: 0.0,
                        reason: Some(Reason::Text("popular in the shop".into())),
                    }),
            );
        }
        RecList::new(Engine::Baseline, items, "category-popularity", true)
    }

    async fn related(&self, item: usize, _user: Option<&RecUser<'_>>, n: usize) -> RecList {
        let state = self.read();
        let Some(product) = self.catalog.products().get(item) else {
            return RecList::new(Engine::Baseline, Vec::new(), "same-category", false);
        };
        let same_category = self
            .catalog
            .in_category(&product.category)
            .iter()
            .copied()
            .filter(|&i| i != item);
        let mut pool = self.by_popularity(&state, same_category);
        // Same style first: the closest thing to "similar" without a model.
        pool.sort_by_key(|&i| self.catalog.at(i).style != product.style);
        let items = pool
            .into_iter()
            .take(n)
            .map(|i| Recommendation {
                item: i,
                score: 0.0,
                reason: Some(Reason::CategoryOf("also in", item)),
            })
            .collect();
        RecList::new(Engine::Baseline, items, "same-category", false)
    }

    async fn rank(&self, _user: &RecUser<'_>, items: &[usize]) -> RecList {
        RecList::listed(items, Engine::Baseline, "identity")
    }

    async fn popular(&self, n: usize) -> RecList {
        let ranking = self.ranking();
        let state = self.read();
        let items = ranking
            .iter()
            .copied()
            .take(n)
            .map(|item| Recommendation {
                item,
                score: state.popularity.get(item).copied().unwrap_or(0) as f64,
                reason: Some(Reason::Text("popular in the shop".into())),
            })
            .collect();
        RecList::new(Engine::Baseline, items, "popularity", false)
    }
}
