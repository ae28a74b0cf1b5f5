//! One error type for every handler, rendered as a page in the shop's style.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("We couldn't find that page.")]
    NotFound,
    #[error(
        "This form has expired or did not come from this shop. Please go back, reload the page and try again."
    )]
    Forbidden,
    #[error("{0}")]
    BadRequest(String),
    /// The form's body did not arrive in time (a client sending it a byte at a time).
    #[error("The form took too long to arrive. Please try again.")]
    Timeout,
    /// Too many attempts (sign-in) from one address or at one account for now.
    #[error("{0}")]
    TooManyRequests(String),
    /// An operator page asked for by someone who is not signed in as one: they are sent to
    /// the operator sign-in, and see nothing else.
    #[error("Operators only.")]
    OperatorOnly,
    /// Our failure, with its whole cause chain: logged once with the request, never shown.
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

impl WebError {
    /// An internal failure described in words (no underlying error to keep).
    pub fn internal(what: impl std::fmt::Display) -> WebError {
        WebError::Internal(anyhow::anyhow!("{what}"))
    }
}

impl From<crate::db::StoreError> for WebError {
    fn from(e: crate::db::StoreError) -> Self {
        WebError::Internal(anyhow::Error::new(e).context("the store failed"))
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(anyhow::Error::new(e).context("rendering a page"))
    }
}

/// The page for a path asked with a method it does not take; `allow` lists those it does.
pub fn method_not_allowed(allow: &str) -> HttpResponse {
    let status = StatusCode::METHOD_NOT_ALLOWED;
    let page = ErrorPage {
        status: status.as_u16(),
        title: "Not here",
        message: format!("This page does not take that kind of request (it takes {allow})."),
    };
    let body = page
        .render()
        .unwrap_or_else(|_| format!("{} {}", status.as_u16(), page.title));
    HttpResponse::build(status)
        .insert_header((actix_web::http::header::ALLOW, allow.to_string()))
        .content_type("text/html; charset=utf-8")
        .body(body)
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    title: &'a str,
    message: String,
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Forbidden => StatusCode::FORBIDDEN,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Timeout => StatusCode::REQUEST_TIMEOUT,
            WebError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::OperatorOnly => StatusCode::SEE_OTHER,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let WebError::OperatorOnly = self {
            return super::views::redirect("/experiments/signin");
        }
        let status = self.status_code();
        let (title, message) = match self {
            WebError::NotFound => ("Page not found", self.to_string()),
            WebError::Forbidden => ("Form expired", self.to_string()),
            WebError::BadRequest(_) => ("Something's not right", self.to_string()),
            WebError::Timeout => ("Too slow", self.to_string()),
            WebError::TooManyRequests(_) => ("Too many attempts", self.to_string()),
            WebError::OperatorOnly => ("Operators only", self.to_string()),
            WebError::Internal(cause) => {
                // The cause chain goes to the log (in the request's span), not to the shopper.
                tracing::error!(error = format!("{cause:#}"), "request failed");
                (
                    "Something went wrong",
                    "Sorry, something went wrong on our side. Please try again in a moment."
                        .to_string(),
                )
            }
        };
        let page = ErrorPage {
            status: status.as_u16(),
            title,
            message,
        };
        let body = page
            .render()
            .unwrap_or_else(|_| format!("{} {}", status.as_u16(), title));
        HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body)
    }
}
