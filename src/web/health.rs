//! How the shop is doing, for load balancers and monitoring: `/healthz` (alive: answers without
//! the database), `/readyz` (ready: the database answers and takes writes, the event writer
//! keeps up) and `/metrics` (Prometheus text: requests by route and status with latency
//! histograms, events per sink, queue depths, Personalize calls and breakers, model age, the
//! engine's per-shopper memory, resident memory).

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::{HttpResponse, web};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::app::AppState;

/// Liveness: answers without touching the database, so a load balancer's probe stays cheap.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let stats = state.tracker.stats();
    HttpResponse::Ok().json(serde_json::json!({
        "status": "ok",
        "products": state.catalog.len(),
        "shoppers": state.shoppers.len(),
        "events": stats,
        "personalize": state.personalize.as_ref().map(|p| p.stats()),
    }))
}

/// How long the database gets to answer the readiness write.
const READY_TIMEOUT: Duration = Duration::from_secs(2);
/// A database queue fuller than this share is not keeping up.
const QUEUE_NOT_KEEPING_UP: f64 = 0.9;

/// Readiness: 200 when the shop can take shoppers' actions now, else 503 with the reasons
/// (also logged): the database is gone, read-only or not answering, or the event writer is
/// far behind.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let mut reasons = Vec::new();
    match tokio::time::timeout(READY_TIMEOUT, state.store.check_writable()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => reasons.push(e.to_string()),
        Err(_) => reasons.push(format!(
            "the database did not take a write within {} s",
            READY_TIMEOUT.as_secs()
        )),
    }
    for sink in state
        .tracker
        .stats()
        .sinks
        .iter()
        .filter(|s| s.sink == "database")
    {
        if sink.queued as f64 > sink.capacity as f64 * QUEUE_NOT_KEEPING_UP {
            reasons.push(format!(
                "the event writer is behind: {} of {} queued",
                sink.queued, sink.capacity
            ));
        }
    }
    if reasons.is_empty() {
        return HttpResponse::Ok().json(serde_json::json!({ "status": "ready" }));
    }
    tracing::warn!(reasons = reasons.join("; "), "not ready");
    HttpResponse::ServiceUnavailable().json(serde_json::json!({
        "status": "not ready",
        "reasons": reasons,
    }))
}

/// The process's recorder, installed once (several shops in one test process share it).
fn recorder() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let buckets = [
                0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                0.5, 1.0, 2.5,
            ];
            PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("http_request_duration_seconds".into()),
                    &buckets,
                )
                .ok()?
                .install_recorder()
                .map_err(|e| tracing::warn!(error = %e, "metrics recorder not installed"))
                .ok()
        })
        .as_ref()
}

/// Starts recording (call once at start).
pub fn start_metrics() {
    let _ = recorder();
}

/// The middleware (`App::wrap_fn(health::measure)`): counts each request by route pattern,
/// method and status, and its time in a histogram. Unrouted paths count as one route, so
/// the labels stay few whatever clients ask for.
pub fn measure<S, B>(
    req: ServiceRequest,
    service: &S,
) -> impl Future<Output = Result<ServiceResponse<B>, actix_web::Error>> + use<S, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let response = service.call(req);
    async move {
        let response = response.await?;
        let route = response
            .request()
            .match_pattern()
            .unwrap_or_else(|| "unrouted".to_string());
        let status = response.status().as_u16().to_string();
        metrics::counter!(
            "http_requests_total",
            "route" => route.clone(),
            "method" => method.clone(),
            "status" => status
        )
        .increment(1);
        metrics::histogram!(
            "http_request_duration_seconds",
            "route" => route,
            "method" => method
        )
        .record(started.elapsed().as_secs_f64());
        Ok(response)
    }
}

/// Prometheus text: the request metrics, and this shop's state read now.
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let Some(handle) = recorder() else {
        return HttpResponse::ServiceUnavailable().body("metrics are not recorded");
    };
    let stats = state.tracker.stats();
    metrics::gauge!("events_tracked_total").set(stats.tracked as f64);
    for sink in &stats.sinks {
        let name = sink.sink;
        metrics::gauge!("events_delivered_total", "sink" => name).set(sink.delivered as f64);
        metrics::gauge!("events_dropped_total", "sink" => name).set(sink.dropped as f64);
        metrics::gauge!("events_failed_total", "sink" => name).set(sink.failed as f64);
        metrics::gauge!("events_queued", "sink" => name).set(sink.queued as f64);
        metrics::gauge!("events_queue_capacity", "sink" => name).set(sink.capacity as f64);
        metrics::gauge!("events_backpressure_waits_total", "sink" => name).set(sink.waited as f64);
    }
    for use_case in state.personalize.iter().flat_map(|p| p.stats()) {
        let name = use_case.use_case;
        metrics::gauge!("personalize_calls_total", "use_case" => name).set(use_case.calls as f64);
        metrics::gauge!("personalize_fallbacks_total", "use_case" => name)
            .set(use_case.fallbacks as f64);
        metrics::gauge!("personalize_errors_total", "use_case" => name)
            .set((use_case.errors + use_case.timeouts + use_case.throttled) as f64);
        metrics::gauge!("personalize_breaker_open", "use_case" => name)
            .set(f64::from(u8::from(use_case.breaker_is_open)));
    }
    if let Some(trained) = state.recommender.model_trained_at() {
        let age = (crate::clock::now_micros() - trained) as f64 / 1e6;
        metrics::gauge!("model_age_seconds").set(age);
    }
    for part in state.recommender.memory() {
        metrics::gauge!("engine_memory_bytes", "part" => part.part).set(part.bytes as f64);
        metrics::gauge!("engine_memory_shoppers", "part" => part.part).set(part.shoppers as f64);
    }
    if let Some(rss) = resident_bytes() {
        metrics::gauge!("process_resident_memory_bytes").set(rss as f64);
    }
    metrics::gauge!("sign_in_limits_remembered").set(state.limits.remembered() as f64);
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(handle.render())
}

/// The process's resident memory, from /proc (Linux).
pub fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}
