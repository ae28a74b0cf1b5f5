//! What an operator does to experiments — create, start, stop, list — written once for the pages
//! under `/experiments` and for `storefront experiment`.

use super::definition::{Experiment, ExperimentId, ExperimentSpec, Metric, SpecError, Status};
use crate::db::{Store, StoreError, Transition};

#[derive(Debug, thiserror::Error)]
pub enum ManageError {
    /// A field of the definition is wrong; nothing was stored.
    #[error(transparent)]
    Invalid(#[from] SpecError),
    #[error("no experiment has id {0}")]
    Missing(ExperimentId),
    #[error("experiment {id} is {status}; only a {wanted} experiment can be {action}")]
    WrongStatus {
        id: ExperimentId,
        status: &'static str,
        wanted: &'static str,
        action: &'static str,
    },
    #[error("another experiment is already running on this shelf; stop it first")]
    ShelfBusy,
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for ManageError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Duplicate(_) => ManageError::Invalid(SpecError {
                field: "name".into(),
                message: "an experiment with this name already exists".into(),
            }),
            other => ManageError::Store(other),
        }
    }
}

/// Checks the definition and stores it as a draft; returns its id.
pub async fn create(store: &Store, spec: &ExperimentSpec) -> Result<ExperimentId, ManageError> {
    let new = spec.check()?;
    // The salt makes this experiment's split independent of every other's.
    let salt = uuid::Uuid::new_v4().simple().to_string();
    Ok(store.create_experiment(&new, &salt).await?)
}

pub async fn start(store: &Store, id: ExperimentId) -> Result<Experiment, ManageError> {
    let outcome = store.start_experiment(id).await?;
    settled(store, id, outcome, Status::Draft, "started").await
}

pub async fn stop(store: &Store, id: ExperimentId) -> Result<Experiment, ManageError> {
    let outcome = store.stop_experiment(id).await?;
    settled(store, id, outcome, Status::Running, "stopped").await
}

async fn settled(
    store: &Store,
    id: ExperimentId,
    outcome: Transition,
    wanted: Status,
    action: &'static str,
) -> Result<Experiment, ManageError> {
    match outcome {
        Transition::Done => store.experiment(id).await?.ok_or(ManageError::Missing(id)),
        Transition::Missing => Err(ManageError::Missing(id)),
        Transition::ShelfBusy => Err(ManageError::ShelfBusy),
        Transition::WrongStatus(status) => Err(ManageError::WrongStatus {
            id,
            status: status.as_str(),
            wanted: wanted.as_str(),
            action,
        }),
    }
}

pub async fn get(store: &Store, id: ExperimentId) -> Result<Experiment, ManageError> {
    store.experiment(id).await?.ok_or(ManageError::Missing(id))
}

/// An experiment and its results, for the results page, its JSON and the CLI.
/// An experiment's results under its primary metric, or under `metric` (a secondary one: the
/// same exposures and outcomes, tested for another outcome).
pub async fn results(
    store: &Store,
    id: ExperimentId,
    metric: Option<Metric>,
) -> Result<(Experiment, super::ExperimentResults), ManageError> {
    let mut experiment = get(store, id).await?;
    if let Some(metric) = metric {
        experiment.metric = metric;
    }
    let results = super::results::results(store, &experiment)
        .await
        .map_err(ManageError::Store)?;
    Ok((experiment, results))
}

pub async fn list(store: &Store) -> Result<Vec<Experiment>, ManageError> {
    Ok(store.experiments().await?)
}
