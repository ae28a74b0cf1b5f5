//! `Ctx`: what every page handler starts from — the shared state, the typed session, and the
//! visitor it describes (anonymous, signed in, and/or emulating a shopper).

use std::sync::Arc;

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
    pub simulation: Option<Arc<str>>,
}

/// The simulation header's value as a run label (`shopper_sim::sanitize_label`).
fn simulation_label(req: &HttpRequest) -> Option<Arc<str>> {
    let value = req.headers().get(shopper_sim::SIMULATION_HEADER)?;
    Some(shopper_sim::sanitize_label(value.as_bytes()).into())
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

    /// The browser's own id, emulation aside: the account's, else the anonymous id.
    pub fn own_id(&self) -> &UserId {
        self.account
            .as_ref()
            .map_or(&self.anonymous_id, |a| &a.user_id)
    }

    /// Whose cart and orders this browser sees: its own, or while emulating a shopper, that
    /// shopper's as this browser alone keeps them (see [`crate::shop::Buyer`]).
    pub fn owner_id(&self) -> UserId {
        match &self.emulated {
            Some(s) => self.owner_emulating(&s.id),
            None => self.user_id().clone(),
        }
    }

    /// Whose cart and orders this browser sees while emulating `shopper`.
    pub fn owner_emulating(&self, shopper: &UserId) -> UserId {
        UserId::from(format!("{shopper}~{}", self.own_id()))
    }

    /// Every id whose orders this browser may see: the cart's owner now, and its own ids.
    pub fn identities(&self) -> Vec<UserId> {
        let mut ids = vec![self.owner_id(), self.anonymous_id.clone()];
        ids.extend(self.account.as_ref().map(|a| a.user_id.clone()));
        ids
    }

    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.user_id().clone(),
            session_id: self.session_id.clone(),
            anonymous: self.emulated.is_none() && self.account.is_none(),
            simulation: self.simulation.clone(),
        }
    }

    /// Who shops: the cart's owner and the events' actor.
    pub fn buyer(&self) -> crate::shop::Buyer {
        crate::shop::Buyer {
            owner: self.owner_id(),
            actor: self.actor(),
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
    /// A HEAD request: the page is made for its headers only and records nothing.
    pub quiet: bool,
    /// The client's address (the connection's peer), for the per-address limits.
    pub peer: Option<std::net::IpAddr>,
    /// This page's path and query, for links that come back here (sign in, switch shopper).
    pub here: String,
}

impl Ctx {
    async fn build(req: HttpRequest) -> Result<Ctx, WebError> {
        let state = req
            .app_data::<Data<AppState>>()
            .cloned()
            .ok_or_else(|| WebError::internal("application state missing"))?;
        let session = TypedSession(req.get_session());
        // The account first: a session that signing out ended forgets its emulation too.
        let account = match session.signed_in() {
            Some(account) => current(&state, &session, account).await?,
            None => None,
        };
        let emulated = session
            .emulated()
            .and_then(|id| state.shoppers.get(id.as_str()).cloned());
        let visitor = Visitor {
            session_id: session.session_id()?,
            anonymous_id: session.anonymous_id()?,
            account,
            emulated,
            csrf_token: session.csrf_token()?,
            simulation: simulation_label(&req),
        };
        Ok(Ctx {
            state,
            session,
            visitor,
            quiet: req.method() == actix_web::http::Method::HEAD,
            peer: req.peer_addr().map(|a| a.ip()),
            here: req
                .uri()
                .path_and_query()
                .map(actix_web::http::uri::PathAndQuery::as_str)
                .and_then(super::views::local_path)
                .unwrap_or("/")
                .to_string(),
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
            // A HEAD request leaves the message for the page the shopper will see.
            flash: if self.quiet {
                None
            } else {
                self.session.take_flash()
            },
            query: query.to_string(),
            here: self.here.clone(),
        }
    }

    /// Records an event (a simulated shopper's is marked as such by its actor). Waits only
    /// while the database's writer is far behind (back-pressure).
    pub async fn track(&self, event: Event) {
        if !self.quiet {
            self.state.tracker.track(event).await;
        }
    }

    /// Whether this page is shown again after a form (see `TypedSession::is_return_to`), so it
    /// records nothing new. A HEAD request records nothing and leaves the mark in place.
    pub fn shown_again(&self, path: &str) -> bool {
        self.quiet || self.session.is_return_to(path)
    }

    /// An event the store wrote with the change it records: the live state and the outside
    /// services get it.
    pub fn track_stored(&self, event: Event) {
        self.state.tracker.track_stored(event);
    }

    /// A shelf for this visitor: an experiment's variation when one runs on it (its first
    /// exposure is tracked here), else the shop's own answer.
    pub async fn shelf(&self, feature: Feature, ask: Ask<'_>) -> ShelfAnswer {
        if self.quiet {
            // Assigning a HEAD request would spend the shopper's first exposure unseen.
            return self.state.experiments.unassigned(ask).await;
        }
        let mut answer = self
            .state
            .experiments
            .answer(feature, ask, self.visitor.user_id(), || {
                self.visitor.actor()
            })
            .await;
        if let Some(exposure) = answer.exposure.take() {
            self.track(exposure).await;
        }
        answer
    }
}

/// The session's account if it is still signed in: the account exists and signing out has not
/// ended this session (its generation is the account's). Otherwise the session forgets it.
async fn current(
    state: &AppState,
    session: &TypedSession,
    account: SignedIn,
) -> Result<Option<SignedIn>, WebError> {
    let generation = state.store.session_generation(account.account_id).await?;
    if generation == Some(account.generation) {
        return Ok(Some(account));
    }
    session.forget_account()?;
    Ok(None)
}

impl FromRequest for Ctx {
    type Error = WebError;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Ctx, WebError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(Ctx::build(req.clone()))
    }
}
