//! The AWS SDK clients, configured from the store's settings: region and credentials from the
//! standard chain, an optional endpoint (tests, LocalStack), and time limits a page can afford.

use std::time::Duration;

use aws_sdk_personalizeevents as events;
use aws_sdk_personalizeruntime as runtime;
use aws_sdk_personalizeruntime::error::{ProvideErrorMetadata, SdkError};

use crate::config::PersonalizeSettings;

/// How long a PutEvents call may take, retries included; events are sent in the background.
const EVENTS_TIMEOUT: Duration = Duration::from_secs(10);
/// Attempts per PutEvents call (the SDK backs off exponentially, with jitter, between them).
const EVENTS_ATTEMPTS: u32 = 4;

pub struct Clients {
    pub runtime: runtime::Client,
    pub events: events::Client,
}

impl Clients {
    pub async fn connect(settings: &PersonalizeSettings) -> Clients {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
        if let Some(region) = &settings.region {
            loader = loader.region(aws_config::Region::new(region.clone()));
        }
        if let (Some(id), Some(secret)) = (&settings.access_key_id, &settings.secret_access_key) {
            use secrecy::ExposeSecret;
            loader = loader.credentials_provider(runtime::config::Credentials::new(
                id,
                secret.expose_secret(),
                None,
                None,
                "storefront-settings",
            ));
        }
        let shared = loader.load().await;

        // A shelf cannot wait for retries: one attempt, bounded by the configured timeout; the
        // embedded engine answers when it runs out.
        let mut runtime_config = runtime::config::Builder::from(&shared)
            .timeout_config(
                runtime::config::timeout::TimeoutConfig::builder()
                    .operation_timeout(Duration::from_millis(settings.timeout_ms))
                    .build(),
            )
            .retry_config(runtime::config::retry::RetryConfig::disabled());
        let mut events_config = events::config::Builder::from(&shared)
            .timeout_config(
                events::config::timeout::TimeoutConfig::builder()
                    .operation_timeout(EVENTS_TIMEOUT)
                    .build(),
            )
            .retry_config(
                events::config::retry::RetryConfig::standard()
                    .with_max_attempts(EVENTS_ATTEMPTS)
                    .with_initial_backoff(Duration::from_millis(100)),
            );
        if let Some(url) = &settings.endpoint_url {
            runtime_config = runtime_config.endpoint_url(url);
            events_config = events_config.endpoint_url(url);
        }
        Clients {
            runtime: runtime::Client::from_conf(runtime_config.build()),
            events: events::Client::from_conf(events_config.build()),
        }
    }
}

/// Why a call did not answer, in the words the logs and counters use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallFailure {
    Timeout,
    Throttled,
    /// Personalize answered with an error (bad input, unknown resource…): status and code.
    Rejected {
        status: u16,
        code: String,
    },
    /// No answer at all (connection refused, DNS, TLS…).
    Unreachable(String),
}

impl std::fmt::Display for CallFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallFailure::Timeout => f.write_str("timed out"),
            CallFailure::Throttled => f.write_str("throttled"),
            CallFailure::Rejected { status, code } => write!(f, "answered {status} {code}"),
            CallFailure::Unreachable(why) => write!(f, "unreachable: {why}"),
        }
    }
}

impl CallFailure {
    /// Both SDK crates share the smithy error type, so one classification serves every call.
    pub fn of<E>(err: &SdkError<E>) -> CallFailure
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        match err {
            SdkError::TimeoutError(_) => CallFailure::Timeout,
            SdkError::ServiceError(service) => {
                let code = service.err().code().unwrap_or("error").to_string();
                let status = service.raw().status().as_u16();
                if status == 429 || code.contains("Throttl") || code.contains("TooManyRequests") {
                    CallFailure::Throttled
                } else {
                    CallFailure::Rejected { status, code }
                }
            }
            SdkError::DispatchFailure(d) if d.is_timeout() => CallFailure::Timeout,
            other => {
                let why = runtime::error::DisplayErrorContext(other).to_string();
                CallFailure::Unreachable(why.chars().take(300).collect())
            }
        }
    }
}
