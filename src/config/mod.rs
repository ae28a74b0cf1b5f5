//! One nested `Settings`, read in layers that each override the one before: the defaults, an
//! optional YAML file (`--config`), `STOREFRONT_*` variables, then the command's flags.
//!
//! The shop's own settings are top-level (`bind` ↔ `STOREFRONT_BIND`); each subsystem has a
//! section (`personalize.region` ↔ `STOREFRONT_PERSONALIZE__REGION`, two underscores between
//! section and key). How the layers are read and merged is in `layers`; every setting, with its
//! variable, flag and default, is in the README's configuration table.

mod amplitude;
mod experiments;
mod layers;
mod personalize;

use std::path::PathBuf;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

pub use amplitude::{AmplitudeRegion, AmplitudeSettings};
pub use experiments::ExperimentSettings;
pub use layers::{Origin, Overrides, Sources};
pub use personalize::PersonalizeSettings;

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/storefront.db";
/// Dense EASE's L2 regularisation unless configured, in the units of its weighted Gram (each
/// shopper's pairs weigh n^−0.75; `item_scoring::EaseParams::TUNED`, tuned with `storefront
/// eval`; see docs/BENCHMARKS.md); the engine's training reads it from here.
pub const DEFAULT_EASE_LAMBDA: f64 = 15.0;
/// Neighbourhood EASE's L2 regularisation unless configured, in plain co-occurrence counts.
pub const DEFAULT_NEIGHBOURHOOD_LAMBDA: f64 = 250.0;
/// Neighbourhood EASE's items per regression (docs/BENCHMARKS.md, issue 16), and the most the
/// setting allows: each item's solve costs k³/3.
pub const DEFAULT_NEIGHBOURS: usize = 128;
pub const MAX_NEIGHBOURS: usize = 1024;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub bind: String,
    pub database_url: String,
    /// A directory with RDS-format `products.yaml`, `categories.yaml` and optionally
    /// `users.json(.gz)`; `None` means the store's own seeds, built into the binary.
    pub catalog_dir: Option<PathBuf>,
    /// Signs and encrypts the session cookie. `None`: generated on first start and kept in the
    /// database, so restarts (and other instances on the same database) keep sessions valid.
    #[serde(serialize_with = "redacted")]
    pub session_key: Option<SecretString>,
    /// Mark the session cookie `Secure` (set when the shop is served over HTTPS).
    pub secure_cookies: bool,
    /// Number of HTTP worker threads; `None` = one per core.
    pub workers: Option<usize>,
    /// Open connections the shop serves at once (shared among the workers); past it new
    /// connections wait in the listen backlog. Keep it below the process's open-file limit, so
    /// that slow or idle clients can never take every file the shop needs.
    pub max_connections: usize,
    /// How often to pick up the events other instances on the same database recorded, in ms
    /// (0: never). `None`: every 500 ms on PostgreSQL, never on SQLite (one instance per file).
    pub event_pickup_interval_ms: Option<u64>,
    pub engine: EngineSettings,
    pub tracker: TrackerSettings,
    pub personalize: PersonalizeSettings,
    pub amplitude: AmplitudeSettings,
    pub experiments: ExperimentSettings,
    pub limits: LimitSettings,
}

/// Attempts that cost the shop an argon2 hash or could guess a password, per minute; past
/// them the answer is 429. Each limit is a burst that refills evenly over the minute.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitSettings {
    /// Sign-in attempts at one account, from anywhere.
    pub sign_ins_per_account: u32,
    /// Sign-in and sign-up attempts from one address.
    pub attempts_per_address: u32,
    /// Requests one client address may have in flight at once (0: no limit; behind a proxy,
    /// limit at the proxy instead).
    pub requests_in_flight_per_address: u32,
}

impl Default for LimitSettings {
    fn default() -> Self {
        Self {
            sign_ins_per_account: 10,
            attempts_per_address: 30,
            requests_in_flight_per_address: 128,
        }
    }
}

/// Which item-to-item model the embedded engine trains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemModelKind {
    /// Dense EASE up to `DENSE_EASE_LIMIT` items, neighbourhood EASE past it.
    #[default]
    Auto,
    /// EASE's exact closed form: one n×n inversion (memory n², time n³).
    Dense,
    /// EASE per item over its `engine.neighbours` strongest co-occurring items (memory and
    /// time grow with the interactions and the items, not items squared).
    Neighbourhood,
}

/// Catalogs up to this many items train dense EASE under `engine.item_model: auto`; past it
/// the dense inversion's n² memory and n³ time stop paying (docs/BENCHMARKS.md, issue 16).
pub const DENSE_EASE_LIMIT: usize = 10_000;

/// Which engine answers the shelves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum RecommenderKind {
    /// The embedded engine (EASE, similar items, live session state).
    Embedded,
    /// Popularity, same-category related items, identity ranking: the yardstick.
    Baseline,
    /// Amazon Personalize for every use-case whose ARN is configured, the embedded engine for
    /// the rest and whenever Personalize fails, is slow or is throttling.
    Personalize,
}

impl RecommenderKind {
    /// The name the settings and the `--recommender` flag use.
    pub fn name(self) -> &'static str {
        match self {
            RecommenderKind::Embedded => "embedded",
            RecommenderKind::Baseline => "baseline",
            RecommenderKind::Personalize => "personalize",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EngineSettings {
    pub recommender: RecommenderKind,
    /// Synthetic interactions the seed step writes (0: none).
    pub history_interactions: usize,
    pub history_days: i64,
    pub history_seed: u64,
    /// Retrain in the background this often (0: only at start and on `storefront train`).
    pub retrain_interval_secs: u64,
    /// Dense EASE's L2 regularisation (in its weighted Gram's units).
    pub lambda: f64,
    /// Neighbourhood EASE's L2 regularisation (in co-occurrence counts).
    pub neighbourhood_lambda: f64,
    /// The item-to-item model: `auto`, `dense` or `neighbourhood`.
    pub item_model: ItemModelKind,
    /// Neighbourhood EASE: the items each item is regressed on.
    pub neighbours: usize,
    /// The share of a personalised shelf given to new items — no interactions yet — whose
    /// metadata resembles the shopper's history (Amazon Personalize's exploration weight plays
    /// this part); 0 turns it off. Rounded to whole places: 0.1 of a 12-card shelf is one.
    pub exploration: f64,
    /// The share of the home shelf given to promoted products, chosen for the shopper among
    /// the catalog's `promoted` items (the Retail Demo Store promotes 25 %); 0 turns it off.
    /// With Amazon Personalize answering the shelf, its `promotions` parameter does it.
    pub promoted_share: f64,
}

impl Default for EngineSettings {
    fn default() -> Self {
        Self {
            recommender: RecommenderKind::Embedded,
            history_interactions: 500_000,
            history_days: 90,
            history_seed: 20_261_121,
            retrain_interval_secs: 3_600,
            lambda: DEFAULT_EASE_LAMBDA,
            neighbourhood_lambda: DEFAULT_NEIGHBOURHOOD_LAMBDA,
            item_model: ItemModelKind::Auto,
            neighbours: DEFAULT_NEIGHBOURS,
            exploration: 0.1,
            promoted_share: 0.25,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrackerSettings {
    /// Events waiting for each sink's writer. A full database queue makes pages wait
    /// (back-pressure); a full queue to an outside service drops that copy and counts it.
    pub queue_capacity: usize,
    /// Events per write: large batches cost the database far less per event (5,000 a batch
    /// served twice the cookieless page rate of 500 in `benches/soak.sh`).
    pub batch_size: usize,
    pub flush_interval_ms: u64,
    /// The longest a page waits for room in the database's queue before its event is dropped
    /// and counted (the last resort when the database cannot keep up at all).
    pub backpressure_ms: u64,
}

impl Default for TrackerSettings {
    fn default() -> Self {
        Self {
            queue_capacity: 50_000,
            batch_size: 5_000,
            flush_interval_ms: 100,
            backpressure_ms: 10_000,
        }
    }
}

/// Well below the usual 1,024 open files, with room for the database, logs and outgoing calls.
pub const DEFAULT_MAX_CONNECTIONS: usize = 768;

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: DEFAULT_BIND.to_string(),
            database_url: DEFAULT_DATABASE_URL.to_string(),
            catalog_dir: None,
            session_key: None,
            secure_cookies: false,
            workers: None,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            event_pickup_interval_ms: None,
            engine: EngineSettings::default(),
            tracker: TrackerSettings::default(),
            personalize: PersonalizeSettings::default(),
            amplitude: AmplitudeSettings::default(),
            experiments: ExperimentSettings::default(),
            limits: LimitSettings::default(),
        }
    }
}

/// How a secret shows when settings are printed (`storefront config show`): set or not, never
/// its value.
pub(crate) fn redacted<S: serde::Serializer>(
    secret: &Option<SecretString>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match secret {
        Some(_) => serializer.serialize_some("[redacted]"),
        None => serializer.serialize_none(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read configuration file {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("configuration file {path} is not valid YAML")]
    Parse {
        path: PathBuf,
        // Boxed: the parser's error is large, and every `Result` here would carry its size.
        source: Box<serde_saphyr::Error>,
    },
    #[error("unknown setting `{key}` {origin}{}", did_you_mean(suggestion))]
    Unknown {
        key: String,
        origin: Origin,
        suggestion: Option<String>,
    },
    #[error("`{key}` {origin} is a section: it takes its settings, not a value")]
    Section { key: String, origin: Origin },
    #[error("bad value for `{setting}` {origin}")]
    BadValue {
        setting: String,
        origin: Origin,
        source: serde_json::Error,
    },
    #[error("{setting} {problem}")]
    Invalid { setting: String, problem: String },
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    suggestion
        .as_deref()
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default()
}

impl ConfigError {
    /// A setting whose value is wrong, named as the file and the environment spell it
    /// (`personalize.timeout_ms (STOREFRONT_PERSONALIZE__TIMEOUT_MS)`).
    pub(crate) fn invalid(path: &str, problem: impl Into<String>) -> ConfigError {
        ConfigError::Invalid {
            setting: setting_name(path),
            problem: problem.into(),
        }
    }
}

/// `path (VARIABLE)`: a setting as the user writes it in the file and in the environment.
pub fn setting_name(path: &str) -> String {
    format!("{path} ({})", layers::variable(path))
}

impl Settings {
    /// The settings `sources` give, layer over layer (see `layers`); not yet validated.
    pub fn load(sources: &Sources) -> Result<Settings, ConfigError> {
        layers::load(sources)
    }

    /// Every setting's path (`personalize.region`), in the order they are printed.
    pub fn paths() -> Vec<String> {
        layers::setting_paths()
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Some(key) = &self.session_key
            && key.expose_secret().len() < 64
        {
            return Err(ConfigError::invalid(
                "session_key",
                "must be at least 64 bytes",
            ));
        }
        if self.limits.sign_ins_per_account == 0 {
            return Err(ConfigError::invalid(
                "limits.sign_ins_per_account",
                "must be positive",
            ));
        }
        if self.limits.attempts_per_address == 0 {
            return Err(ConfigError::invalid(
                "limits.attempts_per_address",
                "must be positive",
            ));
        }
        if self.max_connections == 0 {
            return Err(ConfigError::invalid("max_connections", "must be positive"));
        }
        if self.tracker.queue_capacity == 0 {
            return Err(ConfigError::invalid(
                "tracker.queue_capacity",
                "must be positive",
            ));
        }
        if self.tracker.batch_size == 0 {
            return Err(ConfigError::invalid(
                "tracker.batch_size",
                "must be positive",
            ));
        }
        if !(self.engine.lambda.is_finite() && self.engine.lambda > 0.0) {
            return Err(ConfigError::invalid(
                "engine.lambda",
                "must be a positive number",
            ));
        }
        if !(self.engine.neighbourhood_lambda.is_finite() && self.engine.neighbourhood_lambda > 0.0)
        {
            return Err(ConfigError::invalid(
                "engine.neighbourhood_lambda",
                "must be a positive number",
            ));
        }
        if !(1..=MAX_NEIGHBOURS).contains(&self.engine.neighbours) {
            return Err(ConfigError::invalid(
                "engine.neighbours",
                format!("must be between 1 and {MAX_NEIGHBOURS}"),
            ));
        }
        if !(0.0..=1.0).contains(&self.engine.exploration) {
            return Err(ConfigError::invalid(
                "engine.exploration",
                "must be a share between 0 and 1",
            ));
        }
        if !(0.0..=1.0).contains(&self.engine.promoted_share) {
            return Err(ConfigError::invalid(
                "engine.promoted_share",
                "must be a share between 0 and 1",
            ));
        }
        if self.engine.history_days <= 0 {
            return Err(ConfigError::invalid(
                "engine.history_days",
                "must be at least 1",
            ));
        }
        if self.workers == Some(0) {
            return Err(ConfigError::invalid("workers", "must be at least 1"));
        }
        self.personalize
            .validate(self.engine.recommender == RecommenderKind::Personalize)?;
        self.amplitude.validate()?;
        self.experiments.validate()
    }
}

#[cfg(test)]
mod tests;
