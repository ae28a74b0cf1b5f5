//! One shopper's browser: a cookie jar of its own over a client shared by the crowd, redirects
//! followed by hand (so cookies set on a 303 are kept, as a browser keeps them), every request
//! timed and marked with the simulation header.

use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Client, Method, StatusCode};

/// The request header that marks simulated traffic: the shop records the events of these
/// requests with `"simulated": true` and the header's value as `simulationRun`, so training and
/// the Personalize export skip them while the live state reacts as to any shopper.
pub const SIMULATION_HEADER: &str = "x-storefront-simulation";

const MAX_REDIRECTS: usize = 5;

/// A run's label as the simulation header carries it: 1 to 64 of `[A-Za-z0-9._:-]`.
pub fn valid_label(label: &str) -> bool {
    (1..=64).contains(&label.len()) && label.bytes().all(label_byte)
}

/// What the shop keeps of a simulation header's value: its label characters, at most 64 (or
/// `simulated` when none is left).
pub fn sanitize_label(raw: &[u8]) -> String {
    let label: String = raw
        .iter()
        .copied()
        .filter(|&b| label_byte(b))
        .take(64)
        .map(char::from)
        .collect();
    if label.is_empty() {
        "simulated".to_string()
    } else {
        label
    }
}

fn label_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-')
}

#[derive(Debug, thiserror::Error)]
pub enum BrowseError {
    #[error("cannot reach {url}: {source}")]
    Unreachable {
        url: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("{method} {path} took longer than {0:?}", .timeout)]
    Timeout {
        method: Method,
        path: String,
        timeout: Duration,
    },
    #[error("{method} {path} answered {status}")]
    Status {
        method: Method,
        path: String,
        status: StatusCode,
    },
    #[error("{method} {path}: {source}")]
    Http {
        method: Method,
        path: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("{path}: more than {MAX_REDIRECTS} redirects")]
    Redirects { path: String },
}

impl BrowseError {
    /// A server error (5xx): the shop failed, not the shopper.
    pub fn is_server_error(&self) -> bool {
        matches!(self, BrowseError::Status { status, .. } if status.is_server_error())
    }
}

/// A page as the browser ends up on it, after any redirects.
#[derive(Debug)]
pub struct Fetched {
    /// The path (and query) of the final page.
    pub path: String,
    pub body: String,
}

/// Every request's latency in microseconds, and how many were made.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub latencies_us: Vec<u32>,
}

pub struct Browser {
    client: Client,
    base: String,
    label: String,
    cookies: Vec<(String, String)>,
    timeout: Duration,
    pub timings: Timings,
}

impl Browser {
    /// A fresh browser (no cookies) against the shop at `base` (`http://host:port`, no trailing
    /// slash), marking its requests with `label`.
    pub fn new(client: Client, base: &str, label: &str, timeout: Duration) -> Browser {
        Browser {
            client,
            base: base.trim_end_matches('/').to_string(),
            label: label.to_string(),
            cookies: Vec::new(),
            timeout,
            timings: Timings::default(),
        }
    }

    /// The shared client: no automatic redirects (this browser follows them itself, keeping the
    /// cookies of each hop), keep-alive connections.
    pub fn client(concurrency: usize, timeout: Duration) -> Result<Client, reqwest::Error> {
        Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // A last guard; each request's own timeout (`timed`) names what took too long.
            .timeout(timeout * 2)
            .pool_max_idle_per_host(concurrency.max(1))
            .tcp_nodelay(true)
            .build()
    }

    pub async fn get(&mut self, path: &str) -> Result<Fetched, BrowseError> {
        self.request(Method::GET, path, None).await
    }

    /// Submits a form (`application/x-www-form-urlencoded`) and follows the redirect.
    pub async fn post_form(
        &mut self,
        path: &str,
        fields: &[(String, String)],
    ) -> Result<Fetched, BrowseError> {
        let body = serde_urlencoded::to_string(fields).unwrap_or_default();
        self.request(Method::POST, path, Some(body)).await
    }

    async fn request(
        &mut self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<Fetched, BrowseError> {
        let mut method = method;
        let mut path = path.to_string();
        let mut body = body;
        for _ in 0..=MAX_REDIRECTS {
            let url = format!("{}{path}", self.base);
            let mut request = self
                .client
                .request(method.clone(), &url)
                .header(SIMULATION_HEADER, &self.label);
            if !self.cookies.is_empty() {
                request = request.header(COOKIE, self.cookie_header());
            }
            if let Some(b) = body.take() {
                request = request
                    .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(b);
            }
            let started = Instant::now();
            let response = self.timed(&method, &path, request.send()).await?;
            self.keep_cookies(&response);
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .unwrap_or("/")
                    .to_string();
                // Drain the (empty) body so the connection goes back to the pool.
                self.timed(&method, &path, response.bytes()).await?;
                self.record(started);
                path = self.local_path(&location);
                if status == StatusCode::SEE_OTHER
                    || ((status == StatusCode::FOUND || status == StatusCode::MOVED_PERMANENTLY)
                        && method == Method::POST)
                {
                    method = Method::GET;
                }
                continue;
            }
            let text = self.timed(&method, &path, response.text()).await?;
            self.record(started);
            if !status.is_success() {
                return Err(BrowseError::Status {
                    method,
                    path,
                    status,
                });
            }
            return Ok(Fetched { path, body: text });
        }
        Err(BrowseError::Redirects { path })
    }

    /// `future` within the request timeout, its error named after the request.
    async fn timed<T>(
        &self,
        method: &Method,
        path: &str,
        future: impl Future<Output = Result<T, reqwest::Error>>,
    ) -> Result<T, BrowseError> {
        match tokio::time::timeout(self.timeout, future).await {
            Err(_) => Err(BrowseError::Timeout {
                method: method.clone(),
                path: path.to_string(),
                timeout: self.timeout,
            }),
            Ok(Err(source)) if source.is_connect() => Err(BrowseError::Unreachable {
                url: format!("{}{path}", self.base),
                source,
            }),
            Ok(Err(source)) => Err(BrowseError::Http {
                method: method.clone(),
                path: path.to_string(),
                source,
            }),
            Ok(Ok(value)) => Ok(value),
        }
    }

    fn record(&mut self, started: Instant) {
        let micros = u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX);
        self.timings.latencies_us.push(micros);
    }

    /// A redirect's target as a path on this shop (absolute URLs on the same base are cut down).
    fn local_path(&self, location: &str) -> String {
        location
            .strip_prefix(&self.base)
            .unwrap_or(location)
            .to_string()
    }

    fn cookie_header(&self) -> String {
        let mut header = String::new();
        for (i, (name, value)) in self.cookies.iter().enumerate() {
            if i > 0 {
                header.push_str("; ");
            }
            header.push_str(name);
            header.push('=');
            header.push_str(value);
        }
        header
    }

    /// Keeps each `Set-Cookie` (name=value; an expired or emptied cookie is removed).
    fn keep_cookies(&mut self, response: &reqwest::Response) {
        for header in response.headers().get_all(SET_COOKIE) {
            let Ok(text) = header.to_str() else { continue };
            let mut parts = text.split(';');
            let Some((name, value)) = parts.next().and_then(|p| p.split_once('=')) else {
                continue;
            };
            let (name, value) = (name.trim(), value.trim());
            let expired = parts.any(|attribute| {
                let a = attribute.trim().to_ascii_lowercase();
                a == "max-age=0" || a.starts_with("max-age=-")
            });
            self.cookies.retain(|(n, _)| n != name);
            if !expired && !value.is_empty() {
                self.cookies.push((name.to_string(), value.to_string()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_checked_on_the_way_out_and_cleaned_on_the_way_in() {
        assert!(valid_label("shoppers-42"));
        assert!(valid_label("run_1.a:b"));
        assert!(!valid_label(""));
        assert!(!valid_label("my run"));
        assert!(!valid_label("café"));
        assert!(!valid_label(&"x".repeat(65)));
        assert_eq!(sanitize_label(b"my run<script>"), "myrunscript");
        assert_eq!(sanitize_label("café".as_bytes()), "caf");
        assert_eq!(sanitize_label(b"  "), "simulated");
        assert_eq!(sanitize_label("y".repeat(100).as_bytes()).len(), 64);
    }
}
