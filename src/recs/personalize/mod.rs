//! Amazon Personalize behind the `Recommender` seam, through the AWS SDK: GetRecommendations for
//! user recommendations, related items and popular items, GetPersonalizedRanking for ranking,
//! and PutEvents (see `events`) for the store's events.
//!
//! Every use-case without an ARN, and every call that fails, times out, is throttled or finds
//! its circuit breaker open, is answered by the embedded engine instead: the page always gets a
//! shelf, and the shelf's badge says who answered it.

mod breaker;
mod calls;
mod client;
pub mod dataset;
mod events;
mod probe;
mod routes;

use std::sync::Arc;

use super::{Engine, Exclusions, RecList, RecUser, Recommender, SharedRecommender};
use crate::catalog::Catalog;
use crate::config::PersonalizeSettings;
use crate::events::{Event, EventObserver};
pub use calls::MAX_RANKING_INPUT;
use calls::{Answer, Ask};
pub use client::{CallFailure, Clients};
pub use events::{
    MAX_EVENTS_PER_CALL, PersonalizeEventSink, PutEvent, personalize_event_type, personalize_events,
};
pub use probe::Probe;
use routes::Route;
pub use routes::{Resource, UseCase, UseCaseStats};

pub struct PersonalizeRecommender {
    catalog: Arc<Catalog>,
    client: aws_sdk_personalizeruntime::Client,
    fallback: SharedRecommender,
    routes: Vec<Route>,
    filter_arn: Option<String>,
    filter_values: std::collections::BTreeMap<String, String>,
    context: std::collections::BTreeMap<String, String>,
    /// The promotion filter and the percent of user recommendations it promotes.
    promotion: Option<(String, i32)>,
}

impl PersonalizeRecommender {
    pub fn new(
        catalog: Arc<Catalog>,
        client: aws_sdk_personalizeruntime::Client,
        settings: &PersonalizeSettings,
        promoted_share: f64,
        fallback: SharedRecommender,
    ) -> Self {
        let percent = (promoted_share * 100.0).round() as i32;
        let promotion = settings
            .promotion_filter_arn
            .clone()
            .filter(|_| percent > 0)
            .map(|arn| (arn, percent));
        let routes = UseCase::ALL
            .into_iter()
            .filter_map(|use_case| Route::new(use_case, settings))
            .collect();
        Self {
            catalog,
            client,
            fallback,
            routes,
            filter_arn: settings.filter_arn.clone(),
            filter_values: settings.filter_values.clone(),
            context: settings.context.clone(),
            promotion,
        }
    }

    fn route(&self, use_case: UseCase) -> Option<&Route> {
        self.routes.iter().find(|r| r.use_case == use_case)
    }

    pub fn stats(&self) -> Vec<UseCaseStats> {
        self.routes.iter().map(Route::stats).collect()
    }

    /// Runs `call` against the use-case's resource if it has one and its breaker allows; an
    /// error means the embedded engine must answer (empty: no resource), and has been counted.
    async fn attempt<'s, F, Fut>(&'s self, use_case: UseCase, call: F) -> Result<Answer, String>
    where
        F: FnOnce(&'s Resource) -> Fut,
        Fut: std::future::Future<Output = Result<Answer, CallFailure>>,
    {
        match self.route(use_case) {
            Some(route) => route.attempt(call).await,
            None => Err(String::new()),
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
                recommendation_id: answer.recommendation_id,
                ..RecList::new(
                    Engine::Personalize,
                    answer.items,
                    self.route(use_case)
                        .map_or("", |r| r.resource.name.as_str()),
                    personalized,
                )
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
}

#[async_trait::async_trait]
impl Recommender for PersonalizeRecommender {
    fn model_trained_at(&self) -> Option<i64> {
        self.fallback.model_trained_at()
    }

    fn memory(&self) -> Vec<crate::recs::MemoryUse> {
        self.fallback.memory()
    }

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
