//! Amazon Personalize's settings: which resources answer which shelf, and how long a page waits.

use std::collections::BTreeMap;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::{ConfigError, redacted, setting_name};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
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
    pub filter_values: BTreeMap<String, String>,
    /// A filter that selects the promoted items (for example `INCLUDE ItemID WHERE
    /// Items.PROMOTED IN ("Yes")`): set, user recommendations ask Personalize to promote
    /// `engine.promoted_share` of them through it (GetRecommendations' `promotions`).
    pub promotion_filter_arn: Option<String>,
    /// Contextual metadata sent with user recommendations and ranking (e.g. DEVICE=web), for
    /// solutions trained with context fields.
    pub context: BTreeMap<String, String>,
    /// The event tracker's tracking id: set, every store event is also sent with PutEvents.
    pub tracking_id: Option<String>,
    /// Explicit credentials, for a test server or where the standard AWS chain (environment,
    /// profile, SSO, web identity, container or instance role) cannot be used; prefer the chain.
    pub access_key_id: Option<String>,
    #[serde(serialize_with = "redacted")]
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
            filter_values: BTreeMap::new(),
            promotion_filter_arn: None,
            context: BTreeMap::new(),
            tracking_id: None,
            access_key_id: None,
            secret_access_key: None,
            timeout_ms: 250,
            breaker_failures: 5,
            breaker_cooldown_secs: 30,
        }
    }
}

/// The settings that name a resource a shelf can use.
const SHELF_ARNS: [&str; 4] = [
    "personalize.recommendations_arn",
    "personalize.related_arn",
    "personalize.ranking_arn",
    "personalize.popular_arn",
];

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
                return Err(ConfigError::invalid(
                    &format!("personalize.{name}"),
                    format!(
                        "is not a Personalize ARN (arn:aws:personalize:REGION:ACCOUNT:campaign/NAME): {arn}"
                    ),
                ));
            }
        }
        if self.access_key_id.is_some() != self.secret_access_key.is_some() {
            return Err(ConfigError::invalid(
                "personalize.access_key_id",
                format!(
                    "and {} go together",
                    setting_name("personalize.secret_access_key")
                ),
            ));
        }
        if self
            .tracking_id
            .as_deref()
            .is_some_and(|t| t.trim().is_empty())
        {
            return Err(ConfigError::invalid("personalize.tracking_id", "is empty"));
        }
        if !(1..=60_000).contains(&self.timeout_ms) {
            return Err(ConfigError::invalid(
                "personalize.timeout_ms",
                "must be between 1 and 60000",
            ));
        }
        if selected
            && self.recommendations_arn.is_none()
            && self.related_arn.is_none()
            && self.ranking_arn.is_none()
            && self.popular_arn.is_none()
        {
            return Err(ConfigError::invalid(
                "engine.recommender",
                format!(
                    "is personalize, which needs at least one of {}",
                    SHELF_ARNS.map(setting_name).join(", ")
                ),
            ));
        }
        Ok(())
    }
}
