//! Training: from the recorded interactions to a `Model`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use item_scoring::{EaseParams, Interactions, NeighbourhoodParams, SparseGram};

use super::model::{Model, Past};
use super::similar::similar_items;
use crate::catalog::Catalog;
use crate::clock::Timestamp;
use crate::config::{DENSE_EASE_LIMIT, EngineSettings, ItemModelKind};
use crate::db::{InteractionSink, StoredInteraction};
use crate::domain::UserId;
use crate::events::EventType;

#[derive(Debug, Clone)]
pub struct TrainParams {
    /// Dense EASE: `EaseParams::TUNED` with `engine.lambda`; its `keep` serves both models.
    pub ease: EaseParams,
    /// Neighbourhood EASE's λ (plain co-occurrence counts).
    pub neighbourhood_lambda: f64,
    pub item_model: ItemModelKind,
    pub neighbours: usize,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams::from_settings(&EngineSettings::default())
    }
}

impl TrainParams {
    /// The training the engine's settings ask for.
    pub fn from_settings(engine: &EngineSettings) -> Self {
        Self {
            ease: dense_ease(engine.lambda),
            neighbourhood_lambda: engine.neighbourhood_lambda,
            item_model: engine.item_model,
            neighbours: engine.neighbours,
        }
    }

    /// These settings as they apply to a catalog of `n_items`: the model kind resolved (`auto`
    /// becomes what it picks) and the neighbours only where they count. A saved model whose
    /// signature differs was trained otherwise, and is retrained.
    pub fn signature(&self, n_items: usize) -> String {
        if self.dense_for(n_items) {
            format!("Dense {:?}", self.ease)
        } else {
            format!(
                "Neighbourhood {{ lambda: {:?}, neighbours: {}, keep: {} }}",
                self.neighbourhood_lambda, self.neighbours, self.ease.keep
            )
        }
    }

    /// Whether a catalog of `n_items` gets dense EASE.
    pub fn dense_for(&self, n_items: usize) -> bool {
        match self.item_model {
            ItemModelKind::Auto => n_items <= DENSE_EASE_LIMIT,
            ItemModelKind::Dense => true,
            ItemModelKind::Neighbourhood => false,
        }
    }
}

/// Dense EASE as the engine trains it: `EaseParams::TUNED` with `lambda` (the engine's setting;
/// `storefront eval` measures the same).
pub fn dense_ease(lambda: f64) -> EaseParams {
    let mut ease = EaseParams::TUNED;
    ease.regularization.lambda = lambda;
    ease.keep = super::DEFAULT_KEEP;
    ease
}

/// Co-occurrences kept per item for neighbourhood EASE's solves and for similar items, as a
/// multiple of the neighbours (the solves read pairs of neighbours from these rows).
const GRAM_KEEP_PER_NEIGHBOUR: usize = 4;

/// How much an interaction says about a shopper's interest.
pub fn event_weight(t: EventType) -> f32 {
    match t {
        EventType::ProductViewed => 1.0,
        EventType::ProductAdded | EventType::ProductQuantityUpdated => 2.0,
        EventType::OrderCompleted => 3.0,
        _ => 0.0,
    }
}

use crate::clock::DAY;
/// Popularity halves every this many days.
const POPULARITY_HALF_LIFE_DAYS: f64 = 30.0;
/// Interactions a shopper needs for the model to keep their history past a day.
const MIN_KEPT_HISTORY: usize = 3;
/// Trending compares the last week with the week before.
const TRENDING_WINDOW: i64 = 7 * DAY;

/// The interactions training learns from, gathered per shopper as the store streams them
/// ([`crate::db::Store::read_interactions`]): an item index, a weight and a time each, so
/// training never holds the store's rows (ids as strings) of every interaction at once.
pub struct TrainingSet {
    catalog: Arc<Catalog>,
    histories: HashMap<UserId, Vec<Past>>,
    used: u64,
    /// The newest time (UTC µs) of the interactions it kept (of an item in the catalog, with a
    /// weight): what the model has learned through.
    through: i64,
}

impl TrainingSet {
    pub fn new(catalog: Arc<Catalog>) -> Self {
        Self {
            catalog,
            histories: HashMap::new(),
            used: 0,
            through: 0,
        }
    }

    /// Gathers the interactions of a slice (tests, benches: what the store would stream).
    pub fn of(catalog: Arc<Catalog>, interactions: &[StoredInteraction]) -> Self {
        let mut set = Self::new(catalog);
        for row in interactions {
            set.stored(row);
        }
        set
    }
}

impl InteractionSink for TrainingSet {
    fn interaction(&mut self, user_id: &str, item_id: &str, event_type: EventType, at: Timestamp) {
        let weight = event_weight(event_type);
        let Some(item) = self.catalog.index_of(item_id) else {
            return;
        };
        if weight <= 0.0 {
            return;
        }
        self.used += 1;
        let at = at.as_micros();
        self.through = self.through.max(at);
        let past = Past {
            item: item as u32,
            weight,
            at,
        };
        // Looked up by the borrowed id first: a shopper's id is copied once, not per event.
        match self.histories.get_mut(user_id) {
            Some(history) => history.push(past),
            None => {
                self.histories.insert(UserId::from(user_id), vec![past]);
            }
        }
    }
}

/// Trains on `interactions` (see [`train_set`]).
pub fn train(
    catalog: &Arc<Catalog>,
    catalog_fingerprint: &str,
    interactions: &[StoredInteraction],
    params: &TrainParams,
) -> Model {
    let set = TrainingSet::of(catalog.clone(), interactions);
    train_set(catalog_fingerprint, set, params)
}

/// Trains a model of the set's catalog on its interactions.
pub fn train_set(catalog_fingerprint: &str, set: TrainingSet, params: &TrainParams) -> Model {
    let started = Instant::now();
    let TrainingSet {
        catalog,
        mut histories,
        used,
        through,
    } = set;
    // Oldest first, as the model keeps them: the store reads events in the order they were
    // stored, and a seeded history stores each shopper's sessions in the order it drew them.
    // Stable, so events of one moment keep the order they were stored in.
    for past in histories.values_mut() {
        past.sort_by_key(|p| p.at);
    }
    let n = catalog.len();
    let mut popularity = vec![0.0f32; n];
    let (mut recent, mut previous) = (vec![0.0f32; n], vec![0.0f32; n]);
    // Shoppers in id order, so the floating-point sums come out the same on every run.
    let mut shoppers: Vec<&UserId> = histories.keys().collect();
    shoppers.sort_unstable();
    for past in shoppers.iter().flat_map(|user| &histories[*user]) {
        let item = past.item as usize;
        // Raw microseconds: this runs once per interaction.
        let age = through - past.at;
        let age_days = age as f64 / DAY as f64;
        popularity[item] += (0.5f64.powf(age_days / POPULARITY_HALF_LIFE_DAYS)) as f32;
        if age < TRENDING_WINDOW {
            recent[item] += 1.0;
        } else if age < 2 * TRENDING_WINDOW {
            previous[item] += 1.0;
        }
    }
    // Rate of increase, smoothed so that 1 → 3 views is not "trending" over 40 → 60.
    let trending = recent
        .iter()
        .zip(&previous)
        .map(|(&r, &p)| if r >= 3.0 { (r - p) / (p + 5.0) } else { 0.0 })
        .collect();
    let dense = params.dense_for(n);
    let gram = {
        let interactions = Interactions::new(
            n,
            histories
                .values()
                .map(|past| past.iter().map(|p| p.item).collect()),
        );
        let keep = if dense {
            usize::MAX
        } else {
            params.neighbours.saturating_mul(GRAM_KEEP_PER_NEIGHBOUR)
        };
        SparseGram::build(&interactions, keep)
    };
    // Dense EASE's weighted Gram reads each shopper's items in time order; shoppers in id order,
    // so the floating-point sums (and the model) come out the same on every run.
    let ordered: Vec<Vec<u32>> = if dense {
        shoppers
            .iter()
            .map(|user| histories[*user].iter().map(|p| p.item).collect())
            .collect()
    } else {
        Vec::new()
    };
    drop(shoppers);
    // Every shopper teaches the item-item weights above; the model keeps the histories only of
    // shoppers who come back or are still around, so drive-by visitors (one or two events,
    // long gone) do not stay in every model for good.
    let recently = through - DAY;
    histories.retain(|_, past| {
        let kept = past.len() >= MIN_KEPT_HISTORY || past.last().is_some_and(|p| p.at > recently);
        if kept {
            // Gathered by pushes: up to half of it would be spare room, kept for good.
            past.shrink_to_fit();
        }
        kept
    });
    histories.shrink_to_fit();
    let similar = similar_items(&catalog, &gram);
    let (ease, lambda) = if dense {
        // The counts served similar items; the dense fit builds its own weighted Gram (n²).
        drop(gram);
        let weights =
            item_scoring::fit_histories(n, ordered.iter().map(Vec::as_slice), &params.ease);
        (weights, params.ease.regularization.lambda)
    } else {
        let neighbourhoods = NeighbourhoodParams {
            lambda: params.neighbourhood_lambda,
            neighbours: params.neighbours,
            keep: params.ease.keep,
        };
        let weights = item_scoring::fit_neighbourhoods(&gram, &neighbourhoods);
        (weights, params.neighbourhood_lambda)
    };
    drop(ordered);
    Model {
        catalog_fingerprint: catalog_fingerprint.to_string(),
        item_ids: catalog.products().iter().map(|p| p.id.0.clone()).collect(),
        through,
        trained_at: crate::clock::now_micros(),
        interactions: used,
        train_seconds: started.elapsed().as_secs_f64(),
        lambda,
        trained_with: params.signature(n),
        ease,
        related: similar.related,
        new_like: similar.new_like,
        popularity,
        trending,
        histories,
    }
}
