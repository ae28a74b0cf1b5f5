//! A fake Amplitude HTTP V2 API (POST /2/httpapi) for the tests, on a wiremock server: it
//! checks requests as Amplitude does (API key, JSON body, ids of the minimum length, the size
//! limits), records every request with its answer, and can be told to throttle, fail, refuse
//! large batches or reject events. (One `Respond` with state: what it answers depends on the
//! request and on what it answered before, and the tests read the status of each answer.)

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate, matchers::any};

/// Amplitude's own limits: a larger request is answered 413.
const MAX_EVENTS: usize = 2_000;
const MAX_BYTES: usize = 1_000_000;

#[derive(Debug, Clone)]
pub struct Request {
    /// What the fake answered.
    pub status: u16,
    pub bytes: usize,
    pub body: Value,
}

impl Request {
    pub fn events(&self) -> Vec<Value> {
        self.body["events"].as_array().cloned().unwrap_or_default()
    }
}

#[derive(Default)]
struct State {
    api_key: String,
    /// Answered in turn before anything else (429, 500, 503…).
    fail_next: VecDeque<u16>,
    /// 413 for a request with more events than this.
    max_events: Option<usize>,
    /// 400 for every request, as for a wrong API key.
    reject_all: bool,
    /// 400 naming the events of this type, as for invalid fields.
    reject_type: Option<String>,
    requests: Vec<Request>,
}

pub struct FakeAmplitude {
    pub url: String,
    state: Arc<Mutex<State>>,
    /// Serves until dropped.
    _server: MockServer,
}

impl FakeAmplitude {
    pub async fn start(api_key: &str) -> FakeAmplitude {
        let state = Arc::new(Mutex::new(State {
            api_key: api_key.to_string(),
            ..State::default()
        }));
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(Amplitude(state.clone()))
            .mount(&server)
            .await;
        FakeAmplitude {
            url: server.uri(),
            state,
            _server: server,
        }
    }

    /// The HTTP V2 endpoint, for `amplitude_endpoint_url`.
    pub fn endpoint(&self) -> String {
        format!("{}/2/httpapi", self.url)
    }

    pub fn fail_next(&self, statuses: &[u16]) {
        self.state
            .lock()
            .unwrap()
            .fail_next
            .extend(statuses.iter().copied());
    }

    pub fn set_max_events(&self, max: Option<usize>) {
        self.state.lock().unwrap().max_events = max;
    }

    pub fn reject_all(&self, reject: bool) {
        self.state.lock().unwrap().reject_all = reject;
    }

    pub fn reject_type(&self, event_type: Option<&str>) {
        self.state.lock().unwrap().reject_type = event_type.map(str::to_string);
    }

    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().unwrap().requests.clone()
    }

    /// The events of the requests it answered 200, in order.
    pub fn accepted(&self) -> Vec<Value> {
        self.requests()
            .iter()
            .filter(|r| r.status == 200)
            .flat_map(Request::events)
            .collect()
    }

    /// Waits until it has accepted at least `n` events.
    pub async fn wait_for(&self, n: usize) -> Vec<Value> {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let accepted = self.accepted();
            if accepted.len() >= n || std::time::Instant::now() > deadline {
                return accepted;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Indices of events Amplitude would refuse: no event type, no id of the minimum length, a time
/// that is not an integer.
fn invalid_events(events: &[Value], min_id_length: usize) -> Vec<usize> {
    let id_ok = |v: &Value| {
        v.as_str()
            .is_some_and(|s| s.chars().count() >= min_id_length)
    };
    events
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e["event_type"].as_str().is_none_or(str::is_empty)
                || !(id_ok(&e["user_id"]) || id_ok(&e["device_id"]))
                || (e.get("time").is_some() && !e["time"].is_i64())
                || e.get("user_id").is_some_and(|u| !id_ok(u))
        })
        .map(|(i, _)| i)
        .collect()
}

/// The answers: Amplitude's checks in its order, then what the test told the fake.
struct Amplitude(Arc<Mutex<State>>);

impl Respond for Amplitude {
    fn respond(&self, req: &wiremock::Request) -> ResponseTemplate {
        let bytes = req.body.len();
        let parsed: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        let json_type = req
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        let mut s = self.0.lock().unwrap();
        let events = parsed["events"].as_array().cloned().unwrap_or_default();
        let min_id_length = parsed["options"]["min_id_length"].as_u64().unwrap_or(5) as usize;
        let (status, reply_body) =
            if req.url.path() != "/2/httpapi" || req.method.as_str() != "POST" {
                (404, json!({ "code": 404, "error": "not found" }))
            } else if !json_type || !parsed.is_object() {
                (
                    400,
                    json!({ "code": 400, "error": "Invalid JSON request body" }),
                )
            } else if s.reject_all || parsed["api_key"] != s.api_key.as_str() {
                (
                    400,
                    json!({ "code": 400, "error": "Invalid API key: fake" }),
                )
            } else if let Some(status) = s.fail_next.pop_front() {
                (status, json!({ "code": status, "error": "fake failure" }))
            } else if bytes > MAX_BYTES
                || events.len() > MAX_EVENTS
                || s.max_events.is_some_and(|m| events.len() > m)
            {
                (413, json!({ "code": 413, "error": "Payload too large" }))
            } else {
                let invalid = invalid_events(&events, min_id_length);
                let rejected: Vec<usize> = match &s.reject_type {
                    Some(t) => events
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| e["event_type"] == t.as_str())
                        .map(|(i, _)| i)
                        .collect(),
                    None => Vec::new(),
                };
                if invalid.is_empty() && rejected.is_empty() {
                    (
                        200,
                        json!({
                            "code": 200,
                            "events_ingested": events.len(),
                            "payload_size_bytes": bytes,
                            "server_upload_time": 1_700_000_000_000i64,
                        }),
                    )
                } else {
                    (
                        400,
                        json!({
                            "code": 400,
                            "error": "Request missing required field",
                            "events_with_invalid_fields": { "event_type": rejected },
                            "events_with_missing_fields": { "user_id": invalid },
                        }),
                    )
                }
            };
        s.requests.push(Request {
            status,
            bytes,
            body: parsed,
        });
        ResponseTemplate::new(status).set_body_json(reply_body)
    }
}
