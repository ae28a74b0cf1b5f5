//! What the fakes of outside services (Personalize, Amplitude) share: one local server on a free
//! port that hands every request to one handler, with the fake's state as app data.

use std::sync::{Arc, Mutex};

use actix_web::dev::ServerHandle;
use actix_web::{App, FromRequest, Handler, HttpServer, Responder, web};

/// A running fake: its base URL and the handle that stops it.
pub struct FakeServer {
    pub url: String,
    pub handle: ServerHandle,
}

/// Serves `answer` for every path on 127.0.0.1 (one worker, bodies up to `max_body` bytes);
/// handlers read `state` as `web::Data<Mutex<S>>`.
pub fn serve<S, F, Args>(state: Arc<Mutex<S>>, max_body: usize, answer: F) -> FakeServer
where
    S: Send + 'static,
    F: Handler<Args> + Clone + Send + 'static,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    let shared = web::Data::from(state);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(shared.clone())
            .app_data(web::PayloadConfig::new(max_body))
            .default_service(web::to(answer.clone()))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .expect("bind the fake");
    let port = server.addrs()[0].port();
    let server = server.run();
    let handle = server.handle();
    tokio::spawn(server);
    FakeServer {
        url: format!("http://127.0.0.1:{port}"),
        handle,
    }
}
