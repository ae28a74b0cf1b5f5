//! Requests you can follow in the log: every request runs in a span that carries its id, so
//! every line logged while serving it (a failed store call, a slow write, a Personalize timeout)
//! names the request. The id comes from a proxy's `X-Request-Id` when it sends a sane one, else
//! is made here, and is returned in the response's `X-Request-Id`.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// This process's prefix: its start time, so that ids from two instances or two runs differ.
static PREFIX: LazyLock<String> =
    LazyLock::new(|| format!("{:x}", crate::clock::now_micros() / 1_000));
static NEXT: AtomicU64 = AtomicU64::new(1);

fn request_id(req: &ServiceRequest) -> String {
    let forwarded = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        });
    match forwarded {
        Some(id) => id.to_string(),
        None => format!("{}-{}", *PREFIX, NEXT.fetch_add(1, Ordering::Relaxed)),
    }
}

/// The middleware (`middleware::from_fn(trace::request_span)`).
pub async fn request_span(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = request_id(&req);
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %req.method(),
        path = %req.path()
    );
    let started = std::time::Instant::now();
    let mut response = next.call(req).instrument(span.clone()).await?;
    span.in_scope(|| {
        tracing::debug!(
            status = response.status().as_u16(),
            micros = started.elapsed().as_micros() as u64,
            "served"
        );
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID.clone(), value);
    }
    Ok(response)
}
