//! Amplitude's settings: where the store's events go for product analytics (HTTP V2 API).

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::{ConfigError, redacted};

/// Amplitude's data centres; each has its own host for the HTTP V2 API.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
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

    /// The name the settings and the `--amplitude-region` flag use.
    pub fn name(self) -> &'static str {
        match self {
            AmplitudeRegion::Us => "us",
            AmplitudeRegion::Eu => "eu",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AmplitudeSettings {
    /// The project's API key: set, every store event also goes to Amplitude.
    #[serde(serialize_with = "redacted")]
    pub api_key: Option<SecretString>,
    pub region: AmplitudeRegion,
    /// Another endpoint (a test server, a proxy); `None`: the region's.
    pub endpoint_url: Option<String>,
    /// How long one request may take before it counts as failed and is retried.
    pub timeout_ms: u64,
    /// Internal, not configurable (no key, variable or flag): the API's limits, which every
    /// request stays under (tests lower them to see batching at work).
    #[serde(skip)]
    pub batch_event_limit: usize,
    #[serde(skip)]
    pub batch_byte_limit: usize,
    /// Internal: tries per request on 429, 5xx and network errors, and the first pause.
    #[serde(skip)]
    pub attempts: u32,
    #[serde(skip)]
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
        if self
            .api_key
            .as_ref()
            .is_some_and(|k| k.expose_secret().trim().is_empty())
        {
            return Err(ConfigError::invalid("amplitude.api_key", "is empty"));
        }
        if let Some(url) = &self.endpoint_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(ConfigError::invalid(
                "amplitude.endpoint_url",
                format!("is not an http(s) URL: {url}"),
            ));
        }
        if !(1..=300_000).contains(&self.timeout_ms) {
            return Err(ConfigError::invalid(
                "amplitude.timeout_ms",
                "must be between 1 and 300000",
            ));
        }
        if self.batch_event_limit < 2 || self.batch_byte_limit < 1_024 || self.attempts == 0 {
            return Err(ConfigError::Invalid {
                setting: "Amplitude's internal batch limits and attempts".into(),
                problem: "are too small".into(),
            });
        }
        Ok(())
    }
}
