use crate::helpers::*;

#[tokio::test]
async fn home_has_a_cold_shelf_featured_products_categories_and_search() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/").await;
    assert_eq!(status, 200);
    assert!(html.contains("Popular products"));
    assert_eq!(shelf_products(&html, "home_product_recs_cold").len(), 12);
    assert!(shelf_products(&html, "home_product_recs").is_empty());
    let featured = shelf_cards(&html, "home_featured_rerank");
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
            html.contains(&format!("href=\"/category/{c}\"")),
            "nav lacks {c}"
        );
    }
    assert!(html.contains("action=\"/search\""));
    // Links out of a shelf carry the shelf's name.
    assert!(html.contains("?feature=home_product_recs_cold"));
}

#[tokio::test]
async fn category_pages_list_their_products_and_filter() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/category/footwear").await;
    assert_eq!(status, 200);
    let cards = shelf_cards(&html, "category_detail_rank");
    assert!(!cards.is_empty());
    assert!(cards.iter().all(|(_, c)| c == "footwear"));
    let styles = attr_values(&html, "data-style");
    let style = styles[0].clone();
    let (_, filtered) = app
        .get_html(&format!("/category/footwear?style={style}"))
        .await;
    let filtered_styles = attr_values(&filtered, "data-style");
    assert!(!filtered_styles.is_empty());
    assert!(
        filtered_styles.iter().all(|s| *s == style),
        "style filter leaks: {filtered_styles:?}"
    );
    let (status, women) = app.get_html("/category/footwear?gender=F").await;
    assert_eq!(status, 200);
    assert!(!shelf_products(&women, "category_detail_rank").is_empty());
    let (status, none) = app.get_html("/category/footwear?style=no-such-style").await;
    assert_eq!(status, 200);
    assert!(none.contains("No products match"));
}

#[tokio::test]
async fn featured_page_has_featured_products_of_all_categories() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/category/featured").await;
    assert_eq!(status, 200);
    let cards = shelf_cards(&html, "category_detail_rank");
    assert!(cards.len() >= 12);
    let (_, home) = app.get_html("/").await;
    let mut on_home = shelf_products(&home, "home_featured_rerank");
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
        let (status, html) = app.get_html(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("Page not found"), "{path}");
        assert!(html.contains("/static/style.css"), "404 page is styled");
    }
}

#[tokio::test]
async fn product_page_shows_details_add_to_cart_and_similar_items() {
    let app = spawn_app().await;
    let (_, html) = app.get_html("/category/electronics").await;
    let id = shelf_products(&html, "category_detail_rank")[0].clone();
    let (status, page) = app.get_html(&format!("/product/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Compare similar items"));
    assert!(page.contains("action=\"/cart/add\""));
    assert!(page.contains("name=\"quantity\""));
    assert!(page.contains("class=\"price\">$"));
    assert!(page.contains("In stock") || page.contains("Out of stock"));
    let related = shelf_products(&page, "product_detail_related");
    assert!(!related.is_empty());
    assert!(!related.contains(&id), "a product is not similar to itself");
}

#[tokio::test]
async fn search_ranks_by_relevance_and_handles_empty_and_nonsense_queries() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/search?q=boots").await;
    assert_eq!(status, 200);
    let count: usize = attr_values(&html, "data-result-count")[0].parse().unwrap();
    assert!(count > 0);
    let results = shelf_cards(&html, "search_results");
    assert!(!results.is_empty());
    assert_eq!(
        results[0].1, "footwear",
        "the best match for boots is footwear"
    );
    let (status, empty) = app.get_html("/search?q=").await;
    assert_eq!(status, 200);
    assert!(empty.contains("Type what you are looking for"));
    let (status, nonsense) = app.get_html("/search?q=qwxzzvkj").await;
    assert_eq!(status, 200);
    assert!(nonsense.contains("Nothing matches"));
    assert!(shelf_products(&nonsense, "search_results").is_empty());
    let long = "a".repeat(5000);
    let (status, _) = app.get_html(&format!("/search?q={long}")).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn every_picture_on_the_home_page_loads() {
    let app = spawn_app().await;
    let (_, html) = app.get_html("/").await;
    let images = attr_values(&html, "src");
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
