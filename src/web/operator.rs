//! Who may operate experiments: a browser signed in with the operator token
//! (`/experiments/signin`), or a tool sending it as `Authorization: Bearer …`. Without a
//! configured token the operator pages do not exist (404), and a shopper never sees more than
//! the sign-in form.

use std::future::{Ready, ready};

use actix_session::SessionExt;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web::Data};
use secrecy::ExposeSecret;

use super::csrf::constant_time_eq;
use super::error::WebError;
use super::session::TypedSession;
use crate::app::AppState;

/// Proof that the request is an operator's.
pub struct Operator;

/// Whether `token` is the configured operator token (compared in constant time).
pub fn token_matches(state: &AppState, token: &str) -> bool {
    state
        .operator_token
        .as_ref()
        .is_some_and(|t| constant_time_eq(token.as_bytes(), t.expose_secret().as_bytes()))
}

fn check(req: &HttpRequest) -> Result<Operator, WebError> {
    let state = req
        .app_data::<Data<AppState>>()
        .ok_or_else(|| WebError::internal("application state missing"))?;
    if state.operator_token.is_none() {
        return Err(WebError::NotFound);
    }
    let bearer = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if bearer.is_some_and(|t| token_matches(state, t.trim())) {
        return Ok(Operator);
    }
    if TypedSession(req.get_session()).is_operator() {
        return Ok(Operator);
    }
    Err(WebError::OperatorOnly)
}

impl FromRequest for Operator {
    type Error = WebError;
    type Future = Ready<Result<Operator, WebError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(check(req))
    }
}
