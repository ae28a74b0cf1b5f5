//! Which use-cases go to Personalize (those whose resource is configured), and for each its
//! circuit breaker and the counts `/healthz` shows.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::Serialize;

use super::breaker::CircuitBreaker;
use super::calls::Answer;
use super::client::CallFailure;
use crate::config::PersonalizeSettings;

/// The four things Personalize can answer, by the setting that names their resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UseCase {
    Recommendations,
    Related,
    Ranking,
    Popular,
}

impl UseCase {
    pub const ALL: [UseCase; 4] = [
        UseCase::Recommendations,
        UseCase::Related,
        UseCase::Ranking,
        UseCase::Popular,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UseCase::Recommendations => "recommendations",
            UseCase::Related => "related",
            UseCase::Ranking => "ranking",
            UseCase::Popular => "popular",
        }
    }

    pub fn arn(self, settings: &PersonalizeSettings) -> Option<&str> {
        match self {
            UseCase::Recommendations => settings.recommendations_arn.as_deref(),
            UseCase::Related => settings.related_arn.as_deref(),
            UseCase::Ranking => settings.ranking_arn.as_deref(),
            UseCase::Popular => settings.popular_arn.as_deref(),
        }
    }
}

/// A campaign or a recommender: GetRecommendations names them with different fields.
#[derive(Debug, Clone)]
pub struct Resource {
    pub arn: String,
    pub is_recommender: bool,
    /// The resource's own name ("recommended-for-you", "my-sims-campaign"), for badges.
    pub name: String,
}

impl Resource {
    pub fn parse(arn: &str) -> Resource {
        // arn:aws:personalize:REGION:ACCOUNT:campaign/NAME or …:recommender/NAME
        let resource = arn.splitn(6, ':').nth(5).unwrap_or("");
        let (kind, name) = resource.split_once('/').unwrap_or(("campaign", resource));
        Resource {
            arn: arn.to_string(),
            is_recommender: kind == "recommender",
            name: name.to_string(),
        }
    }
}

/// What happened to the calls of one use-case, for `/healthz` and the logs.
#[derive(Debug, Default)]
struct Counters {
    calls: AtomicU64,
    answered: AtomicU64,
    timeouts: AtomicU64,
    throttled: AtomicU64,
    errors: AtomicU64,
    /// Skipped without a call: the circuit breaker was open.
    breaker_open: AtomicU64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct UseCaseStats {
    pub use_case: &'static str,
    pub resource: String,
    pub calls: u64,
    pub answered: u64,
    /// Shelves the embedded engine answered instead (every failure plus every skip).
    pub fallbacks: u64,
    pub timeouts: u64,
    pub throttled: u64,
    pub errors: u64,
    pub breaker_open: u64,
    pub breaker_is_open: bool,
}

/// A use-case that has a resource: where its calls go, its breaker and its counts.
pub(super) struct Route {
    pub(super) use_case: UseCase,
    pub(super) resource: Resource,
    breaker: CircuitBreaker,
    counters: Counters,
}

impl Route {
    /// The use-case's route, when the settings name its resource.
    pub(super) fn new(use_case: UseCase, settings: &PersonalizeSettings) -> Option<Route> {
        let arn = use_case.arn(settings)?;
        Some(Route {
            use_case,
            resource: Resource::parse(arn),
            breaker: CircuitBreaker::new(
                settings.breaker_failures,
                Duration::from_secs(settings.breaker_cooldown_secs),
            ),
            counters: Counters::default(),
        })
    }

    pub(super) fn stats(&self) -> UseCaseStats {
        let c = &self.counters;
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let answered = get(&c.answered);
        let calls = get(&c.calls);
        UseCaseStats {
            use_case: self.use_case.as_str(),
            resource: self.resource.arn.clone(),
            calls,
            answered,
            fallbacks: calls - answered.min(calls) + get(&c.breaker_open),
            timeouts: get(&c.timeouts),
            throttled: get(&c.throttled),
            errors: get(&c.errors),
            breaker_open: get(&c.breaker_open),
            breaker_is_open: self.breaker.is_open(),
        }
    }

    /// Runs `call` if the breaker allows, and counts what happened; an error says why the
    /// embedded engine answers instead.
    pub(super) async fn attempt<'s, F, Fut>(&'s self, call: F) -> Result<Answer, String>
    where
        F: FnOnce(&'s Resource) -> Fut,
        Fut: std::future::Future<Output = Result<Answer, CallFailure>>,
    {
        if !self.breaker.allow() {
            self.counters.breaker_open.fetch_add(1, Ordering::Relaxed);
            return Err("circuit open".into());
        }
        self.counters.calls.fetch_add(1, Ordering::Relaxed);
        match call(&self.resource).await {
            Ok(answer) => {
                self.breaker.succeeded();
                self.counters.answered.fetch_add(1, Ordering::Relaxed);
                Ok(answer)
            }
            Err(failure) => {
                let counter = match failure {
                    CallFailure::Timeout => &self.counters.timeouts,
                    CallFailure::Throttled => &self.counters.throttled,
                    _ => &self.counters.errors,
                };
                counter.fetch_add(1, Ordering::Relaxed);
                let opened = self.breaker.failed();
                tracing::warn!(
                    use_case = self.use_case.as_str(),
                    resource = %self.resource.arn,
                    %failure,
                    circuit_opened = opened,
                    "Personalize did not answer; the embedded engine answers this shelf"
                );
                Err(failure.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_are_read_from_their_arns() {
        let r = Resource::parse(
            "arn:aws:personalize:us-east-1:123456789012:recommender/recommended-for-you",
        );
        assert!(r.is_recommender);
        assert_eq!(r.name, "recommended-for-you");
        let c = Resource::parse("arn:aws:personalize:eu-west-1:123456789012:campaign/sims");
        assert!(!c.is_recommender);
        assert_eq!(c.name, "sims");
    }
}
