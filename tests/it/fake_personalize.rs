//! A fake Amazon Personalize for the tests (a wiremock server): the runtime's POST
//! /recommendations and /personalize-ranking and the events service's POST /events, with the
//! real JSON shapes and error headers, so the real SDK clients can be pointed at it with
//! `endpoint_url`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

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
    pub body: Value,
}

pub struct FakePersonalize {
    pub url: String,
    server: MockServer,
    /// What /recommendations answers, in order (product ids).
    items: Arc<Mutex<Vec<String>>>,
    /// What a request with `promotions` gets promoted, in order.
    promoted: Arc<Mutex<Vec<String>>>,
    behaviour: Arc<Mutex<Behaviour>>,
}

/// Each answer's recommendation id, `RID-fake-N`.
fn recommendation_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("RID-fake-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

fn body_of(request: &wiremock::Request) -> Value {
    serde_json::from_slice(&request.body).unwrap_or(Value::Null)
}

/// What each call answers.
enum Answer {
    /// GetRecommendations: the first `numResults` of the fake's items, scores falling; with
    /// `promotions`, its percent of them are the promoted items instead, at every fourth place
    /// from the second, named as the promotion was.
    Recommendations {
        items: Arc<Mutex<Vec<String>>>,
        promoted: Arc<Mutex<Vec<String>>>,
    },
    /// GetPersonalizedRanking: the input in reverse, an order the embedded engine would not
    /// produce.
    Ranking,
    /// PutEvents: an empty success.
    Events,
}

impl Answer {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let body = body_of(request);
        let json = match self {
            Answer::Recommendations { items, promoted } => {
                let n = body["numResults"].as_u64().unwrap_or(25) as usize;
                let mut list: Vec<Value> = items
                    .lock()
                    .unwrap()
                    .iter()
                    .take(n)
                    .enumerate()
                    .map(|(k, item)| json!({ "itemId": item, "score": 1.0 / (k as f64 + 2.0) }))
                    .collect();
                if let Some(promotion) = body["promotions"].get(0) {
                    let percent = promotion["percentPromotedItems"].as_u64().unwrap_or(0) as usize;
                    let name = promotion["name"].clone();
                    let promoted = promoted.lock().unwrap();
                    for (k, item) in promoted.iter().take(n * percent / 100).enumerate() {
                        let at = (1 + 4 * k).min(list.len());
                        list.insert(at, json!({ "itemId": item, "promotionName": name }));
                    }
                    list.truncate(n);
                }
                json!({ "itemList": list, "recommendationId": recommendation_id() })
            }
            Answer::Ranking => {
                let input: Vec<&str> = body["inputList"]
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let ranked: Vec<Value> = input
                    .iter()
                    .rev()
                    .map(|item| json!({ "itemId": item, "score": 0.01 }))
                    .collect();
                json!({ "personalizedRanking": ranked, "recommendationId": recommendation_id() })
            }
            Answer::Events => json!({}),
        };
        ResponseTemplate::new(200).set_body_json(json)
    }
}

/// Answers as `answer` does, unless the test set a failure or a delay. (Not a scoped mock of
/// higher priority: wiremock 0.6.5 sorts its mocks by priority as requests come and then
/// unmounts a dropped scoped mock by its old index, i.e. possibly another one.)
struct AsTold {
    behaviour: Arc<Mutex<Behaviour>>,
    answer: Answer,
}

impl Respond for AsTold {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let behaviour = self.behaviour.lock().unwrap().clone();
        match behaviour {
            Behaviour::Answer => self.answer.respond(request),
            Behaviour::Fail(status, code) => ResponseTemplate::new(status)
                .insert_header("x-amzn-ErrorType", code)
                .set_body_json(json!({ "message": format!("fake {code}") })),
            Behaviour::Slow(delay) => self.answer.respond(request).set_delay(delay),
        }
    }
}

impl FakePersonalize {
    pub async fn start(items: Vec<String>) -> FakePersonalize {
        let server = MockServer::start().await;
        let items = Arc::new(Mutex::new(items));
        let promoted = Arc::new(Mutex::new(Vec::new()));
        let behaviour = Arc::new(Mutex::new(Behaviour::Answer));
        let post = |to: &str| Mock::given(method("POST")).and(path(to));
        let as_told = |answer| AsTold {
            behaviour: behaviour.clone(),
            answer,
        };
        post("/recommendations")
            .respond_with(as_told(Answer::Recommendations {
                items: items.clone(),
                promoted: promoted.clone(),
            }))
            .mount(&server)
            .await;
        post("/personalize-ranking")
            .respond_with(as_told(Answer::Ranking))
            .mount(&server)
            .await;
        post("/events")
            .respond_with(as_told(Answer::Events))
            .mount(&server)
            .await;
        FakePersonalize {
            url: server.uri(),
            server,
            items,
            promoted,
            behaviour,
        }
    }

    pub fn set_items(&self, items: Vec<String>) {
        *self.items.lock().unwrap() = items;
    }

    pub fn set_promoted(&self, items: Vec<String>) {
        *self.promoted.lock().unwrap() = items;
    }

    pub fn set(&self, behaviour: Behaviour) {
        *self.behaviour.lock().unwrap() = behaviour;
    }

    /// The requests made to `path`, in order.
    pub async fn requests(&self, path: &str) -> Vec<Request> {
        self.server
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .filter(|r| r.url.path() == path)
            .map(|r| Request { body: body_of(r) })
            .collect()
    }
}
