//! `Ctx`: what every page handler starts from — the shared state, the typed session, and the
//! visitor it describes (anonymous, signed in, and/or emulating a shopper).

use std::future::{Ready, ready};

use actix_session::SessionExt;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web::Data};

use super::error::WebError;
use super::session::{SignedIn, TypedSession};
use super::views::Header;
use crate::app::AppState;
use crate::domain::{Feature, SessionId, Shopper, UserId};
use crate::events::{Actor, Event};
use crate::experiments::{Ask, ShelfAnswer};
use crate::recs::RecUser;

pub struct Visitor {
    pub session_id: SessionId,
    pub anonymous_id: UserId,
    pub account: Option<SignedIn>,
    pub emulated: Option<std::sync::Arc<Shopper>>,
    pub csrf_token: String,
    /// The run named by the simulation header: this visitor is a simulated shopper, whose
    /// events are marked so that training and the Personalize export skip them.
    pub simulation: Option<String>,
}

/// The simulation header's value as a run label (`shopper_sim::sanitize_label`).
fn simulation_label(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(shopper_sim::SIMULATION_HEADER)?;
    Some(shopper_sim::sanitize_label(value.as_bytes()))
}

impl Visitor {
    /// The id this visitor's events, cart and orders are kept under: the emulated shopper's,
    /// else the account's, else the provisional anonymous id.
    pub fn user_id(&self) -> &UserId {
        if let Some(s) = &self.emulated {
            &s.id
        } else if let Some(a) = &self.account {
            &a.user_id
        } else {
            &self.anonymous_id
        }
    }

    /// Every id this browser shops under: the current one, the anonymous id, and the account's
    /// (while emulating a shopper, the presenter's own account is still theirs).
    pub fn identities(&self) -> Vec<&UserId> {
        let mut ids = vec![self.user_id(), &self.anonymous_id];
        ids.extend(self.account.as_ref().map(|a| &a.user_id));
        ids
    }

    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.user_id().clone(),
            session_id: self.session_id.clone(),
            anonymous: self.emulated.is_none() && self.account.is_none(),
        }
    }

    pub fn rec_user(&self) -> RecUser<'_> {
        RecUser {
            user_id: self.user_id(),
            persona: self.emulated.as_ref().map(|s| &s.persona),
            known: self.emulated.is_some() || self.account.is_some(),
        }
    }
}

pub struct Ctx {
    pub state: Data<AppState>,
    pub session: TypedSession,
    pub visitor: Visitor,
}

impl Ctx {
    fn build(req: &HttpRequest) -> Result<Ctx, WebError> {
        let state = req
            .app_data::<Data<AppState>>()
            .cloned()
            .ok_or_else(|| WebError::internal("application state missing"))?;
        let session = TypedSession(req.get_session());
        let emulated = session
            .emulated()
            .and_then(|id| state.shoppers.get(id.as_str()).cloned());
        let visitor = Visitor {
            session_id: session.session_id()?,
            anonymous_id: session.anonymous_id()?,
            account: session.signed_in(),
            emulated,
            csrf_token: session.csrf_token()?,
            simulation: simulation_label(req),
        };
        Ok(Ctx {
            state,
            session,
            visitor,
        })
    }

    /// The page header: navigation, who is shopping, cart size, any message from the last
    /// action. `query` pre-fills the search box.
    pub fn header(&self, query: &str) -> Header {
        Header {
            csrf_token: self.visitor.csrf_token.clone(),
            nav: self.state.nav.header.clone(),
            account_name: self.visitor.account.as_ref().map(|a| a.first_name.clone()),
            emulated: self.visitor.emulated.clone(),
            cart_count: self.session.cart_count(),
            flash: self.session.take_flash(),
            query: query.to_string(),
        }
    }

    /// Records an event (a simulated shopper's marked as such).
    pub fn track(&self, event: Event) {
        let event = match &self.visitor.simulation {
            Some(run) => event.simulated_by(run),
            None => event,
        };
        self.state.tracker.track(event);
    }

    /// A shelf for this visitor: an experiment's variation when one runs on it (its first
    /// exposure is tracked here), else the shop's own answer.
    pub async fn shelf(&self, feature: Feature, ask: Ask<'_>) -> ShelfAnswer {
        let mut answer = self
            .state
            .experiments
            .answer(feature, ask, self.visitor.user_id(), || {
                self.visitor.actor()
            })
            .await;
        if let Some(exposure) = answer.exposure.take() {
            self.track(exposure);
        }
        answer
    }
}

impl FromRequest for Ctx {
    type Error = WebError;
    type Future = Ready<Result<Ctx, WebError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ctx::build(req))
    }
}
