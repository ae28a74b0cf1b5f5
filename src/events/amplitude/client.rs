//! Requests to the HTTP V2 API: every one under the API's limits (events and bytes), retried
//! with exponential backoff on 429, 5xx and network errors, split in halves on 413, and sent
//! again without the events a 400 names (as Amplitude's batching guide asks).

use std::collections::HashSet;
use std::ops::Range;
use std::time::Duration;

use secrecy::ExposeSecret;
use serde_json::Value;

use super::MIN_ID_LENGTH;
use crate::config::AmplitudeSettings;

#[derive(Debug, thiserror::Error)]
pub enum AmplitudeError {
    #[error(
        "no Amplitude API key is configured (--amplitude-api-key, STOREFRONT_AMPLITUDE__API_KEY \
         or amplitude.api_key)"
    )]
    NoApiKey,
    #[error("cannot make the HTTP client: {0}")]
    Client(String),
}

/// The API's limits; every request stays under both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchLimits {
    pub events: usize,
    pub bytes: usize,
}

impl BatchLimits {
    pub fn of(settings: &AmplitudeSettings) -> BatchLimits {
        BatchLimits {
            events: settings.batch_event_limit,
            bytes: settings.batch_byte_limit,
        }
    }

    /// Cuts serialized events into consecutive requests of fewer than `self.events` events
    /// whose bodies (`overhead` bytes besides the events and their commas) are smaller than
    /// `self.bytes`. An event too large on its own gets a range of its own.
    pub fn plan(&self, events: &[Vec<u8>], overhead: usize) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut size = overhead;
        for (i, e) in events.iter().enumerate() {
            let comma = usize::from(i > start);
            let full = i - start + 1 >= self.events || size + comma + e.len() >= self.bytes;
            if i > start && full {
                out.push(start..i);
                start = i;
                size = overhead;
            }
            size += usize::from(i > start) + e.len();
        }
        if start < events.len() {
            out.push(start..events.len());
        }
        out
    }
}

/// What became of events handed to [`AmplitudeClient::send`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Delivery {
    pub sent: usize,
    pub lost: usize,
    /// Of the lost, those Amplitude never answered for (429, 5xx, network errors after every
    /// attempt): sending them later may work. The others it refused.
    pub unanswered: usize,
    pub requests: usize,
    pub last_error: Option<String>,
}

impl Delivery {
    pub fn add(&mut self, other: Delivery) {
        self.sent += other.sent;
        self.lost += other.lost;
        self.unanswered += other.unanswered;
        self.requests += other.requests;
        if other.last_error.is_some() {
            self.last_error = other.last_error;
        }
    }
}

/// One request's outcome after its retries.
enum Answer {
    Accepted,
    TooLarge,
    /// 400 (or another refusal): the indices of the events it names, if it names any.
    Rejected(Vec<usize>, String),
    Unanswered(String),
}

/// The body around the events: `{"api_key":…,"events":[` … `],"options":{…}}`.
fn body_parts(api_key: &str) -> (Vec<u8>, Vec<u8>) {
    let key = Value::from(api_key).to_string();
    let prefix = format!("{{\"api_key\":{key},\"events\":[");
    let suffix = format!("],\"options\":{{\"min_id_length\":{MIN_ID_LENGTH}}}}}");
    (prefix.into_bytes(), suffix.into_bytes())
}

/// The bytes of a body besides its events and commas.
pub fn body_overhead(api_key: &str) -> usize {
    let (prefix, suffix) = body_parts(api_key);
    prefix.len() + suffix.len()
}

pub struct AmplitudeClient {
    http: reqwest::Client,
    endpoint: String,
    /// Holds the API key: never logged.
    prefix: Vec<u8>,
    suffix: Vec<u8>,
    limits: BatchLimits,
    attempts: u32,
    backoff: Duration,
}

impl std::fmt::Debug for AmplitudeClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AmplitudeClient")
            .field("endpoint", &self.endpoint)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl AmplitudeClient {
    pub fn new(settings: &AmplitudeSettings) -> Result<AmplitudeClient, AmplitudeError> {
        let key = settings.api_key.as_ref().ok_or(AmplitudeError::NoApiKey)?;
        let (prefix, suffix) = body_parts(key.expose_secret());
        let http = reqwest::Client::builder()
            .timeout(Duration::from_millis(settings.timeout_ms))
            .user_agent(concat!("storefront/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| AmplitudeError::Client(e.to_string()))?;
        Ok(AmplitudeClient {
            http,
            endpoint: settings.endpoint().to_string(),
            prefix,
            suffix,
            limits: BatchLimits::of(settings),
            attempts: settings.attempts.max(1),
            backoff: Duration::from_millis(settings.backoff_ms),
        })
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    pub fn limits(&self) -> BatchLimits {
        self.limits
    }

    pub fn overhead(&self) -> usize {
        self.prefix.len() + self.suffix.len()
    }

    /// Sends serialized events, in order, in as few requests as the limits allow.
    pub async fn send(&self, events: &[Vec<u8>]) -> Delivery {
        let mut delivery = Delivery::default();
        for range in self.limits.plan(events, self.overhead()) {
            delivery.add(self.send_request(&events[range]).await);
        }
        delivery
    }

    /// One planned request, and the smaller ones a 413 or a 400 turns it into.
    async fn send_request(&self, events: &[Vec<u8>]) -> Delivery {
        let mut d = Delivery::default();
        let mut work: Vec<Vec<usize>> = vec![(0..events.len()).collect()];
        while let Some(batch) = work.pop() {
            if batch.len() == 1 && self.overhead() + events[batch[0]].len() >= self.limits.bytes {
                let size = events[batch[0]].len();
                d.lost += 1;
                d.last_error = Some(format!("an event of {size} bytes is over the size limit"));
                tracing::error!(
                    bytes = size,
                    "an event too large for Amplitude was left out"
                );
                continue;
            }
            d.requests += 1;
            match self.post(events, &batch).await {
                Answer::Accepted => d.sent += batch.len(),
                Answer::TooLarge if batch.len() > 1 => {
                    let (first, second) = batch.split_at(batch.len() / 2);
                    work.push(second.to_vec());
                    work.push(first.to_vec());
                }
                Answer::TooLarge => {
                    d.lost += 1;
                    d.last_error = Some("413 for a single event".into());
                }
                Answer::Rejected(named, error) => {
                    let named: HashSet<usize> =
                        named.into_iter().filter(|&i| i < batch.len()).collect();
                    d.last_error = Some(error);
                    if named.is_empty() || named.len() == batch.len() {
                        d.lost += batch.len();
                    } else {
                        // Only the events it names are bad: the others go again.
                        d.lost += named.len();
                        let rest = batch
                            .iter()
                            .enumerate()
                            .filter(|(k, _)| !named.contains(k))
                            .map(|(_, &i)| i)
                            .collect();
                        work.push(rest);
                    }
                }
                Answer::Unanswered(error) => {
                    d.lost += batch.len();
                    d.unanswered += batch.len();
                    d.last_error = Some(error);
                }
            }
        }
        d
    }

    async fn post(&self, events: &[Vec<u8>], batch: &[usize]) -> Answer {
        let mut body = self.prefix.clone();
        for (k, &i) in batch.iter().enumerate() {
            if k > 0 {
                body.push(b',');
            }
            body.extend_from_slice(&events[i]);
        }
        body.extend_from_slice(&self.suffix);
        let mut pause = self.backoff;
        let mut last_error = String::new();
        for attempt in 1..=self.attempts {
            if attempt > 1 {
                tokio::time::sleep(pause).await;
                pause *= 2;
            }
            let response = self
                .http
                .post(&self.endpoint)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .header(reqwest::header::ACCEPT, "*/*")
                .body(body.clone())
                .send()
                .await;
            let response = match response {
                Ok(r) => r,
                Err(e) => {
                    last_error = format!("no answer from Amplitude: {e}");
                    tracing::warn!(attempt, error = %last_error, "Amplitude request failed");
                    continue;
                }
            };
            let status = response.status().as_u16();
            if response.status().is_success() {
                return Answer::Accepted;
            }
            let text = response.text().await.unwrap_or_default();
            let text = truncate(&text, 2_000);
            match status {
                413 => {
                    tracing::warn!(
                        events = batch.len(),
                        "Amplitude: payload too large; splitting"
                    );
                    return Answer::TooLarge;
                }
                429 | 500..=599 => {
                    last_error = format!("Amplitude answered {status}: {text}");
                    tracing::warn!(attempt, status, body = %text, "Amplitude asked to retry");
                }
                _ => {
                    tracing::error!(status, events = batch.len(), body = %text, "Amplitude rejected events");
                    let named = if status == 400 {
                        rejected_indices(text)
                    } else {
                        Vec::new()
                    };
                    return Answer::Rejected(named, format!("Amplitude answered {status}: {text}"));
                }
            }
        }
        Answer::Unanswered(last_error)
    }
}

/// The events a 400 body names (by their index in the request): those with invalid or missing
/// fields, ids too short, or silenced devices.
fn rejected_indices(body: &str) -> Vec<usize> {
    let Ok(json) = serde_json::from_str::<Value>(body) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut take = |v: &Value| {
        if let Some(list) = v.as_array() {
            out.extend(list.iter().filter_map(Value::as_u64).map(|i| i as usize));
        }
    };
    for key in [
        "events_with_invalid_fields",
        "events_with_missing_fields",
        "events_with_invalid_id_lengths",
    ] {
        if let Some(fields) = json.get(key).and_then(Value::as_object) {
            fields.values().for_each(&mut take);
        }
    }
    if let Some(v) = json.get("silenced_events") {
        take(v);
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amplitude_plan_keeps_every_request_under_both_limits() {
        let events: Vec<Vec<u8>> = (0..23).map(|i| vec![b'x'; 10 + i]).collect();
        let overhead = body_overhead("key");
        for limits in [
            BatchLimits {
                events: 5,
                bytes: 1_000_000,
            },
            BatchLimits {
                events: 2_000,
                bytes: overhead + 60,
            },
        ] {
            let plan = limits.plan(&events, overhead);
            let covered: Vec<usize> = plan.iter().flat_map(std::clone::Clone::clone).collect();
            assert_eq!(covered, (0..23).collect::<Vec<_>>(), "each once, in order");
            for r in &plan {
                let bytes =
                    overhead + events[r.clone()].iter().map(Vec::len).sum::<usize>() + r.len() - 1;
                assert!(r.len() < limits.events, "{r:?}");
                assert!(bytes < limits.bytes, "{r:?}: {bytes}");
            }
        }
        let one = BatchLimits {
            events: 2_000,
            bytes: 1_000_000,
        };
        assert_eq!(one.plan(&events, overhead), vec![0..23]);
        assert!(one.plan(&[], overhead).is_empty());
    }

    #[test]
    fn amplitude_body_is_the_http_v2_shape() {
        let (prefix, suffix) = body_parts("k\"ey");
        let body = [prefix, b"{\"a\":1},{\"b\":2}".to_vec(), suffix].concat();
        let json: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["api_key"], "k\"ey");
        assert_eq!(json["events"].as_array().unwrap().len(), 2);
        assert_eq!(json["options"]["min_id_length"], MIN_ID_LENGTH);
    }

    #[test]
    fn amplitude_400_names_the_rejected_events() {
        let body = r#"{"code":400,"error":"Request missing required field",
            "events_with_invalid_fields":{"time":[3,1]},
            "events_with_missing_fields":{"event_type":[1,7]},
            "silenced_events":[9]}"#;
        assert_eq!(rejected_indices(body), vec![1, 3, 7, 9]);
        assert!(rejected_indices(r#"{"code":400,"error":"Invalid API key"}"#).is_empty());
        assert!(rejected_indices("<html>").is_empty());
    }
}
