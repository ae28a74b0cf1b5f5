use crate::helpers::*;
use crate::page::Page;

#[tokio::test]
async fn the_reference_catalog_loads_with_all_its_categories_and_shoppers() {
    let app = spawn_with(|s| {
        s.catalog_dir = Some(reference_dir());
        s.engine.history_interactions = 20_000;
    })
    .await;
    let health: serde_json::Value = app.get("/healthz").await.json().await.unwrap();
    assert_eq!(health["products"], 2465);
    assert_eq!(health["shoppers"], 5250);
    let (_, home) = app.get_page("/").await;
    // RDS has 20 categories; the four the shop doesn't know are kept, not dropped.
    for c in [
        "hot%20dispensed",
        "cold%20dispensed",
        "food%20service",
        "salty%20snacks",
        "apparel",
        "tools",
    ] {
        assert!(
            home.section("nav.categories")
                .has(&format!("a[href=\"/category/{c}\"]")),
            "nav lacks {c}"
        );
        let (status, page) = app.get_page(&format!("/category/{c}")).await;
        assert_eq!(status, 200, "{c}");
        assert!(
            !page.shelf("category_detail_rank").product_ids().is_empty(),
            "{c}"
        );
    }
    // A reference product by its id, with a drawn picture.
    let (status, page) = app
        .get_page("/product/6579c22f-be2b-444c-a52b-0116dd82df6c")
        .await;
    assert_eq!(status, 200);
    assert!(page.text_of("article.product h1").contains("Backpack"));
    let r = app
        .get("/images/product/6579c22f-be2b-444c-a52b-0116dd82df6c.svg")
        .await;
    assert_eq!(r.status(), 200);
    let (_, results) = app.get_page("/search?q=backpack").await;
    assert!(!results.shelf("search_results").product_ids().is_empty());
    // The reference's shoppers can be emulated, personas as the reference spells them.
    app.post_form(
        "/profile/select",
        &[("mode", "choose"), ("interest", "housewares")],
    )
    .await;
    let (_, profile) = app.get_page("/profile").await;
    let id = profile.attr("[data-candidate-id]", "data-candidate-id");
    app.post_form("/profile/save", &[("shopper_id", &id)]).await;
    let (_, home) = app.get_page("/").await;
    let persona = home.attr(".site-header [data-persona]", "data-persona");
    assert!(persona.starts_with("housewares_"), "{persona}");
}

#[tokio::test]
async fn the_stores_own_catalog_is_large_and_varied() {
    let app = spawn_app().await;
    let health: serde_json::Value = app.get("/healthz").await.json().await.unwrap();
    assert!(health["products"].as_u64().unwrap() >= 2000);
    assert!(health["shoppers"].as_u64().unwrap() >= 5000);
    let mut personas = std::collections::HashSet::new();
    for _ in 0..60 {
        app.post_form("/profile/select", &[("mode", "auto")]).await;
        let (_, profile) = app.get_page("/profile").await;
        personas.insert(profile.text_of("[data-candidate-id] code"));
    }
    assert!(
        personas.len() >= 10,
        "auto select shows many personas: {}",
        personas.len()
    );
}

#[tokio::test]
async fn a_restart_reuses_the_database() {
    let app = spawn_app().await;
    let a = product_in(&app, "homedecor", 0).await;
    app.post_form("/cart/add", &[("product_id", &a), ("quantity", "4")])
        .await;
    let cookies = app.client.clone();
    let url = app.address.clone();
    // Same database, new process state: the cart is still there for the same browser.
    let second = spawn_with(|s| s.database_url = app.database_url.clone()).await;
    let cart = Page::of(cookies.get(second.url("/cart")).send().await.unwrap()).await;
    assert_eq!(
        cart_count(&cart),
        4,
        "cart kept across instances sharing the database ({url})"
    );
}
