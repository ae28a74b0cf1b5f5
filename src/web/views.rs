//! What templates show: the header, product cards and shelves, built from domain values.

use actix_web::HttpResponse;
use askama::Template;

use super::error::WebError;
use crate::catalog::Catalog;
use crate::domain::{Category, Feature, Product, Shopper};
use crate::experiments::{ShelfAnswer, Shown};
use crate::recs::{ReasonText, RecList};

#[derive(Debug, Clone)]
pub struct NavLink {
    pub name: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "partials/nav.html")]
struct NavHtml<'a> {
    links: &'a [NavLink],
}

#[derive(Template)]
#[template(path = "partials/tiles.html")]
struct TilesHtml<'a> {
    links: &'a [NavLink],
}

/// The category navigation and the home page's category tiles, rendered once: they are the
/// same on every page.
pub struct Navigation {
    pub header: std::sync::Arc<str>,
    pub tiles: std::sync::Arc<str>,
}

impl Navigation {
    pub fn for_catalog(catalog: &Catalog) -> Result<Navigation, askama::Error> {
        let links: Vec<NavLink> = catalog
            .categories()
            .map(|c| NavLink {
                name: c.name.clone(),
                label: c.label(),
            })
            .collect();
        Ok(Navigation {
            header: NavHtml { links: &links }.render()?.into(),
            tiles: TilesHtml { links: &links }.render()?.into(),
        })
    }
}

pub struct Header {
    pub csrf_token: String,
    /// The category links, pre-rendered (see `Navigation`).
    pub nav: std::sync::Arc<str>,
    pub account_name: Option<String>,
    /// The shopper being emulated, if any.
    pub emulated: Option<std::sync::Arc<Shopper>>,
    pub cart_count: i64,
    pub flash: Option<String>,
    pub query: String,
}

pub struct CardView {
    pub id: String,
    pub name: String,
    pub category: String,
    pub category_label: String,
    pub style: String,
    pub price: String,
    pub image_url: String,
    /// Product page link; carries `?feature=` so the view event knows which shelf led there.
    pub href: String,
}

impl CardView {
    pub fn new(p: &Product, feature: Option<Feature>) -> CardView {
        let href = match feature {
            Some(f) => format!("/product/{}?feature={}", url_encode(p.id.as_str()), f),
            None => format!("/product/{}", url_encode(p.id.as_str())),
        };
        CardView {
            id: p.id.0.clone(),
            name: p.name.clone(),
            category: p.category.clone(),
            category_label: Category::display_name(&p.category),
            style: p.style.clone(),
            price: p.price.to_string(),
            image_url: image_url(p),
            href,
        }
    }
}

pub fn image_url(p: &Product) -> String {
    format!("/images/product/{}.svg", url_encode(p.id.as_str()))
}

/// A card on a shelf: its pre-rendered HTML (see `cards`) and why it is there.
pub struct ShelfCard<'a> {
    pub html: super::cards::CardOut<'a>,
    pub reason: Option<ReasonText<'a>>,
    /// On an interleaved shelf: the variation (ranker) that contributed the card.
    pub ranker: Option<&'a str>,
}

/// The experiment a shelf is under, as the page shows it (`data-experiment`, `data-variation`,
/// and the presenter's badge).
pub struct ShelfExperiment<'a> {
    pub id: i64,
    pub name: &'a str,
    pub variation: &'a str,
    pub strategy: &'a str,
}

pub struct ShelfView<'a> {
    pub title: String,
    pub feature: Feature,
    /// Which engine answered, for the presenter's badge.
    pub badge: String,
    pub cards: Vec<ShelfCard<'a>>,
    pub experiment: Option<ShelfExperiment<'a>>,
}

impl<'a> ShelfView<'a> {
    /// A shelf as an engine answered it, outside any experiment.
    pub fn from_recs(
        cards: &'a super::cards::CardCache,
        title: &str,
        feature: Feature,
        recs: &'a RecList,
    ) -> Self {
        Self::new(cards, title, feature, recs, None, 0)
    }

    /// A shelf as the experiments runtime answered it.
    pub fn from_answer(
        cards: &'a super::cards::CardCache,
        title: &str,
        feature: Feature,
        answer: &'a ShelfAnswer,
    ) -> Self {
        Self::new(
            cards,
            title,
            feature,
            &answer.recs,
            answer.shown.as_ref(),
            0,
        )
    }

    /// `recs` shown from position `offset` of the whole list (a category's later pages), under
    /// `shown`'s experiment if any: each card's links then carry its correlation id.
    pub fn new(
        cards: &'a super::cards::CardCache,
        title: &str,
        feature: Feature,
        recs: &'a RecList,
        shown: Option<&'a Shown>,
        offset: usize,
    ) -> Self {
        // An answer with a recommendation id (Personalize's) sends it, and the items the shelf
        // showed, through each link to the product page's view event.
        let personalize_query = recs.recommendation_id.as_ref().map(|id| {
            let shown: Vec<&str> = recs
                .items()
                .filter_map(|i| cards.catalog().products().get(i))
                .map(|p| p.id.as_str())
                .collect();
            format!(
                "&rid={}&imp={}",
                url_encode(id),
                url_encode(&shown.join(","))
            )
        });
        let rest: Option<std::sync::Arc<str>> = personalize_query.map(Into::into);
        let card_views = recs
            .items
            .iter()
            .enumerate()
            .filter_map(|(k, r)| {
                let rank = offset + k;
                let query = super::cards::LinkQuery {
                    correlation: shown.map(|s| (s.link_prefix(rank), rank)),
                    rest: rest.clone(),
                };
                Some(ShelfCard {
                    html: cards.card_with_query(r.item, feature, query)?,
                    reason: r.reason.as_ref().map(|why| why.text(cards.catalog())),
                    ranker: shown.and_then(|s| s.contributor(rank)),
                })
            })
            .collect();
        let experiment = shown.map(|s| ShelfExperiment {
            id: s.experiment().id.0,
            name: &s.experiment().name,
            variation: s.variation_name(),
            strategy: s.variation.map_or("two rankers", |v| {
                s.experiment().variations[v].strategy.as_str()
            }),
        });
        ShelfView {
            title: title.to_string(),
            feature,
            badge: format!("{} · {}", recs.engine, recs.algorithm),
            cards: card_views,
            experiment,
        }
    }
}

/// Percent-encodes a path segment or query value.
pub fn url_encode(s: &str) -> String {
    let unreserved = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~');
    // Catalog ids are almost always plain (UUIDs): skip the byte-by-byte rewrite.
    if s.bytes().all(unreserved) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char);
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Renders a page into a buffer sized for a full shop page, so it is never copied to grow.
pub fn render(page: &impl Template) -> Result<HttpResponse, WebError> {
    let mut html = String::with_capacity(PAGE_CAPACITY);
    page.render_into(&mut html)?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// A little over the largest page (the home page is about 30 KB).
const PAGE_CAPACITY: usize = 48 * 1024;

/// The product's page.
pub fn product_path(product: &crate::domain::Product) -> String {
    format!("/product/{}", url_encode(product.id.as_str()))
}

pub fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, to))
        .finish()
}
