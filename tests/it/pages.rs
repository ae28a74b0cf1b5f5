use crate::helpers::*;
use crate::page::shelf_selector;

#[tokio::test]
async fn home_has_a_cold_shelf_featured_products_categories_and_search() {
    let app = spawn_app().await;
    let (status, html) = app.get_page("/").await;
    assert_eq!(status, 200);
    let cold = html.shelf("home_product_recs_cold");
    assert_eq!(cold.text_of("h2"), "Popular products");
    assert_eq!(cold.product_ids().len(), 12);
    assert!(!html.has(&shelf_selector("home_product_recs")));
    let featured = html.shelf("home_featured_rerank").cards();
    assert!(
        featured.len() >= 12,
        "featured shelf has {}",
        featured.len()
    );
    let mut categories: Vec<&str> = featured.iter().map(|(_, c)| c.as_str()).collect();
    categories.sort();
    categories.dedup();
    assert!(categories.len() >= 6, "featured spread over {categories:?}");
    for c in [
        "apparel",
        "footwear",
        "outdoors",
        "electronics",
        "beauty",
        "jewelry",
        "accessories",
        "housewares",
        "homedecor",
        "furniture",
        "seasonal",
        "floral",
        "books",
        "groceries",
        "instruments",
        "tools",
    ] {
        assert!(
            html.section("nav.categories")
                .has(&format!("a[href=\"/category/{c}\"]")),
            "nav lacks {c}"
        );
    }
    assert!(html.has(".site-header form[action=\"/search\"] input[name=\"q\"]"));
    // Links to products out of a shelf carry the shelf's name; a card's other links (a
    // Promoted banner, a movement badge) explain themselves in the guide.
    let links = cold.select_all("[data-product-id] a[href]");
    assert!(!links.is_empty());
    for link in links {
        let href = link.attr("href");
        if href.starts_with("/product/") {
            assert!(href.contains("?feature=home_product_recs_cold"), "{href}");
        } else {
            assert!(href.starts_with("/guide#"), "{href}");
        }
    }
}

#[tokio::test]
async fn category_pages_list_their_products_and_filter() {
    let app = spawn_app().await;
    let (status, html) = app.get_page("/category/footwear").await;
    assert_eq!(status, 200);
    let shelf = html.shelf("category_detail_rank");
    let cards = shelf.cards();
    assert!(!cards.is_empty());
    assert!(cards.iter().all(|(_, c)| c == "footwear"));
    let style = shelf.attrs("data-style")[0].clone();
    let (_, filtered) = app
        .get_page(&format!("/category/footwear?style={style}"))
        .await;
    let filtered_styles = filtered.shelf("category_detail_rank").attrs("data-style");
    assert!(!filtered_styles.is_empty());
    assert!(
        filtered_styles.iter().all(|s| *s == style),
        "style filter leaks: {filtered_styles:?}"
    );
    let (status, women) = app.get_page("/category/footwear?gender=F").await;
    assert_eq!(status, 200);
    assert!(!women.shelf("category_detail_rank").product_ids().is_empty());
    let (status, none) = app.get_page("/category/footwear?style=no-such-style").await;
    assert_eq!(status, 200);
    assert!(none.text_of("main p.empty").contains("No products match"));
    assert!(!none.has(&shelf_selector("category_detail_rank")));
}

#[tokio::test]
async fn featured_page_has_featured_products_of_all_categories() {
    let app = spawn_app().await;
    let (status, html) = app.get_page("/category/featured").await;
    assert_eq!(status, 200);
    let cards = html.shelf("category_detail_rank").cards();
    assert!(cards.len() >= 12);
    let (_, home) = app.get_page("/").await;
    let mut on_home = home.shelf("home_featured_rerank").product_ids();
    let mut on_page: Vec<String> = cards.into_iter().map(|(id, _)| id).collect();
    on_home.sort();
    on_page.sort();
    assert_eq!(on_home, on_page);
}

#[tokio::test]
async fn unknown_pages_get_the_shops_404() {
    let app = spawn_app().await;
    for path in [
        "/category/nonsense",
        "/product/does-not-exist",
        "/no/such/page",
        "/orders/xyz",
    ] {
        let (status, html) = app.get_page(path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(
            html.text_of("main.error-page h1"),
            "Page not found",
            "{path}"
        );
        assert!(
            html.has("head link[rel=\"stylesheet\"][href=\"/static/style.css\"]"),
            "404 page is styled"
        );
    }
}

#[tokio::test]
async fn product_page_shows_details_add_to_cart_and_similar_items() {
    let app = spawn_app().await;
    let (_, html) = app.get_page("/category/electronics").await;
    let id = html.shelf("category_detail_rank").product_ids()[0].clone();
    let (status, page) = app.get_page(&format!("/product/{id}")).await;
    assert_eq!(status, 200);
    let product = page.section(&format!("article.product[data-product-id=\"{id}\"]"));
    assert!(product.text_of(".price").starts_with('$'));
    let stock = product.text_of(".stock");
    if stock.starts_with("In stock") {
        product.section("form[action=\"/cart/add\"] input[name=\"quantity\"]");
    } else {
        assert_eq!(stock, "Out of stock");
    }
    let similar = page.shelf("product_detail_related");
    assert_eq!(similar.text_of("h2"), "Compare similar items");
    let related = similar.product_ids();
    assert!(!related.is_empty());
    assert!(!related.contains(&id), "a product is not similar to itself");
}

#[tokio::test]
async fn search_ranks_by_relevance_and_handles_empty_and_nonsense_queries() {
    let app = spawn_app().await;
    let (status, html) = app.get_page("/search?q=boots").await;
    assert_eq!(status, 200);
    let count: usize = html
        .attr("[data-result-count]", "data-result-count")
        .parse()
        .unwrap();
    assert!(count > 0);
    let results = html.shelf("search_results").cards();
    assert!(!results.is_empty());
    assert_eq!(
        results[0].1, "footwear",
        "the best match for boots is footwear"
    );
    let (status, empty) = app.get_page("/search?q=").await;
    assert_eq!(status, 200);
    assert!(
        empty
            .text_of("main .page-head")
            .contains("Type what you are looking for")
    );
    let (status, nonsense) = app.get_page("/search?q=qwxzzvkj").await;
    assert_eq!(status, 200);
    assert!(nonsense.text_of("main p.empty").contains("Nothing matches"));
    assert!(!nonsense.has(&shelf_selector("search_results")));
    let long = "a".repeat(5000);
    let (status, _) = app.get_page(&format!("/search?q={long}")).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn every_picture_on_the_home_page_loads() {
    let app = spawn_app().await;
    let (_, html) = app.get_page("/").await;
    let images: Vec<String> = html
        .select_all("img[src]")
        .iter()
        .map(|img| img.attr("src"))
        .collect();
    assert!(images.len() > 20);
    for src in images.iter().filter(|s| s.starts_with('/')) {
        let r = app.get(src).await;
        assert_eq!(r.status(), 200, "{src}");
        let kind = r.headers()["content-type"].to_str().unwrap().to_string();
        assert!(kind.starts_with("image/svg+xml"), "{src}: {kind}");
        let body = r.text().await.unwrap();
        assert!(
            body.starts_with("<svg") && body.trim_end().ends_with("</svg>"),
            "{src}"
        );
    }
}

#[tokio::test]
async fn healthz_answers() {
    let app = spawn_app().await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), 200);
    let json: serde_json::Value = r.json().await.unwrap();
    assert_eq!(json["status"], "ok");
    assert!(json["products"].as_u64().unwrap() >= 2000);
}

#[tokio::test]
async fn every_response_names_its_request() {
    let app = spawn_app().await;
    let id_of = |r: &reqwest::Response| {
        r.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let first = app.get("/").await;
    let second = app.get("/no-such-page").await;
    let (a, b) = (
        id_of(&first).expect("an id"),
        id_of(&second).expect("an id"),
    );
    assert_ne!(a, b, "each request gets its own id");
    // A proxy's sane id is kept; one that could forge log lines is replaced.
    let forwarded = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "edge-42.a")
        .send()
        .await
        .unwrap();
    assert_eq!(id_of(&forwarded).as_deref(), Some("edge-42.a"));
    let forged = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "x\" level=ERROR")
        .send()
        .await
        .unwrap();
    let replaced = id_of(&forged).expect("an id");
    assert!(
        !replaced.contains('"') && !replaced.contains(' '),
        "{replaced}"
    );
}
