//! Requests you can follow in the log: every request runs in a span that carries its id, so
//! every line logged while serving it (a failed store call, a slow write, a Personalize timeout)
//! names the request. The id comes from a proxy's `X-Request-Id` when it sends a sane one, else
//! is made here, and is returned in the response's `X-Request-Id`.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
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

/// The middleware (`App::wrap_fn(trace::request_span)`: a plain function over the inner
/// service, so a request pays for no boxed service and no extra allocation but its id and span).
pub fn request_span<S, B>(
    req: ServiceRequest,
    service: &S,
) -> impl Future<Output = Result<ServiceResponse<B>, actix_web::Error>> + use<S, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    let id = request_id(&req);
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %req.method(),
        path = %req.path()
    );
    let started = tracing::enabled!(tracing::Level::DEBUG).then(std::time::Instant::now);
    let response = span.in_scope(|| service.call(req));
    async move {
        let mut response = response.instrument(span.clone()).await?;
        if let Some(started) = started {
            span.in_scope(|| {
                tracing::debug!(
                    status = response.status().as_u16(),
                    micros = started.elapsed().as_micros() as u64,
                    "served"
                );
            });
        }
        if let Ok(value) = HeaderValue::from_str(&id) {
            response.headers_mut().insert(REQUEST_ID.clone(), value);
        }
        Ok(response)
    }
}
