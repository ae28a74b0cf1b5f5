//! A fake Amazon Personalize for the tests: the runtime's POST /recommendations and
//! /personalize-ranking and the events service's POST /events, with the real JSON shapes and
//! error headers, so the real SDK clients can be pointed at it with `endpoint_url`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

/// How the fake answers.
#[derive(Debug, Clone)]
pub enum Behaviour {
    Answer,
    /// An error with Personalize's status and `x-amzn-ErrorType`.
    Fail(u16, &'static str),
    /// Answers, but only after this long.
    Slow(Duration),
}

#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    pub body: Value,
}

struct State {
    behaviour: Behaviour,
    /// What /recommendations answers, in order (product ids).
    items: Vec<String>,
    requests: Vec<Request>,
    next_id: u64,
}

pub struct FakePersonalize {
    pub url: String,
    state: Arc<Mutex<State>>,
    handle: actix_web::dev::ServerHandle,
}

impl FakePersonalize {
    pub async fn start(items: Vec<String>) -> FakePersonalize {
        let state = Arc::new(Mutex::new(State {
            behaviour: Behaviour::Answer,
            items,
            requests: Vec::new(),
            next_id: 1,
        }));
        let server = crate::fake_server::serve(state.clone(), 10 << 20, answer);
        FakePersonalize {
            url: server.url,
            state,
            handle: server.handle,
        }
    }

    pub fn set_items(&self, items: Vec<String>) {
        self.state.lock().unwrap().items = items;
    }

    pub fn set(&self, behaviour: Behaviour) {
        self.state.lock().unwrap().behaviour = behaviour;
    }

    pub fn requests(&self, path: &str) -> Vec<Request> {
        self.state
            .lock()
            .unwrap()
            .requests
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    pub async fn stop(self) {
        self.handle.stop(false).await;
    }
}

async fn answer(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<Mutex<State>>,
) -> HttpResponse {
    let path = req.path().to_string();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let (behaviour, items, id) = {
        let mut s = state.lock().unwrap();
        s.requests.push(Request {
            path: path.clone(),
            body: body.clone(),
        });
        s.next_id += 1;
        (s.behaviour.clone(), s.items.clone(), s.next_id)
    };
    match behaviour {
        Behaviour::Fail(status, code) => {
            return HttpResponse::build(
                actix_web::http::StatusCode::from_u16(status).expect("status"),
            )
            .insert_header(("x-amzn-ErrorType", code))
            .content_type("application/json")
            .body(json!({ "message": format!("fake {code}") }).to_string());
        }
        Behaviour::Slow(delay) => tokio::time::sleep(delay).await,
        Behaviour::Answer => {}
    }
    let recommendation_id = format!("RID-fake-{id}");
    let json = match path.as_str() {
        "/recommendations" => {
            let n = body["numResults"].as_u64().unwrap_or(25) as usize;
            let list: Vec<Value> = items
                .iter()
                .take(n)
                .enumerate()
                .map(|(k, item)| json!({ "itemId": item, "score": 1.0 / (k as f64 + 2.0) }))
                .collect();
            json!({ "itemList": list, "recommendationId": recommendation_id })
        }
        // The input in reverse: an order the embedded engine would not produce.
        "/personalize-ranking" => {
            let input: Vec<&str> = body["inputList"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let ranked: Vec<Value> = input
                .iter()
                .rev()
                .map(|item| json!({ "itemId": item, "score": 0.01 }))
                .collect();
            json!({ "personalizedRanking": ranked, "recommendationId": recommendation_id })
        }
        "/events" => json!({}),
        _ => {
            return HttpResponse::NotFound()
                .insert_header(("x-amzn-ErrorType", "UnknownOperationException"))
                .finish();
        }
    };
    HttpResponse::Ok()
        .content_type("application/json")
        .body(json.to_string())
}
