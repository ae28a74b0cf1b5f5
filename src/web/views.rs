//! What templates show: the header, product cards and shelves, built from domain values.

use actix_web::HttpResponse;
use askama::Template;

use super::error::WebError;
use crate::catalog::{Catalog, ListOrder};
use crate::domain::{Category, Feature, Product, Shopper};
use crate::experiments::{ShelfAnswer, Shown};
use crate::recs::{Listing, ReasonText, RecList};

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
    pub flash: Option<super::session::Flash>,
    pub query: String,
    /// This page's path and query (see `Ctx::here`).
    pub here: String,
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
    /// The product's catalog position.
    pub item: usize,
    pub html: super::cards::CardOut<'a>,
    pub reason: Option<ReasonText<'a>>,
    /// On an interleaved shelf: the variation (ranker) that contributed the card.
    pub ranker: Option<&'a str>,
    /// Places the card moved up (positive) or down against the list's natural order, on a
    /// ranked list (see [`ShelfView::show_movement`]).
    pub moved: Option<Movement>,
}

/// How far a card moved against the natural order: positive is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Movement(pub i64);

impl Movement {
    /// "up", "down" or "same": the badge's class.
    pub fn direction(self) -> &'static str {
        match self.0.signum() {
            1 => "up",
            -1 => "down",
            _ => "same",
        }
    }

    /// The badge: "▲ 5", "▼ 2", "=".
    pub fn badge(self) -> String {
        match self.0.signum() {
            1 => format!("▲ {}", self.0),
            -1 => format!("▼ {}", -self.0),
            _ => "=".to_string(),
        }
    }

    /// The badge's explanation.
    pub fn title(self) -> String {
        let n = self.0.unsigned_abs();
        let places = if n == 1 { "place" } else { "places" };
        match self.0.signum() {
            1 => format!("{n} {places} higher than in the natural order"),
            -1 => format!("{n} {places} lower than in the natural order"),
            _ => "The same place as in the natural order".to_string(),
        }
    }
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
    /// Where the guide explains the algorithm behind the badge.
    pub explained_at: &'static str,
    pub cards: Vec<ShelfCard<'a>>,
    pub experiment: Option<ShelfExperiment<'a>>,
    /// On a list the recommender may rank: what ranking did, and the toggle to the other order.
    pub ranking: Option<RankingNote>,
}

/// What ranking did to a list, for the audience (RDS's "Personalized ranking" label): shown
/// above a ranked list, with a one-click switch between the ranked and the natural order.
pub struct RankingNote {
    pub state: RankingState,
    /// The same page in the other order.
    pub toggle_href: String,
    /// What the list's own order is called ("the catalog's order", "best match").
    pub natural_name: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankingState {
    /// Ranked for the shopper, and the order changed.
    Personalized,
    /// Reordered, but not from the shopper's own scores (an experiment's popularity or random
    /// arm, a ranker with no history for them yet).
    Reordered,
    /// Ranked, but no card moved (no history yet, or the scores agreed with the list).
    Unchanged,
    /// Shown in the natural order because the shopper asked for it.
    Natural,
}

impl RankingState {
    pub fn as_str(self) -> &'static str {
        match self {
            RankingState::Personalized => "personalized",
            RankingState::Reordered => "reordered",
            RankingState::Unchanged => "unchanged",
            RankingState::Natural => "natural",
        }
    }
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
                    item: r.item,
                    html: cards.card_with_query(r.item, feature, query)?,
                    reason: r.reason.as_ref().map(|why| why.text(cards.catalog())),
                    ranker: shown.and_then(|s| s.contributor(rank)),
                    moved: None,
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
            explained_at: explained_at(recs.engine, &recs.algorithm),
            cards: card_views,
            experiment,
            ranking: None,
        }
    }

    /// The ranking note for a list shown in `order`: on a list the engine ranked (`recs`, the
    /// whole list), each card's movement against `natural` (this page's cards start at
    /// `offset`) and the toggle to the natural order; on the natural order, the toggle back. A
    /// price or name sort is the shopper's own order and gets no note. `href` gives the same
    /// page in another order.
    pub fn with_ranking(
        self,
        order: ListOrder,
        recs: &RecList,
        natural: Listing<'_>,
        offset: usize,
        href: impl Fn(ListOrder) -> String,
        natural_name: &'static str,
    ) -> Self {
        if order.is_ranked() && recs.is_ranked() {
            // A window of a ranking says whether the whole list moved; a whole list is compared.
            let reordered = recs
                .reordered
                .unwrap_or_else(|| recs.items().ne(natural.items().iter().copied()));
            self.show_movement(
                natural,
                offset,
                reordered,
                recs.personalized,
                href(ListOrder::Natural),
                natural_name,
            )
        } else if order == ListOrder::Natural {
            self.natural(href(ListOrder::Recommended), natural_name)
        } else {
            self
        }
    }

    /// Marks each card with how far it moved against `natural`, the list before ranking (this
    /// page's cards start at `offset` of the whole list), and adds the ranking note: whether
    /// the order changed (`reordered`, over the whole list), whether the shopper's own scores
    /// changed it (`personalized`), and the link to the other order.
    fn show_movement(
        mut self,
        natural: Listing<'_>,
        offset: usize,
        reordered: bool,
        personalized: bool,
        toggle_href: String,
        natural_name: &'static str,
    ) -> Self {
        self.ranking = Some(RankingNote {
            state: match (reordered, personalized) {
                (true, true) => RankingState::Personalized,
                (true, false) => RankingState::Reordered,
                (false, _) => RankingState::Unchanged,
            },
            toggle_href,
            natural_name,
        });
        // Unchanged, every card would say "=": the note says it once.
        if !reordered {
            return self;
        }
        // Only this page's cards are looked up: by binary search in a catalog list (a category
        // of 60,000 products costs a few steps a card), by a scan in a short one (search).
        for (k, card) in self.cards.iter_mut().enumerate() {
            if let Some(place) = natural.position(card.item) {
                card.moved = Some(Movement(place as i64 - (offset + k) as i64));
            }
        }
        self
    }

    /// The list as it comes, shown at the shopper's request: the note links back to the ranking.
    fn natural(mut self, toggle_href: String, natural_name: &'static str) -> Self {
        self.ranking = Some(RankingNote {
            state: RankingState::Natural,
            toggle_href,
            natural_name,
        });
        self
    }
}

/// The guide's section on the algorithm an engine names in its answer.
pub fn explained_at(engine: crate::recs::Engine, algorithm: &str) -> &'static str {
    use crate::recs::Engine;
    match engine {
        Engine::Personalize => "/guide#personalize",
        Engine::Catalog => "/guide#natural-order",
        Engine::Embedded | Engine::Baseline => {
            let is = |prefix: &str| algorithm.starts_with(prefix);
            if is("interleaved") {
                "/guide#experiments"
            } else if is("ease+session") {
                "/guide#ease-session"
            } else if is("ease-rank") {
                "/guide#personalized-ranking"
            } else if is("sims") {
                "/guide#similar-items"
            } else if is("trending") {
                "/guide#trending"
            } else if is("popular") || is("category-popularity") {
                "/guide#popularity"
            } else if is("identity") || is("natural") || is("no ranking") {
                "/guide#natural-order"
            } else {
                "/guide#baseline"
            }
        }
    }
}

/// A count as people read it: 2,400 and 1,000,000.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, d) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Longest path a "come back here" link keeps.
const MAX_LOCAL_PATH: usize = 512;

/// `candidate` if it is a path on this shop (`/cart`, `/search?q=tent`), else `None`: a link
/// that returns somewhere after a form must never lead off the site (`//evil.example`,
/// `https://…`, `/\evil`) or carry control characters into a header.
pub fn local_path(candidate: &str) -> Option<&str> {
    let rest = candidate.strip_prefix('/')?;
    let off_site = rest.starts_with('/') || rest.starts_with('\\');
    let clean = candidate
        .bytes()
        .all(|b| b.is_ascii_graphic() && b != b'\\');
    (!off_site && clean && candidate.len() <= MAX_LOCAL_PATH).then_some(candidate)
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

#[cfg(test)]
mod tests {
    use super::{grouped, local_path};

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(2400), "2,400");
        assert_eq!(grouped(1_000_000), "1,000,000");
    }

    #[test]
    fn only_paths_on_this_shop_are_returned_to() {
        for ok in [
            "/",
            "/cart",
            "/search?q=tent&order=natural",
            "/category/footwear?page=2",
        ] {
            assert_eq!(local_path(ok), Some(ok));
        }
        for bad in [
            "",
            "cart",
            "//evil.example/",
            "/\\evil.example",
            "https://evil.example",
            "/a b",
            "/a\r\nLocation: x",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
        assert_eq!(local_path(&format!("/{}", "a".repeat(600))), None);
    }
}
