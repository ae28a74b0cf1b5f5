//! Static files built into the binary and the drawn product pictures.

use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use actix_web::{HttpResponse, web};

use super::error::WebError;
use crate::app::AppState;
use product_art::{ImageSpec, category_svg, product_svg};

const STYLE_CSS: &str = include_str!("../../static/style.css");
const APP_JS: &str = include_str!("../../static/app.js");
const FAVICON: &str = include_str!("../../static/favicon.svg");

fn asset(content_type: &'static str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, content_type))
        .insert_header((CACHE_CONTROL, "public, max-age=3600"))
        .body(body)
}

pub async fn style() -> HttpResponse {
    asset("text/css; charset=utf-8", STYLE_CSS)
}

pub async fn script() -> HttpResponse {
    asset("text/javascript; charset=utf-8", APP_JS)
}

pub async fn favicon() -> HttpResponse {
    asset("image/svg+xml", FAVICON)
}

fn svg(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "image/svg+xml"))
        // Pictures are drawn from the product, so they change only with the catalog.
        .insert_header((CACHE_CONTROL, "public, max-age=86400"))
        .body(body)
}

pub async fn product_image(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let id = path.strip_suffix(".svg").unwrap_or(&path);
    let p = state.catalog.product(id).ok_or(WebError::NotFound)?;
    Ok(svg(product_svg(&ImageSpec {
        id: p.id.as_str(),
        name: &p.name,
        category: &p.category,
        style: &p.style,
        description: &p.description,
    })))
}

pub async fn category_image(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let name = path.strip_suffix(".svg").unwrap_or(&path);
    if name != crate::catalog::FEATURED && state.catalog.category(name).is_none() {
        return Err(WebError::NotFound);
    }
    Ok(svg(category_svg(name)))
}

pub async fn not_found() -> Result<HttpResponse, WebError> {
    Err(WebError::NotFound)
}
