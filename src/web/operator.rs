//! Who may operate experiments: a browser signed in with the operator token
//! (`/experiments/signin`), or a tool sending it as `Authorization: Bearer …`. Without a
//! configured token the operator pages do not exist (404), and a shopper never sees more than
//! the sign-in form.

use std::future::{Future, Ready, ready};
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web::Data};
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;

use super::csrf::{CsrfForm, constant_time_eq};
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

/// An operator's form: its CSRF token checked first (a forged form is a 403 for anyone), then
/// that the sender is an operator. One extractor, so the order holds (actix polls a handler's
/// extractors together, and the operator check is ready first).
pub struct OperatorForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for OperatorForm<T> {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let form = CsrfForm::<T>::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let CsrfForm(form) = form.await?;
            check(&req)?;
            Ok(OperatorForm(form))
        })
    }
}

impl FromRequest for Operator {
    type Error = WebError;
    type Future = Ready<Result<Operator, WebError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(check(req))
    }
}
