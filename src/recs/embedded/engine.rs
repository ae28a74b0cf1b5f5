//! The engine at serving time: the served model, each shopper's live events and the memo of
//! their scores, put together behind the `Recommender` seam. The work is in `served.rs`,
//! `live.rs`, `memo.rs` and `scoring.rs`; this file only routes each question to them.

use std::sync::{Arc, RwLock};

use super::live::LiveState;
use super::memo::{ScoreMemo, ScoredFrom};
use super::model::Model;
use super::scoring::{self, Scored};
use super::served::Served;
use crate::catalog::Catalog;
use crate::domain::UserId;
use crate::events::{Event, EventObserver};
use crate::recs::{
    Engine, Exclusions, Listing, RecList, RecUser, Recommendation, Recommender, Window,
};

pub struct EmbeddedRecommender {
    catalog: Arc<Catalog>,
    served: RwLock<Arc<Served>>,
    live: LiveState,
    memo: ScoreMemo,
    /// The share of a personalised shelf given to new items (`engine.exploration`).
    exploration: f64,
}

impl EmbeddedRecommender {
    pub fn new(catalog: Arc<Catalog>, model: Model) -> Self {
        let served = Served::new(model, &catalog, 0);
        Self {
            catalog,
            served: RwLock::new(Arc::new(served)),
            live: LiveState::default(),
            memo: ScoreMemo::default(),
            exploration: 0.0,
        }
    }

    /// Gives `share` of each personalised shelf to new items that resemble the shopper's
    /// history (see `exploration_places`: 0.1 of 12 is one card).
    pub fn with_exploration(mut self, share: f64) -> Self {
        self.exploration = share.clamp(0.0, 1.0);
        self
    }

    fn served(&self) -> Arc<Served> {
        self.served
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    pub fn model(&self) -> Arc<Model> {
        self.served().model.clone()
    }

    /// Swaps in a newly trained model without a pause: it is prepared for serving (transposed,
    /// its popularity orders sorted: seconds at a million items) before the lock is taken, and
    /// the lock is held only for the swap. Live events the model now contains are dropped from
    /// the live state.
    pub fn replace_model(&self, model: Model) {
        let through = model.through;
        // Models are swapped in one at a time (one retraining task), so the generation read
        // here is still current at the swap.
        let generation = self.served().generation + 1;
        let prepared = Arc::new(Served::new(model, &self.catalog, generation));
        let replaced = {
            let mut served = self
                .served
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            std::mem::replace(&mut *served, prepared)
        };
        // The old model is freed here, outside the lock (requests may still hold it).
        drop(replaced);
        self.live.forget_through(through);
    }

    /// The shopper's scores if nothing changed since they were computed.
    fn memoized(&self, served: &Served, user: &UserId) -> Option<Arc<Scored>> {
        let from = ScoredFrom {
            generation: served.generation,
            version: self.live.version(user),
        };
        self.memo.get(user, from)
    }

    /// The shopper's scores, from the memo when nothing changed since they were computed.
    fn scored(&self, served: &Served, user: &UserId) -> Option<Arc<Scored>> {
        if let Some(current) = self.memoized(served, user) {
            return Some(current);
        }
        let (live, version) = self.live.events(user);
        let scored = Arc::new(Scored::compute(served, &self.catalog, user, &live)?);
        let from = ScoredFrom {
            generation: served.generation,
            version,
        };
        self.memo.put(user, from, scored.clone());
        Some(scored)
    }

    /// The shopper's scores for a few items and which of them they bought: from the memo when
    /// current, else from just these items' columns.
    fn scores_for(
        &self,
        served: &Served,
        user: &UserId,
        items: &[u32],
    ) -> Option<(Vec<f32>, Vec<u32>)> {
        if let Some(scored) = self.memoized(served, user) {
            return Some(scored.scores_of(served, items));
        }
        let (live, _) = self.live.events(user);
        scoring::scores_of_few(served, user, &live, items)
    }
}

/// Where a list of `n` puts new items to explore them: one place every 1/`share` cards, the
/// first halfway into that stride (0.1: the 6th card, then the 16th; 0.25: the 3rd, 7th and 11th), so that a shelf shows
/// its share however much longer than the shelf the list is asked (spares for sold-out items).
fn exploration_places(n: usize, share: f64) -> Vec<usize> {
    if share <= 0.0 {
        return Vec::new();
    }
    let stride = (1.0 / share).round().max(1.0) as usize;
    (stride / 2..n).step_by(stride).collect()
}

impl EventObserver for EmbeddedRecommender {
    fn observe(&self, event: &Event) {
        self.live.observe(&self.catalog, event);
    }
}

#[async_trait::async_trait]
impl Recommender for EmbeddedRecommender {
    fn model_trained_at(&self) -> Option<i64> {
        Some(self.served().model.trained_at)
    }

    fn memory(&self) -> Vec<crate::recs::MemoryUse> {
        vec![
            crate::recs::MemoryUse {
                part: "live_state",
                shoppers: self.live.len(),
                bytes: self.live.bytes(),
            },
            crate::recs::MemoryUse {
                part: "score_memo",
                shoppers: self.memo.len(),
                bytes: self.memo.bytes(),
            },
        ]
    }

    async fn recommend(&self, user: &RecUser<'_>, n: usize, exclude: Exclusions<'_>) -> RecList {
        let served = self.served();
        let Some(scored) = self.scored(&served, user.user_id) else {
            let mut list = self.popular(n + exclude.items.len()).await;
            list.items.retain(|r| !exclude.items.contains(&r.item));
            list.items.truncate(n);
            return list;
        };
        let items = scored.recommend(
            &served,
            &self.catalog,
            n,
            exclude.items,
            user.persona,
            &exploration_places(n, self.exploration),
        );
        RecList::new(Engine::Embedded, items, "ease+session", true)
    }

    async fn related(&self, item: usize, user: Option<&RecUser<'_>>, n: usize) -> RecList {
        let served = self.served();
        let Some(row) = served.model.related.rows.get(item) else {
            return RecList::new(Engine::Embedded, Vec::new(), "sims+metadata", false);
        };
        let candidates: Vec<u32> = row.iter().map(|&(j, _)| j).collect();
        let personal = user.and_then(|u| self.scores_for(&served, u.user_id, &candidates));
        let items = scoring::related(&served.model, item, personal.as_ref(), n).unwrap_or_default();
        let algorithm = if personal.is_some() {
            "sims+metadata, reranked"
        } else {
            "sims+metadata"
        };
        RecList::new(Engine::Embedded, items, algorithm, personal.is_some())
    }

    async fn rank(&self, user: &RecUser<'_>, items: &[usize]) -> RecList {
        let served = self.served();
        let Some(scored) = self.scored(&served, user.user_id) else {
            return unranked(items, items.len());
        };
        RecList::new(
            Engine::Embedded,
            scored.rank(&served, &self.catalog, items),
            "ease-rank",
            true,
        )
    }

    /// One window of `rank`'s answer: for a list in catalog order, work that grows with the
    /// shopper's history and the window, not with the list (`Scored::rank_window`).
    async fn rank_window(&self, user: &RecUser<'_>, items: Listing<'_>, window: Window) -> RecList {
        let served = self.served();
        let Some(scored) = self.scored(&served, user.user_id) else {
            let mut list = unranked(&items.items()[window.range(items.len())], items.len());
            list.reordered = Some(false);
            return list;
        };
        match scored.rank_window(&served, &self.catalog, items, window) {
            Some((ranked, reordered)) => RecList {
                reordered: Some(reordered),
                ..RecList::new(Engine::Embedded, ranked, "ease-rank", true)
            },
            None => RecList::new(
                Engine::Embedded,
                scored.rank(&served, &self.catalog, items.items()),
                "ease-rank",
                true,
            )
            .window_of(items.items(), window),
        }
    }

    /// The accepted items in the order of the shopper's ranking, walked without building a
    /// shelf (no balance, no reasons): the first few promoted products come a few dozen items
    /// down it. A shopper without history gets the default (popular items).
    async fn best_where(
        &self,
        user: &RecUser<'_>,
        n: usize,
        longer: usize,
        exclude: Exclusions<'_>,
        take: &(dyn Fn(usize) -> bool + Sync),
    ) -> Vec<usize> {
        let served = self.served();
        let Some(scored) = self.scored(&served, user.user_id) else {
            return crate::recs::best_of_longer_answer(self, user, n, longer, exclude, take).await;
        };
        let catalog_len = self.catalog.len();
        scored.best_where(&served, n, |item| {
            let item = item as usize;
            item < catalog_len && !exclude.items.contains(&item) && take(item)
        })
    }

    async fn popular(&self, n: usize) -> RecList {
        RecList::new(
            Engine::Embedded,
            self.served().popular(n),
            "popularity",
            false,
        )
    }

    /// Items whose interactions grew fastest over the last week.
    async fn trending(&self, n: usize) -> RecList {
        RecList::new(
            Engine::Embedded,
            self.served().trending(n),
            "trending",
            false,
        )
    }
}

/// `items` as they come, for a shopper without history: each an even share of a list of `of`.
fn unranked(items: &[usize], of: usize) -> RecList {
    let identity = items
        .iter()
        .map(|&item| Recommendation {
            item,
            score: 1.0 / of.max(1) as f64,
            reason: None,
        })
        .collect();
    RecList::new(
        Engine::Embedded,
        identity,
        "identity (no history yet)",
        false,
    )
}

#[cfg(test)]
mod tests {
    use super::exploration_places;

    #[test]
    fn exploration_takes_its_share_of_any_list() {
        assert_eq!(exploration_places(12, 0.1), [5]);
        assert_eq!(exploration_places(20, 0.1), [5, 15]);
        assert_eq!(exploration_places(4, 0.1), [] as [usize; 0]);
        assert_eq!(exploration_places(12, 0.25), [2, 6, 10]);
        assert_eq!(exploration_places(3, 1.0), [0, 1, 2]);
        assert!(exploration_places(12, 0.0).is_empty());
    }
}
