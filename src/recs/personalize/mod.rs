//! Amazon Personalize behind the `Recommender` seam, through the AWS SDK: GetRecommendations for
//! user recommendations, related items and popular items, GetPersonalizedRanking for ranking,
//! and PutEvents (see `events`) for the store's events.
//!
//! Every use-case without an ARN, and every call that fails, times out, is throttled or finds
//! its circuit breaker open, is answered by the embedded engine instead: the page always gets a
//! shelf, and the shelf's badge says who answered it.

mod breaker;
mod client;
pub mod dataset;
mod events;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use aws_sdk_personalizeruntime::types::PredictedItem;
use serde::Serialize;

use super::{Exclusions, Reason, RecList, RecUser, Recommendation, Recommender, SharedRecommender};
use crate::catalog::Catalog;
use crate::config::PersonalizeSettings;
use crate::events::{Event, EventObserver};
use breaker::CircuitBreaker;
pub use client::{CallFailure, Clients};
pub use events::{
    Interaction, MAX_EVENTS_PER_CALL, PersonalizeEventSink, personalize_event_type,
    personalize_events,
};

/// GetPersonalizedRanking takes at most this many items; the rest keep their order after them.
pub const MAX_RANKING_INPUT: usize = 500;
/// GetRecommendations returns at most this many.
const MAX_RESULTS: usize = 500;

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

struct Route {
    use_case: UseCase,
    resource: Resource,
    breaker: CircuitBreaker,
    counters: Counters,
}

/// One GetRecommendations question.
struct Ask<'a> {
    user: Option<&'a str>,
    item: Option<&'a str>,
    n: usize,
    /// Asked for beyond `n`, because `skip` may drop that many.
    extra: usize,
    /// Apply the exclude-purchased filter (user recommendations).
    filter: bool,
    skip: &'a (dyn Fn(usize) -> bool + Sync),
}

impl<'a> Ask<'a> {
    fn top(n: usize) -> Self {
        Ask {
            user: None,
            item: None,
            n,
            extra: 0,
            filter: false,
            skip: &|_| false,
        }
    }
}

/// Answers from a Personalize call, as catalog positions.
struct Answer {
    items: Vec<Recommendation>,
    recommendation_id: Option<String>,
}

pub struct PersonalizeRecommender {
    catalog: Arc<Catalog>,
    client: aws_sdk_personalizeruntime::Client,
    fallback: SharedRecommender,
    routes: Vec<Route>,
    filter_arn: Option<String>,
    filter_values: std::collections::BTreeMap<String, String>,
    context: std::collections::BTreeMap<String, String>,
}

impl PersonalizeRecommender {
    pub fn new(
        catalog: Arc<Catalog>,
        client: aws_sdk_personalizeruntime::Client,
        settings: &PersonalizeSettings,
        fallback: SharedRecommender,
    ) -> Self {
        let routes = UseCase::ALL
            .into_iter()
            .filter_map(|use_case| {
                use_case.arn(settings).map(|arn| Route {
                    use_case,
                    resource: Resource::parse(arn),
                    breaker: CircuitBreaker::new(
                        settings.breaker_failures,
                        Duration::from_secs(settings.breaker_cooldown_secs),
                    ),
                    counters: Counters::default(),
                })
            })
            .collect();
        Self {
            catalog,
            client,
            fallback,
            routes,
            filter_arn: settings.filter_arn.clone(),
            filter_values: settings.filter_values.clone(),
            context: settings.context.clone(),
        }
    }

    fn route(&self, use_case: UseCase) -> Option<&Route> {
        self.routes.iter().find(|r| r.use_case == use_case)
    }

    pub fn stats(&self) -> Vec<UseCaseStats> {
        self.routes
            .iter()
            .map(|r| {
                let c = &r.counters;
                let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
                let answered = get(&c.answered);
                let calls = get(&c.calls);
                UseCaseStats {
                    use_case: r.use_case.as_str(),
                    resource: r.resource.arn.clone(),
                    calls,
                    answered,
                    fallbacks: calls - answered.min(calls) + get(&c.breaker_open),
                    timeouts: get(&c.timeouts),
                    throttled: get(&c.throttled),
                    errors: get(&c.errors),
                    breaker_open: get(&c.breaker_open),
                    breaker_is_open: r.breaker.is_open(),
                }
            })
            .collect()
    }

    /// Runs `call` against the use-case's resource if it has one and its breaker allows; `None`
    /// means the embedded engine must answer (and has been accounted for).
    async fn attempt<'s, F, Fut>(&'s self, use_case: UseCase, call: F) -> Result<Answer, String>
    where
        F: FnOnce(&'s Resource) -> Fut,
        Fut: std::future::Future<Output = Result<Answer, CallFailure>>,
    {
        let Some(route) = self.route(use_case) else {
            return Err(String::new());
        };
        if !route.breaker.allow() {
            route.counters.breaker_open.fetch_add(1, Ordering::Relaxed);
            return Err("circuit open".into());
        }
        route.counters.calls.fetch_add(1, Ordering::Relaxed);
        match call(&route.resource).await {
            Ok(answer) => {
                route.breaker.succeeded();
                route.counters.answered.fetch_add(1, Ordering::Relaxed);
                Ok(answer)
            }
            Err(failure) => {
                let counter = match failure {
                    CallFailure::Timeout => &route.counters.timeouts,
                    CallFailure::Throttled => &route.counters.throttled,
                    _ => &route.counters.errors,
                };
                counter.fetch_add(1, Ordering::Relaxed);
                let opened = route.breaker.failed();
                tracing::warn!(
                    use_case = use_case.as_str(),
                    resource = %route.resource.arn,
                    %failure,
                    circuit_opened = opened,
                    "Personalize did not answer; the embedded engine answers this shelf"
                );
                Err(failure.to_string())
            }
        }
    }

    /// The answer as a shelf, or the embedded engine's, marked with why it answered.
    async fn answer_or<Fb>(
        &self,
        use_case: UseCase,
        result: Result<Answer, String>,
        personalized: bool,
        fallback: Fb,
    ) -> RecList
    where
        Fb: std::future::Future<Output = RecList>,
    {
        match result {
            Ok(answer) => RecList {
                items: answer.items,
                engine: "personalize",
                algorithm: self
                    .route(use_case)
                    .map(|r| r.resource.name.clone())
                    .unwrap_or_default(),
                personalized,
                recommendation_id: answer.recommendation_id,
            },
            Err(why) => {
                let mut list = fallback.await;
                if !why.is_empty() {
                    list.algorithm = format!("{} (Personalize {why})", list.algorithm);
                }
                list
            }
        }
    }

    /// Personalize's items as catalog positions, leaving out unknown ids and `skip`.
    fn items(
        &self,
        predicted: &[PredictedItem],
        skip: &(dyn Fn(usize) -> bool + Sync),
    ) -> Vec<Recommendation> {
        predicted
            .iter()
            .filter_map(|p| {
                let item = self.catalog.index_of(p.item_id()?)?;
                if skip(item) {
                    return None;
                }
                let reason = p.reason();
                Some(Recommendation {
                    item,
                    score: p.score().unwrap_or(0.0),
                    reason: (!reason.is_empty()).then(|| Reason::Text(reason.join("; ").into())),
                })
            })
            .collect()
    }

    async fn get_recommendations(
        &self,
        resource: &Resource,
        ask: Ask<'_>,
    ) -> Result<Answer, CallFailure> {
        let mut request = self
            .client
            .get_recommendations()
            .num_results((ask.n + ask.extra).clamp(1, MAX_RESULTS) as i32);
        request = if resource.is_recommender {
            request.recommender_arn(&resource.arn)
        } else {
            request.campaign_arn(&resource.arn)
        };
        if let Some(user) = ask.user {
            request = request.user_id(user);
        }
        if let Some(item) = ask.item {
            request = request.item_id(item);
        }
        if ask.filter
            && let Some(arn) = &self.filter_arn
        {
            request = request.filter_arn(arn);
            for (k, v) in &self.filter_values {
                request = request.filter_values(k, v);
            }
        }
        // Context describes the shopper's situation: it goes with user recommendations.
        if ask.filter {
            for (k, v) in &self.context {
                request = request.context(k, v);
            }
        }
        let out = request.send().await.map_err(|e| CallFailure::of(&e))?;
        let mut items = self.items(out.item_list(), ask.skip);
        items.truncate(ask.n);
        Ok(Answer {
            items,
            recommendation_id: out.recommendation_id().map(str::to_string),
        })
    }
}

/// What one probe of a resource found, for `storefront personalize check`.
#[derive(Debug, Clone, Serialize)]
pub struct Probe {
    pub use_case: &'static str,
    pub resource: String,
    pub items: usize,
    pub recommendation_id: Option<String>,
    pub millis: u128,
    pub error: Option<String>,
}

impl PersonalizeRecommender {
    /// One call to every configured resource, past the breakers, with the filter on the user
    /// recommendations call when one is configured.
    pub async fn probe(&self, user_id: &str, items: &[usize]) -> Vec<Probe> {
        let mut probes = Vec::new();
        for route in &self.routes {
            let started = std::time::Instant::now();
            let resource = &route.resource;
            let result = match route.use_case {
                UseCase::Recommendations => {
                    let ask = Ask {
                        user: Some(user_id),
                        filter: true,
                        ..Ask::top(10)
                    };
                    self.get_recommendations(resource, ask).await
                }
                UseCase::Related => {
                    let item = items
                        .first()
                        .and_then(|&i| self.catalog.products().get(i))
                        .map(|p| p.id.as_str());
                    let ask = Ask {
                        item,
                        ..Ask::top(10)
                    };
                    self.get_recommendations(resource, ask).await
                }
                UseCase::Popular => self.get_recommendations(resource, Ask::top(10)).await,
                UseCase::Ranking => self.ranking_call(resource, user_id, items).await,
            };
            probes.push(Probe {
                use_case: route.use_case.as_str(),
                resource: resource.arn.clone(),
                items: result.as_ref().map_or(0, |a| a.items.len()),
                recommendation_id: result
                    .as_ref()
                    .ok()
                    .and_then(|a| a.recommendation_id.clone()),
                millis: started.elapsed().as_millis(),
                error: result.err().map(|e| e.to_string()),
            });
        }
        probes
    }

    /// GetPersonalizedRanking of `items` (at most 500 go to Personalize); everything asked comes
    /// back once: what Personalize left out, and items past the limit, keep their order after
    /// the ranked ones.
    async fn ranking_call(
        &self,
        resource: &Resource,
        user_id: &str,
        items: &[usize],
    ) -> Result<Answer, CallFailure> {
        let (head, tail) = items.split_at(items.len().min(MAX_RANKING_INPUT));
        let input: Vec<String> = head
            .iter()
            .filter_map(|&i| self.catalog.products().get(i))
            .map(|p| p.id.0.clone())
            .collect();
        let out = self
            .client
            .get_personalized_ranking()
            .campaign_arn(&resource.arn)
            .user_id(user_id)
            .set_input_list(Some(input))
            .set_context((!self.context.is_empty()).then(|| {
                self.context
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            }))
            .send()
            .await
            .map_err(|e| CallFailure::of(&e))?;
        let mut asked = vec![false; self.catalog.len()];
        for &i in head {
            if let Some(a) = asked.get_mut(i) {
                *a = true;
            }
        }
        let mut placed = vec![false; self.catalog.len()];
        let mut ranked = self.items(out.personalized_ranking(), &|i| !asked[i]);
        ranked.retain(|r| !std::mem::replace(&mut placed[r.item], true));
        for &i in head.iter().chain(tail) {
            if i < placed.len() && !std::mem::replace(&mut placed[i], true) {
                ranked.push(Recommendation {
                    item: i,
                    score: 0.0,
                    reason: None,
                });
            }
        }
        Ok(Answer {
            items: ranked,
            recommendation_id: out.recommendation_id().map(str::to_string),
        })
    }
}

#[async_trait::async_trait]
impl Recommender for PersonalizeRecommender {
    async fn recommend(&self, user: &RecUser<'_>, n: usize, exclude: Exclusions<'_>) -> RecList {
        let skip = |i: usize| exclude.items.contains(&i);
        let result = self
            .attempt(UseCase::Recommendations, |resource| {
                // Ask for the cart's items too: they are dropped, and the shelf stays full.
                self.get_recommendations(
                    resource,
                    Ask {
                        user: Some(user.user_id),
                        extra: exclude.items.len(),
                        filter: true,
                        skip: &skip,
                        ..Ask::top(n)
                    },
                )
            })
            .await;
        self.answer_or(
            UseCase::Recommendations,
            result,
            true,
            self.fallback.recommend(user, n, exclude),
        )
        .await
    }

    async fn related(&self, item: usize, user: Option<&RecUser<'_>>, n: usize) -> RecList {
        let Some(product) = self.catalog.products().get(item) else {
            return self.fallback.related(item, user, n).await;
        };
        let skip = |i: usize| i == item;
        let result = self
            .attempt(UseCase::Related, |resource| {
                self.get_recommendations(
                    resource,
                    Ask {
                        user: user.map(|u| u.user_id),
                        item: Some(product.id.as_str()),
                        extra: 1,
                        skip: &skip,
                        ..Ask::top(n)
                    },
                )
            })
            .await;
        self.answer_or(
            UseCase::Related,
            result,
            user.is_some(),
            self.fallback.related(item, user, n),
        )
        .await
    }

    async fn rank(&self, user: &RecUser<'_>, items: &[usize]) -> RecList {
        if items.is_empty() {
            return self.fallback.rank(user, items).await;
        }
        let result = self
            .attempt(UseCase::Ranking, |resource| {
                self.ranking_call(resource, user.user_id, items)
            })
            .await;
        self.answer_or(
            UseCase::Ranking,
            result,
            true,
            self.fallback.rank(user, items),
        )
        .await
    }

    async fn popular(&self, n: usize) -> RecList {
        let result = self
            .attempt(UseCase::Popular, |resource| {
                self.get_recommendations(resource, Ask::top(n))
            })
            .await;
        self.answer_or(UseCase::Popular, result, false, self.fallback.popular(n))
            .await
    }

    async fn trending(&self, n: usize) -> RecList {
        self.fallback.trending(n).await
    }
}

impl EventObserver for PersonalizeRecommender {
    /// The embedded engine keeps its live session state, so that a fallback answer is as
    /// current as Personalize's would have been.
    fn observe(&self, event: &Event) {
        self.fallback.observe(event);
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
