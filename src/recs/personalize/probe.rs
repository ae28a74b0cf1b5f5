//! `storefront personalize check`: one call to every configured resource.

use serde::Serialize;

use super::PersonalizeRecommender;
use super::calls::Ask;
use super::routes::UseCase;
use crate::domain::UserId;

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
    pub async fn probe(&self, user_id: &UserId, items: &[usize]) -> Vec<Probe> {
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
}
