//! The calls themselves: GetRecommendations (user recommendations, related and popular items)
//! and GetPersonalizedRanking, their answers as catalog positions.

use aws_sdk_personalizeruntime::types::{PredictedItem, Promotion};

use super::routes::Resource;
use super::{CallFailure, PersonalizeRecommender};
use crate::domain::UserId;
use crate::recs::{Reason, Recommendation};

/// GetPersonalizedRanking takes at most this many items; the rest keep their order after them.
pub const MAX_RANKING_INPUT: usize = 500;
/// The name the shop's promotion goes by in Personalize's answers.
const PROMOTION_NAME: &str = "promoted";
/// GetRecommendations returns at most this many.
const MAX_RESULTS: usize = 500;

/// One GetRecommendations question.
pub(super) struct Ask<'a> {
    pub(super) user: Option<&'a UserId>,
    pub(super) item: Option<&'a str>,
    pub(super) n: usize,
    /// Asked for beyond `n`, because `skip` may drop that many.
    pub(super) extra: usize,
    /// Apply the exclude-purchased filter (user recommendations).
    pub(super) filter: bool,
    pub(super) skip: &'a (dyn Fn(usize) -> bool + Sync),
}

impl<'a> Ask<'a> {
    pub(super) fn top(n: usize) -> Self {
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
pub(super) struct Answer {
    pub(super) items: Vec<Recommendation>,
    pub(super) recommendation_id: Option<String>,
}

impl PersonalizeRecommender {
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
                let reason = if p.promotion_name().is_some() {
                    Some(Reason::Promoted)
                } else {
                    (!reason.is_empty()).then(|| Reason::Text(reason.join("; ").into()))
                };
                Some(Recommendation {
                    item,
                    score: p.score().unwrap_or(0.0),
                    reason,
                })
            })
            .collect()
    }

    pub(super) async fn get_recommendations(
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
            request = request.user_id(user.as_str());
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
        // Context describes the shopper's situation, and promotions shape what they are shown:
        // both go with user recommendations.
        if ask.filter {
            for (k, v) in &self.context {
                request = request.context(k, v);
            }
            if let Some((arn, percent)) = &self.promotion {
                request = request.promotions(
                    Promotion::builder()
                        .name(PROMOTION_NAME)
                        .percent_promoted_items(*percent)
                        .filter_arn(arn)
                        .build(),
                );
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

    /// GetPersonalizedRanking of `items` (at most 500 go to Personalize); everything asked comes
    /// back once: what Personalize left out, and items past the limit, keep their order after
    /// the ranked ones.
    pub(super) async fn ranking_call(
        &self,
        resource: &Resource,
        user_id: &UserId,
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
            .user_id(user_id.as_str())
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
