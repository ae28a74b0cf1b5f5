//! HTTP: thin handlers by page. Each extracts, calls one or two services, renders.

pub mod account;
pub mod analytics;
pub mod assets;
pub mod cards;
pub mod cart;
pub mod context;
pub mod csrf;
pub mod error;
pub mod presenter;
pub mod profile;
pub mod session;
pub mod shop;
pub mod trace;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(shop::home))
        .route("/category/{name}", web::get().to(shop::category))
        .route("/product/{id}", web::get().to(shop::product))
        .route("/search", web::get().to(shop::search))
        .route("/cart", web::get().to(cart::view_cart))
        .route("/cart/add", web::post().to(cart::add))
        .route("/cart/update", web::post().to(cart::update))
        .route("/cart/remove", web::post().to(cart::remove))
        .route("/checkout", web::get().to(cart::checkout_form))
        .route("/checkout", web::post().to(cart::place_order))
        .route("/orders/{id}", web::get().to(cart::order))
        .route("/signup", web::get().to(account::signup_form))
        .route("/signup", web::post().to(account::signup))
        .route("/signin", web::get().to(account::signin_form))
        .route("/signin", web::post().to(account::signin))
        .route("/signout", web::post().to(account::signout))
        .route("/profile", web::get().to(profile::profile))
        .route("/profile/select", web::post().to(profile::select))
        .route("/profile/save", web::post().to(profile::save))
        .route("/profile/reset", web::post().to(profile::reset))
        .route("/analytics", web::get().to(analytics::page))
        .route("/events", web::get().to(presenter::page))
        .route("/events/feed", web::get().to(presenter::feed))
        .route("/healthz", web::get().to(assets::healthz))
        .route("/static/style.css", web::get().to(assets::style))
        .route("/static/app.js", web::get().to(assets::script))
        .route("/favicon.svg", web::get().to(assets::favicon))
        .route(
            "/images/product/{file}",
            web::get().to(assets::product_image),
        )
        .route(
            "/images/category/{file}",
            web::get().to(assets::category_image),
        )
        .default_service(web::to(assets::not_found));
}
