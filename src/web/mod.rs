//! HTTP: thin handlers by page. Each extracts, calls one or two services, renders.

pub mod account;
pub mod analytics;
pub mod assets;
pub mod cards;
pub mod cart;
pub mod charts;
pub mod context;
pub mod csrf;
pub mod error;
pub mod experiments;
pub mod guide;
pub mod headers;
pub mod health;
pub mod limits;
pub mod operator;
pub mod presenter;
pub mod profile;
pub mod session;
pub mod shop;
pub mod trace;
pub mod views;

use actix_web::http::Method;
use actix_web::web;

/// One route of the shop: method, path and how to build its handler.
pub struct Endpoint {
    pub method: Method,
    pub path: &'static str,
    handler: fn() -> actix_web::Route,
}

impl Endpoint {
    const fn get(path: &'static str, handler: fn() -> actix_web::Route) -> Endpoint {
        Endpoint {
            method: Method::GET,
            path,
            handler,
        }
    }

    const fn post(path: &'static str, handler: fn() -> actix_web::Route) -> Endpoint {
        Endpoint {
            method: Method::POST,
            path,
            handler,
        }
    }
}

/// Every route the router serves, written once: `routes` builds the router from it, and the
/// tests read it (every POST must refuse a form without the session's CSRF token).
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint::get("/", || web::to(shop::home)),
    Endpoint::get("/category/{name}", || web::to(shop::category)),
    Endpoint::get("/product/{id}", || web::to(shop::product)),
    Endpoint::get("/search", || web::to(shop::search)),
    Endpoint::get("/welcome", || web::to(guide::welcome)),
    Endpoint::get("/guide", || web::to(guide::guide)),
    Endpoint::get("/cart", || web::to(cart::view_cart)),
    Endpoint::post("/cart/add", || web::to(cart::add)),
    Endpoint::post("/cart/update", || web::to(cart::update)),
    Endpoint::post("/cart/remove", || web::to(cart::remove)),
    Endpoint::get("/checkout", || web::to(cart::checkout_form)),
    Endpoint::post("/checkout", || web::to(cart::place_order)),
    Endpoint::get("/orders/{id}", || web::to(cart::order)),
    Endpoint::get("/signup", || web::to(account::signup_form)),
    Endpoint::post("/signup", || web::to(account::signup)),
    Endpoint::get("/signin", || web::to(account::signin_form)),
    Endpoint::post("/signin", || web::to(account::signin)),
    Endpoint::post("/signout", || web::to(account::signout)),
    Endpoint::get("/profile", || web::to(profile::profile)),
    Endpoint::post("/profile/select", || web::to(profile::select)),
    Endpoint::post("/profile/save", || web::to(profile::save)),
    Endpoint::post("/profile/reset", || web::to(profile::reset)),
    Endpoint::post("/profile/switch", || web::to(profile::switch)),
    Endpoint::get("/analytics", || web::to(analytics::page)),
    Endpoint::get("/experiments", || web::to(experiments::list)),
    Endpoint::get("/experiments/signin", || web::to(experiments::signin_form)),
    Endpoint::post("/experiments/signin", || web::to(experiments::signin)),
    Endpoint::post("/experiments/signout", || web::to(experiments::signout)),
    Endpoint::get("/experiments/new", || web::to(experiments::new_form)),
    Endpoint::post("/experiments/new", || web::to(experiments::create)),
    Endpoint::get("/experiments/{id}", || web::to(experiments::show)),
    Endpoint::get("/experiments/{id}/results.json", || {
        web::to(experiments::show_json)
    }),
    Endpoint::post("/experiments/{id}/start", || web::to(experiments::start)),
    Endpoint::post("/experiments/{id}/stop", || web::to(experiments::stop)),
    Endpoint::get("/events", || web::to(presenter::page)),
    Endpoint::get("/events/feed", || web::to(presenter::feed)),
    Endpoint::get("/healthz", || web::to(health::healthz)),
    Endpoint::get("/readyz", || web::to(health::readyz)),
    Endpoint::get("/metrics", || web::to(health::metrics)),
    Endpoint::get("/static/style.css", || web::to(assets::style)),
    Endpoint::get("/static/app.js", || web::to(assets::script)),
    Endpoint::get("/favicon.svg", || web::to(assets::favicon)),
    Endpoint::get("/images/product/{file}", || web::to(assets::product_image)),
    Endpoint::get("/images/category/{file}", || {
        web::to(assets::category_image)
    }),
];

/// The paths of every POST route (with their `{parameters}` as the router spells them).
pub fn post_paths() -> impl Iterator<Item = &'static str> {
    ENDPOINTS
        .iter()
        .filter(|e| e.method == Method::POST)
        .map(|e| e.path)
}

/// The router: one resource per path with a route per method (a GET route answers HEAD too,
/// without its body), so a path asked with a method it does not take gets 405 and an `Allow`
/// header, and an unknown path the shop's 404 page.
pub fn routes(cfg: &mut web::ServiceConfig) {
    let mut paths: Vec<&'static str> = Vec::new();
    for endpoint in ENDPOINTS {
        if !paths.contains(&endpoint.path) {
            paths.push(endpoint.path);
        }
    }
    for path in paths {
        let mut resource = web::resource(path);
        let mut allowed: Vec<&str> = Vec::new();
        for endpoint in ENDPOINTS.iter().filter(|e| e.path == path) {
            resource = resource.route((endpoint.handler)().method(endpoint.method.clone()));
            allowed.push(endpoint.method.as_str());
            if endpoint.method == Method::GET {
                resource = resource.route((endpoint.handler)().method(Method::HEAD));
                allowed.push(Method::HEAD.as_str());
            }
        }
        let allow = allowed.join(", ");
        resource = resource.default_service(web::to(move || {
            let allow = allow.clone();
            async move { error::method_not_allowed(&allow) }
        }));
        cfg.service(resource);
    }
    cfg.default_service(web::to(assets::not_found));
}
