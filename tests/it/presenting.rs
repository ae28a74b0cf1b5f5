//! What a presenter shows an audience: ranking made visible (movement, the natural-order toggle,
//! sorts), badges that link to the guide, the welcome and guide pages, the emulation banner and
//! its one-click switch, and the small courtesies (choices kept, "View cart", returning after
//! sign-in).

use storefront::events::EventType;

use crate::helpers::*;
use crate::page::{Page, Section};

const CATEGORY: &str = "category_detail_rank";

/// (product id, movement) of each card of a list; movement is `None` for a card without a badge.
fn movements(list: &Section<'_>) -> Vec<(String, Option<i64>)> {
    list.select_all("article[data-product-id]")
        .iter()
        .map(|card| {
            let moved = card
                .attrs("data-moved")
                .first()
                .map(|m| m.parse().expect("a number"));
            (card.attr("data-product-id"), moved)
        })
        .collect()
}

/// The product ids of a category's natural order, pages 1 and 2.
async fn natural_order(app: &TestApp, category: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for page in [1, 2] {
        let (status, page) = app
            .get_page(&format!("/category/{category}?order=natural&page={page}"))
            .await;
        assert_eq!(status, 200);
        ids.extend(page.shelf(CATEGORY).product_ids());
    }
    ids
}

/// Views `n` products of `category` as the current shopper: the session now leans to it.
async fn view_some(app: &TestApp, category: &str, n: usize) {
    for k in 0..n {
        let id = product_in(app, category, k).await;
        let (status, _) = app.get_page(&format!("/product/{id}")).await;
        assert_eq!(status, 200);
    }
}

#[tokio::test]
async fn each_card_shows_how_far_ranking_moved_it_and_one_click_shows_the_natural_order() {
    let app = spawn_app().await;
    // An anonymous visitor's list is the catalog's order: nothing to show.
    let (_, page) = app.get_page("/category/footwear").await;
    assert!(
        !page.has("[data-ranking]"),
        "no ranking note before any history"
    );
    assert!(!page.has("[data-moved]"));

    emulate(&app, "footwear").await;
    view_some(&app, "footwear", 3).await;
    let natural = natural_order(&app, "footwear").await;
    assert!(natural.len() > 48, "footwear spans two pages");

    for (page_number, offset) in [(1, 0), (2, 48)] {
        let (_, page) = app
            .get_page(&format!("/category/footwear?page={page_number}"))
            .await;
        let note = page.section("[data-ranking]");
        assert_eq!(note.attr("data-ranking"), "personalized");
        assert!(
            note.text().contains("Personalized ranking"),
            "{}",
            note.text()
        );
        let cards = movements(&page.shelf(CATEGORY));
        assert!(cards.iter().any(|(_, m)| m.is_some_and(|m| m != 0)));
        // Every badge tells the truth: the card's place in the natural order, less its place
        // here, is the number on it.
        for (k, (id, moved)) in cards.iter().enumerate() {
            let was = natural.iter().position(|n| n == id);
            if let (Some(was), Some(moved)) = (was, moved) {
                assert_eq!(
                    was as i64 - (offset + k) as i64,
                    *moved,
                    "{id} at {} on page {page_number}",
                    offset + k
                );
            }
        }
        if page_number == 1 {
            let up = page
                .select_all(".moved.up")
                .first()
                .map(|b| (b.text(), b.attr("data-moved")))
                .expect("a card moved up");
            assert_eq!(up.0, format!("▲ {}", up.1));
        }
    }

    // The toggle: the natural order, marked as such, and a link back to the ranking.
    let (_, page) = app.get_page("/category/footwear").await;
    let toggle = page.attr("[data-ranking] a[data-toggle-order]", "href");
    assert_eq!(toggle, "/category/footwear?order=natural");
    let (_, natural_page) = app.get_page(&toggle).await;
    assert_eq!(
        natural_page.attr("[data-ranking]", "data-ranking"),
        "natural"
    );
    assert!(!natural_page.has("[data-moved]"));
    assert_eq!(
        natural_page.shelf(CATEGORY).product_ids(),
        natural[..48].to_vec()
    );
    let back = natural_page.attr("[data-ranking] a[data-toggle-order]", "href");
    assert_eq!(back, "/category/footwear");
    // A filter survives the toggle.
    let (_, styled) = app.get_page("/category/footwear?style=sneaker").await;
    if styled.has("[data-ranking] a[data-toggle-order]") {
        assert_eq!(
            styled.attr("[data-ranking] a[data-toggle-order]", "href"),
            "/category/footwear?style=sneaker&order=natural"
        );
    }
}

#[tokio::test]
async fn search_says_personalized_ranking_when_the_order_changed() {
    let app = spawn_app().await;
    let anonymous = TestApp::fresh_client(&app);
    let (_, plain) = anonymous.get_page("/search?q=shoes").await;
    let relevance = plain.shelf("search_results").product_ids();
    assert!(!plain.has("[data-ranking]"));

    emulate(&app, "footwear").await;
    view_some(&app, "footwear", 3).await;
    let (_, page) = app.get_page("/search?q=shoes").await;
    let note = page.section("[data-ranking]");
    assert_eq!(note.attr("data-ranking"), "personalized", "{}", note.text());
    assert!(note.text().contains("Personalized ranking"));
    let ranked = page.shelf("search_results").product_ids();
    assert_ne!(ranked, relevance, "the shopper's order differs");
    let mut same_items = ranked.clone();
    same_items.sort();
    let mut relevance_sorted = relevance.clone();
    relevance_sorted.sort();
    assert_eq!(
        same_items, relevance_sorted,
        "ranking reorders, never replaces"
    );

    let (_, natural) = app.get_page("/search?q=shoes&order=natural").await;
    assert_eq!(natural.attr("[data-ranking]", "data-ranking"), "natural");
    assert_eq!(natural.shelf("search_results").product_ids(), relevance);
    assert_eq!(
        natural.attr("[data-ranking] a[data-toggle-order]", "href"),
        "/search?q=shoes"
    );
}

#[tokio::test]
async fn lists_sort_by_price_and_name_and_an_unknown_order_is_the_default() {
    let app = spawn_app().await;
    let prices = |page: &Page| -> Vec<i64> {
        page.shelf(CATEGORY)
            .select_all("article .price")
            .iter()
            .map(|p| cents(&p.text()))
            .collect()
    };
    let (_, low) = app.get_page("/category/jewelry?order=price-asc").await;
    let ascending = prices(&low);
    assert!(ascending.len() > 10);
    assert!(ascending.windows(2).all(|w| w[0] <= w[1]), "{ascending:?}");
    let (_, high) = app.get_page("/category/jewelry?order=price-desc").await;
    let descending = prices(&high);
    assert!(
        descending.windows(2).all(|w| w[0] >= w[1]),
        "{descending:?}"
    );
    // The dearest comes first, and is dearer than anything on the cheap end's first page.
    assert!(descending.first() >= ascending.last());
    assert_eq!(
        high.attr("select[name=order] option[selected]", "value"),
        "price-desc"
    );

    let (_, named) = app.get_page("/category/jewelry?order=name").await;
    let names: Vec<String> = named
        .shelf(CATEGORY)
        .select_all("article .name")
        .iter()
        .map(|n| n.text().to_lowercase())
        .collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");

    let (status, odd) = app.get_page("/category/jewelry?order=%3Cscript%3E").await;
    assert_eq!(status, 200);
    assert_eq!(odd.attr("select[name=order] option[selected]", "value"), "");

    // A sort orders every match, not only the most relevant page, and is not a new search.
    let (_, best) = app.get_page("/search?q=shoes").await;
    assert!(
        best.text_of("[data-result-count]")
            .contains("showing the best 48")
    );
    let searches = app.events_of(EventType::ProductSearched, 1).await.len();
    let (_, cheapest) = app.get_page("/search?q=shoes&order=price-asc").await;
    assert!(
        cheapest
            .text_of("[data-result-count]")
            .contains("showing the first 48")
    );
    let cheapest_prices: Vec<i64> = cheapest
        .shelf("search_results")
        .select_all("article .price")
        .iter()
        .map(|p| cents(&p.text()))
        .collect();
    let best_prices: Vec<i64> = best
        .shelf("search_results")
        .select_all("article .price")
        .iter()
        .map(|p| cents(&p.text()))
        .collect();
    assert!(cheapest_prices.iter().max() <= best_prices.iter().max());
    assert!(cheapest_prices.iter().sum::<i64>() < best_prices.iter().sum::<i64>());
    // The tracker writes in order: had the sort been recorded, it would come before this.
    app.get_page("/search?q=lamp").await;
    let recorded = app
        .events_of(EventType::ProductSearched, searches + 1)
        .await;
    let queries: Vec<&str> = recorded
        .iter()
        .filter_map(|e| e.event.properties.get("query").and_then(|q| q.as_str()))
        .collect();
    assert_eq!(
        queries,
        ["shoes", "lamp"],
        "sorting recorded no second search"
    );

    let (_, search) = app.get_page("/search?q=necklace&order=price-asc").await;
    let found: Vec<i64> = search
        .shelf("search_results")
        .select_all("article .price")
        .iter()
        .map(|p| cents(&p.text()))
        .collect();
    assert!(found.len() > 1);
    assert!(found.windows(2).all(|w| w[0] <= w[1]), "{found:?}");
}

#[tokio::test]
async fn every_badge_links_to_its_algorithm_in_the_guide() {
    let app = spawn_app().await;
    let (status, guide) = app.get_page("/guide").await;
    assert_eq!(status, 200);
    let product = product_in(&app, "outdoors", 0).await;
    emulate(&app, "outdoors").await;
    let mut anchors = Vec::new();
    for path in [
        "/".to_string(),
        format!("/product/{product}"),
        "/category/featured".to_string(),
        "/search?q=tent".to_string(),
    ] {
        let (_, page) = app.get_page(&path).await;
        for badge in page.select_all("a.engine-badge") {
            let href = badge.attr("href");
            let anchor = href
                .strip_prefix("/guide#")
                .unwrap_or_else(|| panic!("{href} on {path} is not a guide link"))
                .to_string();
            assert!(
                guide.has(&format!("#{anchor}")),
                "the guide has no #{anchor} (badge {} on {path})",
                badge.text()
            );
            anchors.push(anchor);
        }
    }
    for expected in ["ease-session", "personalized-ranking", "similar-items"] {
        assert!(anchors.iter().any(|a| a == expected), "{anchors:?}");
    }
}

#[tokio::test]
async fn the_welcome_page_says_what_the_shop_runs_and_leads_to_the_guide() {
    let app = spawn_app().await;
    let (status, welcome) = app.get_page("/welcome").await;
    assert_eq!(status, 200);
    let running = welcome.section("[data-running]").text();
    assert!(
        running.contains("2,400 products in 16 categories"),
        "{running}"
    );
    assert_eq!(
        welcome
            .section("[data-running]")
            .select_all("[data-destination]")
            .len(),
        1,
        "only the database takes events here"
    );
    assert!(running.contains("the shop's database"));
    assert!(running.contains("No experiment is running"));
    assert!(welcome.has("a[href=\"/guide\"]"));
    assert!(welcome.has("a[href=\"/profile#emulate\"]"));
    let (_, home) = app.get_page("/").await;
    assert!(
        home.has("a[href=\"/welcome\"]"),
        "the home page leads to it"
    );
}

/// The emulated shopper's id and persona, as the header's banner names them.
fn banner(page: &Page) -> (String, String, String) {
    let b = page.section(".site-header .emulating");
    (b.attr("data-shopper-id"), b.attr("data-persona"), b.text())
}

#[tokio::test]
async fn the_banner_describes_the_shopper_and_switches_to_another_in_one_click() {
    let app = spawn_app().await;
    let (id, persona) = emulate(&app, "jewelry").await;
    let (_, page) = app.get_page("/category/books").await;
    let (shown_id, _, text) = banner(&page);
    assert_eq!(shown_id, id);
    let profile = app.get_page("/profile").await.1;
    let age = profile.text_of(".shopper-card.current dl dd");
    assert!(text.contains(&age), "age {age} in {text:?}");
    assert!(
        text.contains("female") || text.contains("male"),
        "gender in {text:?}"
    );
    assert!(text.starts_with("Shopping as"), "{text:?}");
    assert!(text.contains("Interested in Jewelry,"), "{text:?}");
    assert!(text.contains(" and "), "interests in words: {text:?}");
    assert!(
        !text.contains(&persona.join("_")),
        "no raw persona in the words"
    );

    // One click: another shopper with another first interest, and back on the same page.
    let r = app
        .post_form("/profile/switch", &[("back", "/category/books?page=2")])
        .await;
    assert_eq!(r.url().path(), "/category/books");
    assert_eq!(r.url().query(), Some("page=2"));
    let page = Page::of(r).await;
    let (switched, switched_persona, _) = banner(&page);
    assert_ne!(switched, id);
    assert_ne!(switched_persona.split('_').next(), Some("jewelry"));
    assert!(
        page.text_of(".flash").contains("now shopping as"),
        "{}",
        page.text_of(".flash")
    );

    // A return address off the shop goes home instead.
    for off_site in ["//evil.example/", "https://evil.example/", "profile"] {
        let r = app
            .post_form("/profile/switch", &[("back", off_site)])
            .await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.url().host_str(), Some("127.0.0.1"), "{off_site}");
        assert_eq!(r.url().path(), "/", "{off_site}");
    }
}

#[tokio::test]
async fn the_presenters_own_cart_waits_while_they_emulate() {
    let app = spawn_app().await;
    let mine = product_in(&app, "books", 0).await;
    app.post_form("/cart/add", &[("product_id", &mine), ("quantity", "2")])
        .await;
    emulate(&app, "outdoors").await;
    let (_, cart) = app.get_page("/cart").await;
    assert!(
        !cart.section("main").product_ids().contains(&mine),
        "the shopper's cart is their own"
    );
    let theirs = product_in(&app, "outdoors", 0).await;
    app.post_form("/cart/add", &[("product_id", &theirs), ("quantity", "1")])
        .await;
    let r = app.post_form("/profile/reset", &[]).await;
    let page = Page::of(r).await;
    assert_eq!(cart_count(&page), 2, "the presenter's two books");
    let (_, cart) = app.get_page("/cart").await;
    let ids = cart.section("main").product_ids();
    assert!(ids.contains(&mine) && !ids.contains(&theirs), "{ids:?}");
}

#[tokio::test]
async fn the_profile_keeps_the_presenters_choices() {
    let app = spawn_app().await;
    let r = app
        .post_form(
            "/profile/select",
            &[
                ("mode", "choose"),
                ("interest", "jewelry"),
                ("age", "25-34"),
            ],
        )
        .await;
    let page = Page::of(r).await;
    let form = page.section("form[action=\"/profile/select\"]");
    assert_eq!(
        form.section("select[name=interest] option[selected]")
            .attr("value"),
        "jewelry"
    );
    assert_eq!(
        form.section("select[name=age] option[selected]")
            .attr("value"),
        "25-34"
    );
    let candidate = page.section(".shopper-card.candidate");
    assert!(candidate.text().contains("Jewelry"), "{}", candidate.text());
    // Saved, and the profile opened again later: the choice is still there.
    let id = candidate.attr("data-candidate-id");
    app.post_form("/profile/save", &[("shopper_id", &id)]).await;
    let (_, later) = app.get_page("/profile").await;
    assert_eq!(
        later
            .section("select[name=interest] option[selected]")
            .attr("value"),
        "jewelry"
    );
    // "Auto select" chooses anyone: the form starts over.
    let r = app.post_form("/profile/select", &[("mode", "auto")]).await;
    let page = Page::of(r).await;
    assert!(!page.has("select[name=interest] option[selected]"));
}

#[tokio::test]
async fn adding_to_the_cart_offers_a_link_to_it_and_an_update_says_what_changed() {
    let app = spawn_app().await;
    let id = product_in(&app, "books", 0).await;
    let r = app
        .post_form("/cart/add", &[("product_id", &id), ("quantity", "1")])
        .await;
    let page = Page::of(r).await;
    assert!(page.text_of(".flash").starts_with("Added 1 ×"));
    assert_eq!(page.attr(".flash a", "href"), "/cart");
    assert_eq!(page.text_of(".flash a"), "View cart");
    let r = app
        .post_form("/cart/update", &[("product_id", &id), ("quantity", "3")])
        .await;
    let page = Page::of(r).await;
    assert!(page.text_of(".flash").contains("3 in your cart"));
}

#[tokio::test]
async fn signing_in_returns_to_the_page_it_was_opened_from() {
    let app = spawn_app().await;
    app.post_form(
        "/signup",
        &[
            ("first_name", "Ada"),
            ("last_name", "Tester"),
            ("email", "ada@example.com"),
            ("password", "correct horse battery"),
            ("password_confirm", "correct horse battery"),
        ],
    )
    .await;
    let r = app.post_form("/signout", &[]).await;
    assert!(Page::of(r).await.text_of(".flash").contains("signed out"));

    let (_, jewelry) = app.get_page("/category/jewelry?page=2").await;
    let link = jewelry.attr(".site-header a[href^=\"/signin\"]", "href");
    assert_eq!(link, "/signin?next=/category/jewelry%3Fpage%3D2");
    let (_, form) = app.get_page(&link).await;
    let next = form.attr("form input[name=next]", "value");
    assert_eq!(next, "/category/jewelry?page=2");
    let sign_in = |next: String| {
        let app = &app;
        async move {
            app.post_form(
                "/signin",
                &[
                    ("email", "ada@example.com"),
                    ("password", "correct horse battery"),
                    ("next", &next),
                ],
            )
            .await
        }
    };
    let r = sign_in(next).await;
    assert_eq!(r.url().path(), "/category/jewelry");
    assert_eq!(r.url().query(), Some("page=2"));
    assert!(Page::of(r).await.text_of(".flash").contains("Welcome back"));

    for off_site in ["https://evil.example/", "//evil.example", "/signin"] {
        app.post_form("/signout", &[]).await;
        let r = sign_in(off_site.to_string()).await;
        assert_eq!(r.url().host_str(), Some("127.0.0.1"));
        assert_eq!(r.url().path(), "/", "{off_site}");
    }
}
