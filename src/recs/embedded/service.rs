//! The engine's life: load the newest model for the catalog or train one, retrain in the
//! background and swap the result in without a pause.

use std::sync::Arc;
use std::time::Duration;

use super::train::{TrainingSet, train_set};
use super::{EmbeddedRecommender, Model, TrainParams};
use crate::catalog::Catalog;
use crate::db::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("training failed: {0}")]
    Training(String),
}

/// What a training run did, for logs and `storefront train`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TrainingReport {
    pub interactions: u64,
    pub users: usize,
    pub items: usize,
    pub train_seconds: f64,
    /// `dense` or `neighbourhood` (see `engine.item_model`).
    pub item_model: &'static str,
    pub model_bytes: usize,
    pub ease_weights: usize,
}

/// Trains on everything recorded so far and saves the model.
pub async fn train_and_save(
    store: &Store,
    catalog: Arc<Catalog>,
    fingerprint: &str,
    params: &TrainParams,
) -> Result<(Model, TrainingReport), EngineError> {
    let dense = params.dense_for(catalog.len());
    let set = store.read_interactions(TrainingSet::new(catalog)).await?;
    let fp = fingerprint.to_string();
    let params = params.clone();
    // Training and encoding take seconds to minutes on a large catalog: off the async threads.
    let (model, bytes) = tokio::task::spawn_blocking(move || {
        let model = train_set(&fp, set, &params);
        let bytes = model.encode();
        (model, bytes)
    })
    .await
    .map_err(|e| EngineError::Training(e.to_string()))?;
    store
        .save_model(fingerprint, model.interactions, &bytes)
        .await?;
    let report = TrainingReport {
        interactions: model.interactions,
        users: model.histories.len(),
        items: model.n_items(),
        train_seconds: model.train_seconds,
        item_model: if dense { "dense" } else { "neighbourhood" },
        model_bytes: bytes.len(),
        ease_weights: model.ease.entries(),
    };
    tracing::info!(
        interactions = report.interactions,
        users = report.users,
        items = report.items,
        train_seconds = format!("{:.2}", report.train_seconds),
        item_model = report.item_model,
        model_bytes = report.model_bytes,
        "recommendation model trained"
    );
    Ok((model, report))
}

/// The newest saved model for this catalog, or a freshly trained one.
pub async fn load_or_train(
    store: &Store,
    catalog: Arc<Catalog>,
    fingerprint: &str,
    params: &TrainParams,
) -> Result<Model, EngineError> {
    if let Some(bytes) = store.latest_model(fingerprint).await? {
        let wanted = params.signature(catalog.len());
        match Model::decode(&bytes) {
            Some(model) if model.n_items() == catalog.len() && model.trained_with == wanted => {
                tracing::info!(
                    interactions = model.interactions,
                    model_bytes = bytes.len(),
                    "loaded the recommendation model"
                );
                return Ok(model);
            }
            Some(model) if model.n_items() == catalog.len() => tracing::info!(
                saved = model.trained_with,
                wanted,
                "the saved model was trained with other settings; retraining"
            ),
            _ if !Model::is_current_format(&bytes) => {
                tracing::info!("the saved model is of an older format (or damaged); retraining");
            }
            _ => tracing::warn!("the saved model does not fit this catalog; retraining"),
        }
    }
    Ok(train_and_save(store, catalog, fingerprint, params).await?.0)
}

/// Retrains every `interval` and swaps the new model in; runs until aborted.
pub fn spawn_retraining(
    store: Store,
    catalog: Arc<Catalog>,
    fingerprint: String,
    params: TrainParams,
    engine: Arc<EmbeddedRecommender>,
    interval: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(interval).await;
            tracing::info!("retraining the recommendation model in the background");
            match train_and_save(&store, catalog.clone(), &fingerprint, &params).await {
                Ok((model, _)) => {
                    // Preparing a model for serving takes seconds at a million items.
                    let engine = engine.clone();
                    if let Err(e) =
                        tokio::task::spawn_blocking(move || engine.replace_model(model)).await
                    {
                        tracing::error!(error = %e, "swapping the new model in failed");
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "background training failed; keeping the current model");
                }
            }
        }
    })
}
