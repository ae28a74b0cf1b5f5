//! One `Settings` struct, filled from defaults, then an optional YAML file, then environment
//! (`STOREFRONT_*`) and flags (clap reads both; flags win).

use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::Deserialize;

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/storefront.db";

#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: String,
    pub database_url: String,
    /// A directory with RDS-format `products.yaml`, `categories.yaml` and optionally
    /// `users.json(.gz)`; `None` means the store's own seeds, built into the binary.
    pub catalog_dir: Option<PathBuf>,
    /// Signs and encrypts the session cookie. `None`: generated on first start and kept in the
    /// database, so restarts (and other instances on the same database) keep sessions valid.
    pub session_key: Option<SecretString>,
    /// Mark the session cookie `Secure` (set when the shop is served over HTTPS).
    pub secure_cookies: bool,
    pub tracker: TrackerSettings,
    /// Number of HTTP worker threads; `None` = one per core.
    pub workers: Option<usize>,
    pub engine: EngineSettings,
    pub personalize: PersonalizeSettings,
    /// How often to pick up the events other instances on the same database recorded, in ms
    /// (0: never). `None`: every 500 ms on PostgreSQL, never on SQLite (one instance per file).
    pub event_pickup_interval_ms: Option<u64>,
    pub amplitude: AmplitudeSettings,
}

/// Which engine answers the shelves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
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

/// Amazon Personalize: which resources answer which shelf, and how long a page waits.
#[derive(Debug, Clone)]
pub struct PersonalizeSettings {
    /// AWS region; `None`: the standard chain (`AWS_REGION`, the profile).
    pub region: Option<String>,
    /// Another endpoint for both services (a test server, LocalStack); `None`: AWS.
    pub endpoint_url: Option<String>,
    /// User personalization: a campaign or a recommender such as "recommended-for-you".
    pub recommendations_arn: Option<String>,
    /// Related items: a Similar-Items or SIMS campaign, or a recommender.
    pub related_arn: Option<String>,
    /// Personalized ranking campaign.
    pub ranking_arn: Option<String>,
    /// Popular items: a recommender such as "most-viewed"/"best-sellers", or a campaign.
    pub popular_arn: Option<String>,
    /// The filter that excludes purchased items from user recommendations.
    pub filter_arn: Option<String>,
    /// Values for a parameterized filter's placeholders (`$NAME` in its expression).
    pub filter_values: std::collections::BTreeMap<String, String>,
    /// Contextual metadata sent with user recommendations and ranking (e.g. DEVICE=web), for
    /// solutions trained with context fields.
    pub context: std::collections::BTreeMap<String, String>,
    /// The event tracker's tracking id: set, every store event is also sent with PutEvents.
    pub tracking_id: Option<String>,
    /// Explicit credentials, for a test server or where the standard AWS chain (environment,
    /// profile, SSO, web identity, container or instance role) cannot be used; prefer the chain.
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<SecretString>,
    /// How long a shelf waits for Personalize before the embedded engine answers it.
    pub timeout_ms: u64,
    /// Failures in a row that open a resource's circuit breaker…
    pub breaker_failures: u32,
    /// …and how long it then stays open before one trial call.
    pub breaker_cooldown_secs: u64,
}

impl Default for PersonalizeSettings {
    fn default() -> Self {
        Self {
            region: None,
            endpoint_url: None,
            recommendations_arn: None,
            related_arn: None,
            ranking_arn: None,
            popular_arn: None,
            filter_arn: None,
            filter_values: Default::default(),
            context: Default::default(),
            tracking_id: None,
            access_key_id: None,
            secret_access_key: None,
            timeout_ms: 250,
            breaker_failures: 5,
            breaker_cooldown_secs: 30,
        }
    }
}

impl PersonalizeSettings {
    /// The configured resource ARNs by setting name, for validation and `personalize check`.
    pub fn arns(&self) -> Vec<(&'static str, &str)> {
        [
            ("recommendations_arn", &self.recommendations_arn),
            ("related_arn", &self.related_arn),
            ("ranking_arn", &self.ranking_arn),
            ("popular_arn", &self.popular_arn),
            ("filter_arn", &self.filter_arn),
        ]
        .into_iter()
        .filter_map(|(name, v)| v.as_deref().map(|v| (name, v)))
        .collect()
    }

    /// `selected`: the shop's recommender is Personalize, so some shelf must be configured.
    pub fn validate(&self, selected: bool) -> Result<(), ConfigError> {
        for (name, arn) in self.arns() {
            let parts: Vec<&str> = arn.split(':').collect();
            if parts.len() < 6 || parts[0] != "arn" || parts[2] != "personalize" {
                return Err(ConfigError::Invalid(format!(
                    "personalize_{name} is not a Personalize ARN \
                     (arn:aws:personalize:REGION:ACCOUNT:campaign/NAME): {arn}"
                )));
            }
        }
        if self.access_key_id.is_some() != self.secret_access_key.is_some() {
            return Err(ConfigError::Invalid(
                "personalize_access_key_id and personalize_secret_access_key go together".into(),
            ));
        }
        if self
            .tracking_id
            .as_deref()
            .is_some_and(|t| t.trim().is_empty())
        {
            return Err(ConfigError::Invalid(
                "personalize_tracking_id is empty".into(),
            ));
        }
        if !(1..=60_000).contains(&self.timeout_ms) {
            return Err(ConfigError::Invalid(
                "personalize_timeout_ms must be between 1 and 60000".into(),
            ));
        }
        if selected
            && self.recommendations_arn.is_none()
            && self.related_arn.is_none()
            && self.ranking_arn.is_none()
            && self.popular_arn.is_none()
        {
            return Err(ConfigError::Invalid(
                "recommender = personalize needs at least one of personalize_recommendations_arn, \
                 personalize_related_arn, personalize_ranking_arn, personalize_popular_arn"
                    .into(),
            ));
        }
        Ok(())
    }
}

/// Amplitude's data centres; each has its own host for the HTTP V2 API.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum AmplitudeRegion {
    #[default]
    Us,
    Eu,
}

impl AmplitudeRegion {
    /// The HTTP V2 endpoint of the region's data centre.
    pub fn endpoint(self) -> &'static str {
        match self {
            AmplitudeRegion::Us => "https://api2.amplitude.com/2/httpapi",
            AmplitudeRegion::Eu => "https://api.eu.amplitude.com/2/httpapi",
        }
    }
}

/// Amplitude: where the store's events go for product analytics (HTTP V2 API).
#[derive(Debug, Clone)]
pub struct AmplitudeSettings {
    /// The project's API key: set, every store event also goes to Amplitude.
    pub api_key: Option<SecretString>,
    pub region: AmplitudeRegion,
    /// Another endpoint (a test server, a proxy); `None`: the region's.
    pub endpoint_url: Option<String>,
    /// How long one request may take before it counts as failed and is retried.
    pub timeout_ms: u64,
    /// Internal, not configurable: the API's limits, which every request stays under (tests
    /// lower them to see batching at work).
    pub batch_event_limit: usize,
    pub batch_byte_limit: usize,
    /// Internal: tries per request on 429, 5xx and network errors, and the first pause.
    pub attempts: u32,
    pub backoff_ms: u64,
}

impl Default for AmplitudeSettings {
    fn default() -> Self {
        Self {
            api_key: None,
            region: AmplitudeRegion::Us,
            endpoint_url: None,
            timeout_ms: 10_000,
            batch_event_limit: 2_000,
            batch_byte_limit: 1_000_000,
            attempts: 5,
            backoff_ms: 200,
        }
    }
}

impl AmplitudeSettings {
    /// Where requests go: the override, else the region's host.
    pub fn endpoint(&self) -> &str {
        self.endpoint_url
            .as_deref()
            .unwrap_or_else(|| self.region.endpoint())
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        use secrecy::ExposeSecret;
        if self
            .api_key
            .as_ref()
            .is_some_and(|k| k.expose_secret().trim().is_empty())
        {
            return Err(ConfigError::Invalid("amplitude_api_key is empty".into()));
        }
        if let Some(url) = &self.endpoint_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(ConfigError::Invalid(format!(
                "amplitude_endpoint_url is not an http(s) URL: {url}"
            )));
        }
        if !(1..=300_000).contains(&self.timeout_ms) {
            return Err(ConfigError::Invalid(
                "amplitude_timeout_ms must be between 1 and 300000".into(),
            ));
        }
        if self.batch_event_limit < 2 || self.batch_byte_limit < 1_024 || self.attempts == 0 {
            return Err(ConfigError::Invalid(
                "Amplitude batch limits and attempts are too small".into(),
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone)]
pub struct EngineSettings {
    pub recommender: RecommenderKind,
    /// Synthetic interactions the seed step writes (0: none).
    pub history_interactions: usize,
    pub history_days: i64,
    pub history_seed: u64,
    /// Retrain in the background this often (0: only at start and on `storefront train`).
    pub retrain_interval_secs: u64,
    pub lambda: f64,
}

impl Default for EngineSettings {
    fn default() -> Self {
        Self {
            recommender: RecommenderKind::Embedded,
            history_interactions: 500_000,
            history_days: 90,
            history_seed: 20_261_121,
            retrain_interval_secs: 3_600,
            lambda: crate::recs::embedded::DEFAULT_LAMBDA,
        }
    }
}

#[derive(Debug, Clone)]
pub struct TrackerSettings {
    /// Events waiting for the database writer; past this the tracker drops and counts them
    /// rather than make a page wait.
    pub queue_capacity: usize,
    pub batch_size: usize,
    pub flush_interval_ms: u64,
}

impl Default for TrackerSettings {
    fn default() -> Self {
        Self {
            queue_capacity: 50_000,
            batch_size: 500,
            flush_interval_ms: 100,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: DEFAULT_BIND.to_string(),
            database_url: DEFAULT_DATABASE_URL.to_string(),
            catalog_dir: None,
            session_key: None,
            secure_cookies: false,
            tracker: TrackerSettings::default(),
            workers: None,
            engine: EngineSettings::default(),
            personalize: PersonalizeSettings::default(),
            event_pickup_interval_ms: None,
            amplitude: AmplitudeSettings::default(),
        }
    }
}

/// The shape of the optional configuration file; every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    pub bind: Option<String>,
    pub database_url: Option<String>,
    pub catalog_dir: Option<PathBuf>,
    pub session_key: Option<String>,
    pub secure_cookies: Option<bool>,
    pub workers: Option<usize>,
    pub tracker_queue_capacity: Option<usize>,
    pub tracker_batch_size: Option<usize>,
    pub tracker_flush_interval_ms: Option<u64>,
    pub recommender: Option<RecommenderKind>,
    pub history_interactions: Option<usize>,
    pub history_days: Option<i64>,
    pub history_seed: Option<u64>,
    pub retrain_interval_secs: Option<u64>,
    pub ease_lambda: Option<f64>,
    pub personalize_region: Option<String>,
    pub personalize_endpoint_url: Option<String>,
    pub personalize_recommendations_arn: Option<String>,
    pub personalize_related_arn: Option<String>,
    pub personalize_ranking_arn: Option<String>,
    pub personalize_popular_arn: Option<String>,
    pub personalize_filter_arn: Option<String>,
    pub personalize_filter_values: Option<std::collections::BTreeMap<String, String>>,
    pub personalize_context: Option<std::collections::BTreeMap<String, String>>,
    pub personalize_tracking_id: Option<String>,
    pub personalize_access_key_id: Option<String>,
    pub personalize_secret_access_key: Option<String>,
    pub personalize_timeout_ms: Option<u64>,
    pub personalize_breaker_failures: Option<u32>,
    pub personalize_breaker_cooldown_secs: Option<u64>,
    pub event_pickup_interval_ms: Option<u64>,
    pub amplitude_api_key: Option<String>,
    pub amplitude_region: Option<AmplitudeRegion>,
    pub amplitude_endpoint_url: Option<String>,
    pub amplitude_timeout_ms: Option<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read configuration file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("configuration file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{0}")]
    Invalid(String),
}

impl Settings {
    /// Defaults overlaid with the configuration file, if any.
    pub fn from_file(path: Option<&Path>) -> Result<Settings, ConfigError> {
        let mut settings = Settings::default();
        let Some(path) = path else {
            return Ok(settings);
        };
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let file: FileSettings = serde_saphyr::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        if let Some(v) = file.bind {
            settings.bind = v;
        }
        if let Some(v) = file.database_url {
            settings.database_url = v;
        }
        settings.catalog_dir = file.catalog_dir;
        settings.session_key = file.session_key.map(SecretString::from);
        if let Some(v) = file.secure_cookies {
            settings.secure_cookies = v;
        }
        settings.workers = file.workers;
        settings.event_pickup_interval_ms = file.event_pickup_interval_ms;
        if let Some(v) = file.tracker_queue_capacity {
            settings.tracker.queue_capacity = v;
        }
        if let Some(v) = file.tracker_batch_size {
            settings.tracker.batch_size = v;
        }
        if let Some(v) = file.tracker_flush_interval_ms {
            settings.tracker.flush_interval_ms = v;
        }
        let engine = &mut settings.engine;
        if let Some(v) = file.recommender {
            engine.recommender = v;
        }
        if let Some(v) = file.history_interactions {
            engine.history_interactions = v;
        }
        if let Some(v) = file.history_days {
            engine.history_days = v;
        }
        if let Some(v) = file.history_seed {
            engine.history_seed = v;
        }
        if let Some(v) = file.retrain_interval_secs {
            engine.retrain_interval_secs = v;
        }
        if let Some(v) = file.ease_lambda {
            engine.lambda = v;
        }
        let p = &mut settings.personalize;
        p.region = file.personalize_region;
        p.endpoint_url = file.personalize_endpoint_url;
        p.recommendations_arn = file.personalize_recommendations_arn;
        p.related_arn = file.personalize_related_arn;
        p.ranking_arn = file.personalize_ranking_arn;
        p.popular_arn = file.personalize_popular_arn;
        p.filter_arn = file.personalize_filter_arn;
        p.filter_values = file.personalize_filter_values.unwrap_or_default();
        p.context = file.personalize_context.unwrap_or_default();
        p.tracking_id = file.personalize_tracking_id;
        p.access_key_id = file.personalize_access_key_id;
        p.secret_access_key = file.personalize_secret_access_key.map(SecretString::from);
        if let Some(v) = file.personalize_timeout_ms {
            p.timeout_ms = v;
        }
        if let Some(v) = file.personalize_breaker_failures {
            p.breaker_failures = v;
        }
        if let Some(v) = file.personalize_breaker_cooldown_secs {
            p.breaker_cooldown_secs = v;
        }
        let a = &mut settings.amplitude;
        a.api_key = file.amplitude_api_key.map(SecretString::from);
        if let Some(v) = file.amplitude_region {
            a.region = v;
        }
        a.endpoint_url = file.amplitude_endpoint_url;
        if let Some(v) = file.amplitude_timeout_ms {
            a.timeout_ms = v;
        }
        Ok(settings)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        use secrecy::ExposeSecret;
        if let Some(key) = &self.session_key
            && key.expose_secret().len() < 64
        {
            return Err(ConfigError::Invalid(
                "the session key must be at least 64 bytes (STOREFRONT_SESSION_KEY)".into(),
            ));
        }
        if self.tracker.queue_capacity == 0 || self.tracker.batch_size == 0 {
            return Err(ConfigError::Invalid(
                "tracker queue capacity and batch size must be positive".into(),
            ));
        }
        if !(self.engine.lambda.is_finite() && self.engine.lambda > 0.0) {
            return Err(ConfigError::Invalid(
                "ease_lambda must be a positive number".into(),
            ));
        }
        if self.engine.history_days <= 0 {
            return Err(ConfigError::Invalid(
                "history_days must be at least 1".into(),
            ));
        }
        if self.workers == Some(0) {
            return Err(ConfigError::Invalid("workers must be at least 1".into()));
        }
        self.personalize
            .validate(self.engine.recommender == RecommenderKind::Personalize)?;
        self.amplitude.validate()
    }
}
