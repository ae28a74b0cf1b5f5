//! Experiments and bandit allocations. The database enforces the rules several instances (and
//! the CLI beside a running shop) must agree on: names are unique, one experiment runs per shelf
//! (a partial unique index), and a status only moves draft → running → stopped.

use serde::{Deserialize, Serialize};

use super::{Store, StoreError};
use crate::clock::Timestamp;
use crate::domain::Feature;
use crate::experiments::definition::{
    Experiment, ExperimentId, Horizon, Interleave, Kind, Metric, NewExperiment, Plan, Status,
    Variation,
};

/// The part of an experiment kept as one JSON document (`experiments.definition`).
#[derive(Serialize, Deserialize)]
struct Definition {
    description: String,
    metric: Metric,
    variations: Vec<Variation>,
    interleave: Interleave,
    min_share: f64,
    attribution_window_hours: u32,
    horizon: Horizon,
    plan: Option<Plan>,
}

#[derive(sqlx::FromRow)]
struct ExperimentRow {
    id: i64,
    name: String,
    shelf: String,
    kind: String,
    status: String,
    salt: String,
    definition: String,
    created_at: i64,
    started_at: Option<i64>,
    stopped_at: Option<i64>,
}

const COLUMNS: &str =
    "id, name, shelf, kind, status, salt, definition, created_at, started_at, stopped_at";

impl ExperimentRow {
    fn into_experiment(self) -> Result<Experiment, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("experiment {}: {what}", self.id));
        let definition: Definition = serde_json::from_str(&self.definition)
            .map_err(|e| corrupt(&format!("definition: {e}")))?;
        Ok(Experiment {
            id: ExperimentId(self.id),
            shelf: Feature::parse(&self.shelf).ok_or_else(|| corrupt("shelf"))?,
            kind: Kind::parse(&self.kind).ok_or_else(|| corrupt("kind"))?,
            status: Status::parse(&self.status).ok_or_else(|| corrupt("status"))?,
            name: self.name,
            salt: self.salt,
            description: definition.description,
            metric: definition.metric,
            variations: definition.variations,
            interleave: definition.interleave,
            min_share: definition.min_share,
            attribution_window_hours: definition.attribution_window_hours,
            horizon: definition.horizon,
            plan: definition.plan,
            created_at: Timestamp::from_micros(self.created_at),
            started_at: self.started_at.map(Timestamp::from_micros),
            stopped_at: self.stopped_at.map(Timestamp::from_micros),
        })
    }
}

/// A stored bandit allocation: the shares of one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Allocation {
    pub period: i64,
    pub computed_at: Timestamp,
    pub shares: Vec<f64>,
}

#[derive(sqlx::FromRow)]
struct AllocationRow {
    period: i64,
    computed_at: i64,
    shares: String,
}

impl AllocationRow {
    fn into_allocation(self) -> Result<Allocation, StoreError> {
        Ok(Allocation {
            period: self.period,
            computed_at: Timestamp::from_micros(self.computed_at),
            shares: serde_json::from_str(&self.shares)
                .map_err(|e| StoreError::Corrupt(format!("allocation shares: {e}")))?,
        })
    }
}

/// Why a status change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Done,
    /// No experiment has this id.
    Missing,
    /// It is not in the status the change starts from.
    WrongStatus(Status),
    /// Another experiment already runs on the shelf.
    ShelfBusy,
}

impl Store {
    /// Stores a new draft; a name already used is `StoreError::Duplicate`.
    pub async fn create_experiment(
        &self,
        new: &NewExperiment,
        salt: &str,
    ) -> Result<ExperimentId, StoreError> {
        let definition = serde_json::to_string(&Definition {
            description: new.description.clone(),
            metric: new.metric,
            variations: new.variations.clone(),
            interleave: new.interleave,
            min_share: new.min_share,
            attribution_window_hours: new.attribution_window_hours,
            horizon: new.horizon,
            plan: new.plan,
        })
        .map_err(|e| StoreError::Corrupt(format!("experiment definition: {e}")))?;
        let id: Option<i64> = with_pool!(self, |pool| {
            sqlx::query_scalar(
                "INSERT INTO experiments (name, shelf, kind, status, salt, definition, created_at) \
                 VALUES ($1, $2, $3, 'draft', $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id",
            )
            .bind(&new.name)
            .bind(new.shelf.as_str())
            .bind(new.kind.as_str())
            .bind(salt)
            .bind(&definition)
            .bind(Timestamp::now().as_micros())
            .fetch_optional(pool)
            .await?
        });
        id.map(ExperimentId)
            .ok_or(StoreError::Duplicate("an experiment with this name"))
    }

    pub async fn experiments(&self) -> Result<Vec<Experiment>, StoreError> {
        let rows: Vec<ExperimentRow> = with_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM experiments ORDER BY id DESC"
            ))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(ExperimentRow::into_experiment)
            .collect()
    }

    pub async fn running_experiments(&self) -> Result<Vec<Experiment>, StoreError> {
        let rows: Vec<ExperimentRow> = with_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM experiments WHERE status = 'running' ORDER BY id"
            ))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(ExperimentRow::into_experiment)
            .collect()
    }

    pub async fn experiment(&self, id: ExperimentId) -> Result<Option<Experiment>, StoreError> {
        let row: Option<ExperimentRow> = with_pool!(self, |pool| {
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM experiments WHERE id = $1"))
                .bind(id.0)
                .fetch_optional(pool)
                .await?
        });
        row.map(ExperimentRow::into_experiment).transpose()
    }

    /// draft → running, unless another experiment runs on the shelf.
    pub async fn start_experiment(&self, id: ExperimentId) -> Result<Transition, StoreError> {
        let result = with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE experiments SET status = 'running', started_at = $1 \
                 WHERE id = $2 AND status = 'draft'",
            )
            .bind(Timestamp::now().as_micros())
            .bind(id.0)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        });
        match result {
            Ok(1) => Ok(Transition::Done),
            Ok(_) => self.refused(id).await,
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(Transition::ShelfBusy),
            Err(e) => Err(e.into()),
        }
    }

    /// running → stopped.
    pub async fn stop_experiment(&self, id: ExperimentId) -> Result<Transition, StoreError> {
        let done = with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE experiments SET status = 'stopped', stopped_at = $1 \
                 WHERE id = $2 AND status = 'running'",
            )
            .bind(Timestamp::now().as_micros())
            .bind(id.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if done == 1 {
            Ok(Transition::Done)
        } else {
            self.refused(id).await
        }
    }

    async fn refused(&self, id: ExperimentId) -> Result<Transition, StoreError> {
        Ok(match self.experiment(id).await? {
            None => Transition::Missing,
            Some(e) => Transition::WrongStatus(e.status),
        })
    }

    /// Keeps the shares of a period unless an instance stored that period's first, and gives
    /// back the period's stored shares: every instance serves what the first one computed.
    pub async fn settle_allocation(
        &self,
        id: ExperimentId,
        period: i64,
        shares: &[f64],
    ) -> Result<Allocation, StoreError> {
        let text = serde_json::to_string(shares)
            .map_err(|e| StoreError::Corrupt(format!("allocation shares: {e}")))?;
        let row: AllocationRow = with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO experiment_allocations (experiment_id, period, computed_at, shares) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(id.0)
            .bind(period)
            .bind(Timestamp::now().as_micros())
            .bind(&text)
            .execute(pool)
            .await?;
            sqlx::query_as(
                "SELECT period, computed_at, shares FROM experiment_allocations \
                 WHERE experiment_id = $1 AND period = $2",
            )
            .bind(id.0)
            .bind(period)
            .fetch_one(pool)
            .await?
        });
        row.into_allocation()
    }

    /// The newest stored allocation of a bandit.
    pub async fn latest_allocation(
        &self,
        id: ExperimentId,
    ) -> Result<Option<Allocation>, StoreError> {
        let row: Option<AllocationRow> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT period, computed_at, shares FROM experiment_allocations \
                 WHERE experiment_id = $1 ORDER BY period DESC LIMIT 1",
            )
            .bind(id.0)
            .fetch_optional(pool)
            .await?
        });
        row.map(AllocationRow::into_allocation).transpose()
    }

    /// Every allocation of a bandit, oldest first (its course on the results page).
    pub async fn allocations(&self, id: ExperimentId) -> Result<Vec<Allocation>, StoreError> {
        let rows: Vec<AllocationRow> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT period, computed_at, shares FROM experiment_allocations \
                 WHERE experiment_id = $1 ORDER BY period",
            )
            .bind(id.0)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(AllocationRow::into_allocation)
            .collect()
    }
}
