//! Browsing: home, category, product and search pages.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::context::Ctx;
use super::error::WebError;
use super::views::{CardView, Header, ShelfView, image_url, product_path, render};
use crate::catalog::{FEATURED, Found, ListOrder};
use crate::domain::{Category, Feature, Gender};
use crate::events::{Event, EventType};
use crate::experiments::Ask;
use crate::recs::{Listing, RecList, Window};
use crate::shop::cart;

const SHELF_SIZE: usize = 12;
const RELATED_SIZE: usize = 8;
const PAGE_SIZE: usize = 48;

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage<'a> {
    pub head: Header,
    pub recs: ShelfView<'a>,
    pub featured: ShelfView<'a>,
    pub trending: ShelfView<'a>,
    pub tiles: std::sync::Arc<str>,
}

#[derive(Deserialize, Default)]
pub struct HomeQuery {
    /// `natural`: the featured shelf as the catalog lists it, before ranking.
    order: Option<String>,
}

/// What the featured products' own order is called.
const FEATURED_ORDER: &str = "Featured order";

pub async fn home(ctx: Ctx, query: web::Query<HomeQuery>) -> Result<HttpResponse, WebError> {
    let state = &ctx.state;
    let catalog = &state.catalog;
    let user = ctx.visitor.rec_user();
    let in_cart = cart_items(&ctx).await?;
    let recs = ctx
        .shelf(
            Feature::HomeRecs,
            Ask::Recommend {
                user: &user,
                n: SHELF_SIZE,
                exclude: &in_cart,
            },
        )
        .await;
    let (title, name) = if recs.recs.personalized {
        ("Inspired by your shopping trends", Feature::HomeRecs)
    } else {
        ("Popular products", Feature::HomeRecsCold)
    };
    // The home page recommends nothing sold out; /category/featured still lists it, marked.
    let in_stock: Vec<usize> = catalog
        .featured()
        .iter()
        .copied()
        .filter(|&i| state.stock.in_stock(i))
        .collect();
    let in_stock = Listing::of_catalog(&in_stock, None);
    // The home page offers only the toggle: the featured shelf ranked, or as the catalog has it.
    let order = match ListOrder::parse(query.order.as_deref().unwrap_or("")) {
        ListOrder::Natural => ListOrder::Natural,
        _ => ListOrder::Recommended,
    };
    let featured = in_order(
        &ctx,
        Feature::HomeFeatured,
        order,
        in_stock,
        &[],
        Window::ALL,
    )
    .await;
    let anchor = format!("#shelf-{}", Feature::HomeFeatured);
    let featured_shelf = ShelfView::from_answer(
        &state.cards,
        "Featured products",
        Feature::HomeFeatured,
        &featured,
    )
    .with_ranking(
        order,
        &featured.recs,
        in_stock,
        0,
        |o| match o {
            ListOrder::Natural => format!("/?order=natural{anchor}"),
            _ => format!("/{anchor}"),
        },
        FEATURED_ORDER,
    );
    let trending = ctx
        .shelf(Feature::HomeTrending, Ask::Trending { n: 6 })
        .await;
    let page = HomePage {
        head: ctx.header(""),
        recs: ShelfView::from_answer(&state.cards, title, name, &recs),
        featured: featured_shelf,
        trending: ShelfView::from_answer(
            &state.cards,
            "Trending this week",
            Feature::HomeTrending,
            &trending,
        ),
        tiles: state.nav.tiles.clone(),
    };
    render(&page)
}

/// `window` of `items` in the order the shopper asked for: ranked for them by the shelf's engine
/// (through any experiment on it), or — with no engine asked — as they come (the caller has
/// them in the shopper's own order already: a price or name sort).
async fn in_order(
    ctx: &Ctx,
    feature: Feature,
    order: ListOrder,
    items: Listing<'_>,
    tiers: &[u32],
    window: Window,
) -> crate::experiments::ShelfAnswer {
    if order.is_ranked() {
        let user = ctx.visitor.rec_user();
        return ctx
            .shelf(
                feature,
                Ask::Rank {
                    user: &user,
                    items,
                    tiers,
                    window,
                },
            )
            .await;
    }
    crate::experiments::ShelfAnswer::plain(RecList::natural_window(items.items(), window))
}

/// Catalog positions of what is in the visitor's cart: shelves leave them out.
async fn cart_items(ctx: &Ctx) -> Result<Vec<usize>, WebError> {
    // The header's count says whether there is a cart to read at all.
    if ctx.session.cart_count() == 0 {
        return Ok(Vec::new());
    }
    let state = &ctx.state;
    Ok(cart::items(&state.store, &state.catalog, &ctx.visitor.owner_id()).await?)
}

#[derive(Deserialize, Default)]
pub struct CategoryQuery {
    style: Option<String>,
    gender: Option<String>,
    page: Option<String>,
    order: Option<String>,
}

pub struct FilterOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "category.html")]
pub struct CategoryPage<'a> {
    pub head: Header,
    pub name: String,
    pub label: String,
    pub list: ShelfView<'a>,
    pub total: usize,
    pub styles: Vec<FilterOption>,
    pub genders: Vec<FilterOption>,
    pub style: String,
    pub gender: String,
    pub page: usize,
    pub pages: usize,
    pub order: ListOrder,
    pub orders: Vec<FilterOption>,
}

/// What a category's list is called before any ranking.
const CATALOG_ORDER: &str = "Catalog order";

impl CategoryPage<'_> {
    pub fn page_href(&self, page: &usize) -> String {
        category_href(&self.name, &self.style, &self.gender, self.order, *page)
    }
}

/// A category page's address: its filters, order and page (the first page and the default
/// order say nothing).
fn category_href(name: &str, style: &str, gender: &str, order: ListOrder, page: usize) -> String {
    let mut query = Vec::new();
    if !style.is_empty() {
        query.push(format!("style={}", super::views::url_encode(style)));
    }
    if !gender.is_empty() {
        query.push(format!("gender={}", super::views::url_encode(gender)));
    }
    if order != ListOrder::default() {
        query.push(format!("order={}", order.as_str()));
    }
    if page > 1 {
        query.push(format!("page={page}"));
    }
    let path = format!("/category/{}", super::views::url_encode(name));
    if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// The sort menu's options, `selected` marked.
fn order_options(selected: ListOrder, natural: &'static str) -> Vec<FilterOption> {
    ListOrder::ALL
        .into_iter()
        .map(|o| FilterOption {
            value: o.as_str().to_string(),
            label: o.label(natural).to_string(),
            selected: o == selected,
        })
        .collect()
}

pub async fn category(
    ctx: Ctx,
    path: web::Path<String>,
    query: web::Query<CategoryQuery>,
) -> Result<HttpResponse, WebError> {
    let catalog = &ctx.state.catalog;
    let name = path.into_inner();
    let label = if name == FEATURED {
        "Featured".to_string()
    } else {
        catalog.category(&name).ok_or(WebError::NotFound)?.label()
    };
    // The catalog keeps each category's filtered and sorted lists and its menus (none for a
    // category without products): nothing here grows with the category.
    let lists = catalog.lists(&name);
    let style = query.style.clone().unwrap_or_default();
    let gender = query.gender.clone().unwrap_or_default();
    let wanted_gender = Gender::parse(&gender);
    let select =
        |order: ListOrder| lists.map_or(&[][..], |l| l.select(&style, wanted_gender, order));
    let order = ListOrder::parse(query.order.as_deref().unwrap_or(""));
    let natural_name = if name == FEATURED {
        FEATURED_ORDER
    } else {
        CATALOG_ORDER
    };
    let category = (name != FEATURED).then_some(name.as_str());
    let natural = Listing::of_catalog(select(ListOrder::Natural), category);
    let total = natural.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = query
        .page
        .as_deref()
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let offset = (page - 1) * PAGE_SIZE;
    let window = Window {
        offset,
        limit: PAGE_SIZE,
    };
    let listed = if order.is_ranked() || order == ListOrder::Natural {
        natural
    } else {
        Listing::of(select(order))
    };
    let answer = in_order(&ctx, Feature::Category, order, listed, &[], window).await;
    // The page's heading names the category: the list needs no second one. The toggle between
    // the ranking and the list as it comes keeps the filters.
    let list = ShelfView::new(
        &ctx.state.cards,
        "",
        Feature::Category,
        &answer.recs,
        answer.shown.as_ref(),
        offset,
    )
    .with_ranking(
        order,
        &answer.recs,
        natural,
        offset,
        |o| category_href(&name, &style, &gender, o, 1),
        natural_name,
    );
    let (styles, genders) = lists.map_or((&[][..], &[][..]), |l| (l.styles(), l.genders()));
    let page = CategoryPage {
        head: ctx.header(""),
        list,
        label,
        total,
        styles: style_options(styles, &style),
        genders: gender_options(genders, &gender),
        name,
        style,
        gender,
        page,
        pages,
        orders: order_options(order, natural_name),
        order,
    };
    render(&page)
}

/// The style menu: the category's styles (see `CategoryLists::styles`), `selected` marked.
fn style_options(styles: &[String], selected: &str) -> Vec<FilterOption> {
    styles
        .iter()
        .map(|s| FilterOption {
            value: s.clone(),
            label: Category::display_name(s),
            selected: s == selected,
        })
        .collect()
}

/// The gender menu: the genders the category's products have, `selected` marked.
fn gender_options(genders: &[Gender], selected: &str) -> Vec<FilterOption> {
    genders
        .iter()
        .map(|g| FilterOption {
            value: g.code().to_string(),
            label: g.label().to_string(),
            selected: g.code() == selected,
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub struct ProductQuery {
    feature: Option<String>,
    /// The recommendation id of the shelf the shopper came from (Personalize's answers).
    rid: Option<String>,
    /// The product ids that shelf showed, comma-separated.
    imp: Option<String>,
    /// The experiment correlation id of the card followed (`{experiment}~{variation}~{rank}`).
    exp: Option<String>,
}

/// Longest recommendation id kept; Personalize's are "RID-" and a UUID.
const MAX_RECOMMENDATION_ID: usize = 128;
/// Personalize keeps at most 25 items of an impression.
const MAX_IMPRESSION: usize = 25;

impl ProductQuery {
    /// The shelf's recommendation id, if it looks like one; anything else is ignored.
    fn recommendation_id(&self) -> Option<&str> {
        self.rid.as_deref().filter(|r| {
            !r.is_empty()
                && r.len() <= MAX_RECOMMENDATION_ID
                && r.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        })
    }

    /// The shelf's items that are in the catalog, in order, at most 25.
    fn impression<'a>(&'a self, catalog: &'a crate::catalog::Catalog) -> Vec<&'a str> {
        self.imp
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter(|id| catalog.index_of(id).is_some())
            .take(MAX_IMPRESSION)
            .collect()
    }
}

#[derive(Template)]
#[template(path = "product.html")]
pub struct ProductPage<'a> {
    pub head: Header,
    pub product: CardView,
    pub description: String,
    /// Units left in the store.
    pub stock: i64,
    /// Units this cart already holds.
    pub in_cart: i64,
    /// The most the add-to-cart form offers: what is left less what the cart holds.
    pub offer: i64,
    pub gender: Option<&'static str>,
    /// The shelf the shopper came from, passed on to the add-to-cart form.
    pub feature: &'static str,
    pub related: ShelfView<'a>,
    pub image_url: String,
}

pub async fn product(
    ctx: Ctx,
    path: web::Path<String>,
    query: web::Query<ProductQuery>,
) -> Result<HttpResponse, WebError> {
    let state = &ctx.state;
    let catalog = &state.catalog;
    let index = catalog.index_of(&path).ok_or(WebError::NotFound)?;
    let product = catalog.at(index);
    let came_from = query.feature.as_deref().and_then(Feature::parse);
    let user = ctx.visitor.rec_user();
    // Asked before the view is tracked: this page's shelf reuses the scores the shopper's last
    // page computed; the view itself shapes the next page.
    let related = ctx
        .shelf(
            Feature::Related,
            Ask::Related {
                item: index,
                user: &user,
                n: RELATED_SIZE,
            },
        )
        .await;
    // Shown again after adding to cart: the add has its own event, this is no new view.
    if !ctx.shown_again(&product_path(product)) {
        let mut view = Event::product(
            EventType::ProductViewed,
            &ctx.visitor.actor(),
            product,
            came_from,
        );
        // Only an id this shopper could have been shown is kept; a forged or stale one is
        // dropped.
        if let Some(id) = query.exp.as_deref().and_then(|exp| {
            state
                .experiments
                .attribute(exp, came_from, ctx.visitor.user_id())
        }) {
            view = view.with("experimentCorrelationId", id.to_string());
        }
        if let Some(rid) = query.recommendation_id() {
            view = view
                .with("recommendationId", rid)
                .with("impression", query.impression(catalog));
        }
        ctx.track(view).await;
    }
    // What the form may offer: what is left, less what this cart already holds (read only
    // when the header says the cart holds anything).
    let left = state.stock.left(index);
    let in_cart = if left > 0 && ctx.session.cart_count() > 0 {
        cart::quantity_of(&state.store, &ctx.visitor.owner_id(), product).await?
    } else {
        0
    };
    let page = ProductPage {
        head: ctx.header(""),
        product: CardView::new(product, None),
        description: product.description.clone(),
        stock: left,
        in_cart,
        offer: (left.min(crate::domain::MAX_QUANTITY) - in_cart)
            .clamp(0, crate::domain::MAX_QUANTITY),
        gender: product.gender_affinity.map(Gender::label),
        feature: came_from.map_or("", Feature::as_str),
        related: ShelfView::from_answer(
            &state.cards,
            "Compare similar items",
            Feature::Related,
            &related,
        ),
        image_url: image_url(product),
    };
    render(&page)
}

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    q: Option<String>,
    order: Option<String>,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage<'a> {
    pub head: Header,
    pub query: String,
    pub results: ShelfView<'a>,
    pub total: usize,
    pub suggestions: Option<ShelfView<'a>>,
    pub orders: Vec<FilterOption>,
    /// The list starts with the most relevant (not a price or name sort).
    pub best_first: bool,
}

/// What search results' own order is called.
const RELEVANCE_ORDER: &str = "Relevance order";

/// A search's address in `order`.
fn search_href(q: &str, order: ListOrder) -> String {
    let mut href = format!("/search?q={}", super::views::url_encode(q));
    if order != ListOrder::default() {
        href.push_str("&order=");
        href.push_str(order.as_str());
    }
    href
}

/// Longest query the search box accepts; the rest is ignored.
const MAX_QUERY: usize = 200;
const SEARCH_LIMIT: usize = 48;
/// The most matches a price or name sort orders (a query matching more shows the best this
/// many, sorted).
const SORTED_SEARCH_LIMIT: usize = 10_000;
/// Popular products suggested when a search finds nothing.
const SUGGESTIONS: usize = 8;

pub async fn search(ctx: Ctx, query: web::Query<SearchQuery>) -> Result<HttpResponse, WebError> {
    let state = &ctx.state;
    let catalog = &state.catalog;
    let q: String = query
        .q
        .as_deref()
        .unwrap_or("")
        .trim()
        .chars()
        .take(MAX_QUERY)
        .collect();
    let order = ListOrder::parse(query.order.as_deref().unwrap_or(""));
    // A price or name sort orders every match, not only the most relevant page of them.
    let sorted_by_shopper = !order.is_ranked() && order != ListOrder::Natural;
    let found = if q.is_empty() {
        Found::default()
    } else if sorted_by_shopper {
        catalog.search(&q, SORTED_SEARCH_LIMIT)
    } else {
        catalog.search(&q, SEARCH_LIMIT)
    };
    let (hits, total) = (&found.items, found.total);
    let mut sorted = hits.clone();
    order.sort(catalog, &mut sorted);
    let listed = if order.is_ranked() {
        Listing::of(hits)
    } else {
        Listing::of(&sorted)
    };
    let first_page = Window {
        offset: 0,
        limit: SEARCH_LIMIT,
    };
    let ranked = in_order(
        &ctx,
        Feature::Search,
        order,
        listed,
        &found.tiers,
        first_page,
    )
    .await;
    // Whether personalization changed the order (a price sort is the shopper's own).
    let reranked = order.is_ranked() && ranked.recs.items().ne(hits.iter().copied());
    // Sorting or toggling the order of a search is the same search: it is recorded once.
    if !q.is_empty() && order == ListOrder::default() {
        ctx.track(
            Event::new(EventType::ProductSearched, &ctx.visitor.actor(), None)
                .with("query", q.as_str())
                .with("resultCount", total as u64)
                .with("reranked", reranked)
                .with("feature", Feature::Search.as_str())
                .with("experimentCorrelationId", ""),
        )
        .await;
    }
    let popular = if total == 0 {
        // The best sellers are the likeliest to be sold out: ask for more, show what is left.
        let mut popular = state.recommender.popular(3 * SUGGESTIONS).await;
        popular.items.retain(|r| state.stock.in_stock(r.item));
        popular.items.truncate(SUGGESTIONS);
        Some(popular)
    } else {
        None
    };
    let suggestions = popular.as_ref().map(|popular| {
        ShelfView::from_recs(
            &state.cards,
            "Popular products",
            Feature::HomeRecsCold,
            popular,
        )
    });
    let results = ShelfView::from_answer(&state.cards, "", Feature::Search, &ranked).with_ranking(
        order,
        &ranked.recs,
        Listing::of(hits),
        0,
        |o| search_href(&q, o),
        RELEVANCE_ORDER,
    );
    let page = SearchPage {
        head: ctx.header(&q),
        results,
        orders: order_options(order, RELEVANCE_ORDER),
        best_first: !sorted_by_shopper,
        total,
        query: q,
        suggestions,
    };
    render(&page)
}
