//! CSRF protection: every form carries the session's token in a hidden `csrf_token` field, and
//! every POST is refused (403) unless it matches.

use std::future::Future;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest, dev::Payload};
use serde::de::DeserializeOwned;

use super::error::WebError;
use super::session::TypedSession;

pub const FIELD: &str = "csrf_token";

/// The longest a form's body may take to arrive.
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// A URL-encoded form whose CSRF token has been checked.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let session = TypedSession(req.get_session());
        let body = Bytes::from_request(req, payload);
        Box::pin(async move {
            // A body trickling in a byte at a time must not hold a connection for long.
            let body = tokio::time::timeout(BODY_TIMEOUT, body)
                .await
                .map_err(|_| WebError::Timeout)?
                .map_err(|_| WebError::BadRequest("The form could not be read.".into()))?;
            let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
                .map_err(|_| WebError::BadRequest("The form could not be read.".into()))?;
            let sent = pairs
                .iter()
                .find(|(k, _)| k == FIELD)
                .map_or("", |(_, v)| v.as_str());
            let expected = session.csrf_token()?;
            if !constant_time_eq(sent.as_bytes(), expected.as_bytes()) {
                return Err(WebError::Forbidden);
            }
            let form = serde_urlencoded::from_bytes(&body).map_err(|e| {
                WebError::BadRequest(format!("The form is missing something: {e}."))
            })?;
            Ok(CsrfForm(form))
        })
    }
}

/// Compares without an early exit, so the time taken says nothing about the token.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn compares_tokens() {
        assert!(super::constant_time_eq(b"abc", b"abc"));
        assert!(!super::constant_time_eq(b"abc", b"abd"));
        assert!(!super::constant_time_eq(b"", b""));
        assert!(!super::constant_time_eq(b"ab", b"abc"));
    }
}
