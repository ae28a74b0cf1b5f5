//! Visits against a tiny fake shop (six products, the contract's markup): a run repeats for a
//! seed, choices follow the shopper's utilities, forms carry the CSRF token and the session
//! cookie, server errors are counted and a page without the contract stops the run.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use shopper_sim::{Crowd, CrowdError, Interest, Judgement, Params, Population, Rng, Shopper};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const PRODUCTS: usize = 6;

#[derive(Default)]
struct Log {
    requests: Vec<String>,
    forbidden: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Shop,
    /// `/product/p2` answers 500.
    Failing,
    /// The home page has no shelf.
    NotTheShop,
}

fn card(i: usize, feature: &str) -> String {
    format!(
        r#"<article class="card" data-product-id="p{i}" data-category="c"><a href="/product/p{i}?feature={feature}&amp;exp=1~a~{i}">P{i}</a></article>"#
    )
}

fn page(body: &str, shopper: bool) -> String {
    let header = if shopper {
        r#"<div data-shopper-id="s1" data-persona="c_d_e"></div>"#
    } else {
        ""
    };
    format!("<!doctype html><html><body>{header}{body}</body></html>")
}

fn respond(
    mode: Mode,
    method: &str,
    path: &str,
    cookie: bool,
    body: &str,
) -> (u16, String, String) {
    let form = |action: &str, fields: &str| {
        format!(
            r#"<form method="post" action="{action}"><input type="hidden" name="csrf_token" value="tok">{fields}<button>Go</button></form>"#
        )
    };
    let csrf_ok = body.contains("csrf_token=tok");
    let path_only = path.split('?').next().unwrap_or(path);
    match (method, path_only) {
        ("GET", "/") => {
            let shelf = if mode == Mode::NotTheShop {
                String::new()
            } else {
                let cards: String = (0..PRODUCTS)
                    .map(|i| card(i, "home_product_recs"))
                    .collect();
                format!(r#"<section data-feature="home_product_recs">{cards}</section>"#)
            };
            (200, page(&shelf, cookie), String::new())
        }
        ("GET", "/healthz") => (200, "ok".into(), String::new()),
        ("GET", "/profile") => (
            200,
            page(&form("/profile/select", ""), false),
            String::new(),
        ),
        ("POST", "/profile/save") if csrf_ok && cookie && body.contains("shopper_id=s1") => {
            (303, String::new(), "/".into())
        }
        ("GET", p) if p.starts_with("/product/p") => {
            let i: usize = p.trim_start_matches("/product/p").parse().unwrap_or(0);
            if mode == Mode::Failing && i == 2 {
                return (500, "boom".into(), String::new());
            }
            let related: String = (1..4)
                .map(|k| card((i + k) % PRODUCTS, "product_detail_related"))
                .collect();
            let body = format!(
                r#"<article data-product-id="p{i}" data-category="c"></article>{}<section data-feature="product_detail_related">{related}</section>"#,
                form(
                    "/cart/add",
                    &format!(
                        r#"<input type="hidden" name="product_id" value="p{i}"><input name="quantity" value="1">"#
                    )
                )
            );
            (200, page(&body, cookie), String::new())
        }
        ("POST", "/cart/add") if csrf_ok && cookie => {
            let id = body
                .split('&')
                .find_map(|kv| kv.strip_prefix("product_id="))
                .unwrap_or("p0")
                .to_string();
            (303, String::new(), format!("/product/{id}"))
        }
        ("GET", "/cart") => (
            200,
            page("<table data-feature=\"cart\"></table>", cookie),
            String::new(),
        ),
        ("GET", "/checkout") => (
            200,
            page(
                &form(
                    "/checkout",
                    r#"<input name="name" value="" required><input name="city" value="Here" required>"#,
                ),
                cookie,
            ),
            String::new(),
        ),
        ("POST", "/checkout") if csrf_ok && cookie && body.contains("name=Sim") => {
            (303, String::new(), "/orders/o1".into())
        }
        ("GET", "/orders/o1") => (200, page("<p>Thanks</p>", cookie), String::new()),
        ("POST", _) => (403, "forbidden".into(), String::new()),
        _ => (404, "not found".into(), String::new()),
    }
}

/// Serves the fake shop; every request's method and path go to the log.
async fn fake_shop(mode: Mode) -> (String, Arc<Mutex<Log>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    let log = Arc::new(Mutex::new(Log::default()));
    let shared = Arc::clone(&log);
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let log = Arc::clone(&shared);
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                loop {
                    // One request: the head, then Content-Length bytes.
                    let head_end = loop {
                        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                        let mut chunk = [0u8; 4096];
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
                    let mut lines = head.lines();
                    let mut first = lines.next().unwrap_or("").split(' ');
                    let method = first.next().unwrap_or("").to_string();
                    let path = first.next().unwrap_or("").to_string();
                    let headers: HashMap<String, String> = lines
                        .filter_map(|l| l.split_once(": "))
                        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
                        .collect();
                    let length: usize = headers
                        .get("content-length")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    while buffer.len() < head_end + length {
                        let mut chunk = [0u8; 4096];
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let body =
                        String::from_utf8_lossy(&buffer[head_end..head_end + length]).to_string();
                    buffer.drain(..head_end + length);
                    assert!(headers.contains_key("x-storefront-simulation"), "marked");
                    let cookie = headers
                        .get("cookie")
                        .is_some_and(|c| c.contains("session=abc"));
                    let (status, text, location) = respond(mode, &method, &path, cookie, &body);
                    {
                        let mut log = log.lock().expect("log");
                        log.requests.push(format!("{method} {path}"));
                        log.forbidden += usize::from(status == 403);
                    }
                    let mut response = format!(
                        "HTTP/1.1 {status} X\r\ncontent-type: text/html\r\ncontent-length: {}\r\n",
                        text.len()
                    );
                    if !cookie {
                        response.push_str("set-cookie: session=abc; Path=/; HttpOnly\r\n");
                    }
                    if !location.is_empty() {
                        response.push_str(&format!("location: {location}\r\n"));
                    }
                    response.push_str("\r\n");
                    response.push_str(&text);
                    if socket.write_all(response.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (address, log)
}

/// A shopper who likes product p`favourite` far more than the others.
struct Fan {
    favourite: usize,
    emulate: bool,
    interests: Vec<Interest>,
}

impl Shopper for Fan {
    fn emulate(&self) -> Option<&str> {
        self.emulate.then_some("s1")
    }
    fn interests(&self) -> &[Interest] {
        &self.interests
    }
    fn discount_persona(&self) -> &str {
        "discount_indifferent"
    }
    fn judge(&self, product_id: &str) -> Option<Judgement> {
        let i: usize = product_id.strip_prefix('p')?.parse().ok()?;
        Some(Judgement {
            utility: if i == self.favourite { 8.0 } else { 0.0 },
            price: 20.0,
            interest: Some(0),
        })
    }
    fn checkout_details(&self) -> Vec<(String, String)> {
        vec![
            ("name".into(), "Sim".into()),
            ("city".into(), "There".into()),
        ]
    }
    fn noise_seed(&self) -> u64 {
        7
    }
}

struct Fans {
    favourite: usize,
}

impl Population for Fans {
    type Shopper = Fan;
    fn shopper(&self, index: u64, _: &Params, _: &mut Rng) -> Fan {
        Fan {
            favourite: self.favourite,
            emulate: index.is_multiple_of(2),
            interests: vec![Interest {
                category: "c".into(),
                weight: 1.0,
                search_terms: vec!["thing".into()],
            }],
        }
    }
}

fn crowd(url: &str, count: u64, seed: u64) -> Crowd {
    let mut params = Params::default();
    params.arrival.category = 0.0;
    params.arrival.search = 0.0;
    Crowd {
        url: url.to_string(),
        count: Some(count),
        duration: None,
        concurrency: 1,
        seed,
        label: "fake".into(),
        params,
        timeout: Duration::from_secs(5),
    }
}

#[tokio::test]
async fn a_run_repeats_for_its_seed_and_follows_the_shoppers_tastes() {
    let (url, log) = fake_shop(Mode::Shop).await;
    let run = |seed| {
        let url = url.clone();
        let log = Arc::clone(&log);
        async move {
            log.lock().expect("log").requests.clear();
            let report = crowd(&url, 60, seed)
                .run(Fans { favourite: 3 }, |_| {})
                .await
                .expect("run");
            (report, log.lock().expect("log").requests.clone())
        }
    };
    let (first, requests) = run(5).await;
    let (again, same) = run(5).await;
    let (_, other) = run(6).await;
    assert_eq!(requests, same, "the same seed makes the same visits");
    assert_ne!(requests, other, "another seed, other visits");
    assert_eq!(first.totals, again.totals);
    assert_eq!(first.totals.sessions, 60);
    assert_eq!(
        first.totals.emulated, 30,
        "every other visitor emulates through the profile"
    );
    assert_eq!(
        log.lock().expect("log").forbidden,
        0,
        "every form carried the token and cookie"
    );
    // Product p3, the favourite, draws most clicks from the home page.
    let views = |id: &str| {
        requests
            .iter()
            .filter(|r| r.starts_with(&format!("GET /product/{id}?")))
            .count()
    };
    assert!(
        views("p3") > 3 * (views("p0") + views("p1")),
        "p3 {} p0 {} p1 {}",
        views("p3"),
        views("p0"),
        views("p1")
    );
    // Orders went through the checkout form with the shopper's details.
    assert!(first.totals.orders > 0, "{:?}", first.totals);
    assert_eq!(
        first.totals.orders as usize,
        requests.iter().filter(|r| *r == "POST /checkout").count()
    );
}

#[tokio::test]
async fn server_errors_are_counted_and_a_page_without_the_contract_stops_the_run() {
    let (url, _) = fake_shop(Mode::Failing).await;
    // Everyone loves p2, whose page fails.
    let report = crowd(&url, 20, 1)
        .run(Fans { favourite: 2 }, |_| {})
        .await
        .expect("a report");
    assert!(report.totals.errors > 0, "{:?}", report.totals);
    assert!(
        report.first_errors.iter().any(|e| e.contains("500")),
        "{:?}",
        report.first_errors
    );

    let (url, _) = fake_shop(Mode::NotTheShop).await;
    match crowd(&url, 5, 1).run(Fans { favourite: 2 }, |_| {}).await {
        Err(CrowdError::NotTheShop(message)) => {
            assert!(message.contains("data-feature"), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    match crowd("http://127.0.0.1:9", 5, 1)
        .run(Fans { favourite: 2 }, |_| {})
        .await
    {
        Err(CrowdError::Unreachable(message)) => {
            assert!(message.contains("cannot reach"), "{message}");
        }
        other => panic!("expected unreachable, got {other:?}"),
    }
}
