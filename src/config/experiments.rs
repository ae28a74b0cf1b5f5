//! The `experiments` section: who may operate experiments, and how often the running shop
//! re-reads them and rebalances its bandits.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::{ConfigError, redacted};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExperimentSettings {
    /// The operator token: it signs an operator in at `/experiments/signin` and is accepted as
    /// `Authorization: Bearer …`. Without one the operator pages are off (404).
    #[serde(serialize_with = "redacted")]
    pub operator_token: Option<SecretString>,
    /// How often a running shop re-reads which experiments run (started or stopped by the CLI
    /// or another instance), in ms.
    pub refresh_interval_ms: u64,
    /// A bandit's allocation is recomputed once per this many seconds.
    pub bandit_interval_secs: u64,
    /// Monte Carlo draws for a bandit's P(best).
    pub bandit_draws: u32,
}

/// The shortest operator token accepted: it guards every experiment's data.
pub const MIN_OPERATOR_TOKEN: usize = 16;

impl Default for ExperimentSettings {
    fn default() -> Self {
        Self {
            operator_token: None,
            refresh_interval_ms: 5_000,
            bandit_interval_secs: 300,
            bandit_draws: 10_000,
        }
    }
}

impl ExperimentSettings {
    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Some(token) = &self.operator_token
            && token.expose_secret().len() < MIN_OPERATOR_TOKEN
        {
            return Err(ConfigError::invalid(
                "experiments.operator_token",
                format!("must be at least {MIN_OPERATOR_TOKEN} characters"),
            ));
        }
        if self.refresh_interval_ms == 0 {
            return Err(ConfigError::invalid(
                "experiments.refresh_interval_ms",
                "must be positive",
            ));
        }
        if self.bandit_interval_secs == 0 {
            return Err(ConfigError::invalid(
                "experiments.bandit_interval_secs",
                "must be positive",
            ));
        }
        if self.bandit_draws < 100 {
            return Err(ConfigError::invalid(
                "experiments.bandit_draws",
                "must be at least 100",
            ));
        }
        Ok(())
    }
}
