//! The embedded engine over HTTP: real-time adaptation, personas, exclusions, cold start.

use std::collections::HashSet;

use storefront::config::ItemModelKind;

use crate::helpers::*;

#[tokio::test]
async fn an_anonymous_shoppers_next_page_follows_their_clicks() {
    let app = spawn_app().await;
    let (_, home) = app.get_page("/").await;
    assert_eq!(
        home.shelf("home_product_recs_cold").product_ids().len(),
        12,
        "cold: popular items"
    );
    let (_, page) = app.get_page("/category/instruments").await;
    let items = page.shelf("category_detail_rank").product_ids();
    for id in &items[3..6] {
        app.get_page(&format!("/product/{id}?feature=category_detail_rank"))
            .await;
    }
    // The very next page, with no wait for the events to be written.
    let (_, home) = app.get_page("/").await;
    let shelf = home.shelf("home_product_recs");
    assert_eq!(shelf.text_of("h2"), "Inspired by your shopping trends");
    let recs = shelf.cards();
    assert_eq!(recs.len(), 12);
    // Issue 14's rule: after three views, at least 6 of 12 (the shelf moves, and keeps room
    // for what the shopper has not looked at yet).
    let same = recs.iter().filter(|(_, c)| c == "instruments").count();
    assert!(
        same >= 6,
        "{same} of 12 from the category just browsed: {recs:?}"
    );
    assert_eq!(
        shelf.text_of(".engine-badge"),
        "embedded · ease+session",
        "the badge names the engine"
    );
}

#[tokio::test]
async fn an_emulated_shoppers_shelf_follows_their_persona_and_then_their_clicks() {
    follows_the_persona_and_then_the_clicks(spawn_app().await).await;
}

/// The model large catalogs train (issue 16) serves the shelves the same way: persona first,
/// then what the shopper just did.
#[tokio::test]
async fn the_neighbourhood_model_follows_the_persona_and_then_the_clicks_too() {
    let app = spawn_with(|s| s.engine.item_model = ItemModelKind::Neighbourhood).await;
    follows_the_persona_and_then_the_clicks(app).await;
}

async fn follows_the_persona_and_then_the_clicks(app: TestApp) {
    let (_, persona) = emulate(&app, "jewelry").await;
    let (_, home) = app.get_page("/").await;
    let recs = home.shelf("home_product_recs").cards();
    assert_eq!(recs.len(), 12);
    let in_persona = recs.iter().filter(|(_, c)| persona.contains(c)).count();
    assert!(in_persona >= 9, "{in_persona} of 12 from {persona:?}");
    // A click outside the persona shows on the next page.
    let (_, page) = app.get_page("/category/tools").await;
    let tools = page.shelf("category_detail_rank").product_ids();
    for id in &tools[..3] {
        app.get_page(&format!("/product/{id}")).await;
    }
    let (_, after) = app.get_page("/").await;
    let recs_after = after.shelf("home_product_recs").cards();
    let tools_after = recs_after.iter().filter(|(_, c)| c == "tools").count();
    assert!(
        tools_after >= 4,
        "the session's interest shows: {recs_after:?}"
    );
    assert_ne!(recs, recs_after);
}

#[tokio::test]
async fn purchased_and_carted_items_are_not_recommended() {
    let app = spawn_app().await;
    emulate(&app, "books").await;
    let (_, home) = app.get_page("/").await;
    let first = home.shelf("home_product_recs").product_ids();
    let (bought, carted) = (first[0].clone(), first[1].clone());
    app.post_form("/cart/add", &[("product_id", &bought), ("quantity", "1")])
        .await;
    let (_, r) = checkout_prefilled(&app).await;
    assert!(r.url().path().starts_with("/orders/"));
    app.post_form("/cart/add", &[("product_id", &carted), ("quantity", "1")])
        .await;
    let (_, home) = app.get_page("/").await;
    let recs = home.shelf("home_product_recs").product_ids();
    assert_eq!(recs.len(), 12);
    assert!(
        !recs.contains(&bought),
        "a purchased item is not recommended again"
    );
    assert!(
        !recs.contains(&carted),
        "an item in the cart is not recommended"
    );
}

#[tokio::test]
async fn similar_items_share_the_product_s_category_and_known_shoppers_get_them_reranked() {
    let app = spawn_app().await;
    let id = product_in(&app, "footwear", 0).await;
    let (_, page) = app.get_page(&format!("/product/{id}")).await;
    let related = page.shelf("product_detail_related").cards();
    assert_eq!(related.len(), 8);
    let same = related.iter().filter(|(_, c)| c == "footwear").count();
    assert!(same >= 6, "{related:?}");
    assert_eq!(
        shelf_badge(&page, "product_detail_related"),
        "embedded · sims+metadata"
    );
    emulate(&app, "apparel").await;
    let (_, page) = app.get_page(&format!("/product/{id}")).await;
    assert!(shelf_badge(&page, "product_detail_related").contains("sims+metadata, reranked"));
}

#[tokio::test]
async fn known_shoppers_get_ranked_categories_and_search_results_anonymous_ones_do_not() {
    let app = spawn_app().await;
    let (_, natural) = app.get_page("/category/floral").await;
    let natural = natural.shelf("category_detail_rank").product_ids();
    let (_, search) = app.get_page("/search?q=lamp").await;
    let plain = search.shelf("search_results").product_ids();
    emulate(&app, "homedecor").await;
    let (_, ranked) = app.get_page("/category/floral").await;
    let ranked = ranked.shelf("category_detail_rank").product_ids();
    let a: HashSet<_> = natural.iter().collect();
    let b: HashSet<_> = ranked.iter().collect();
    assert_eq!(natural.len(), ranked.len());
    assert!(
        a == b || natural[..10] != ranked[..10],
        "a page of the same items, reordered"
    );
    assert_ne!(natural, ranked, "ranked for the shopper");
    app.get_page("/search?q=lamp").await;
    let searches = app
        .events_of(storefront::events::EventType::ProductSearched, 2)
        .await;
    assert_eq!(
        searches[0].event.properties["reranked"], false,
        "anonymous: relevance order"
    );
    assert!(!plain.is_empty());
    assert_eq!(
        searches[1].event.properties["reranked"], true,
        "known shopper: reranked"
    );
}

#[tokio::test]
async fn items_no_one_has_touched_still_get_similar_items() {
    // The reference catalog with no history at all: every item is new to the engine.
    let app = spawn_with(|s| {
        s.catalog_dir = Some(reference_dir());
        s.engine.history_interactions = 0;
    })
    .await;
    let (_, home) = app.get_page("/").await;
    assert_eq!(home.shelf("home_product_recs_cold").product_ids().len(), 12);
    let (_, page) = app.get_page("/category/furniture").await;
    let id = page.shelf("category_detail_rank").product_ids()[0].clone();
    let (_, product) = app.get_page(&format!("/product/{id}")).await;
    let related = product.shelf("product_detail_related").cards();
    assert_eq!(related.len(), 8);
    assert!(related.iter().all(|(_, c)| c == "furniture"), "{related:?}");
    // One view is enough for the session's interest to shape the next shelf, without
    // flipping it (issue 14: 3 to 8 of 12).
    let (_, home) = app.get_page("/").await;
    let recs = home.shelf("home_product_recs").cards();
    assert_eq!(recs.len(), 12);
    let furniture = recs.iter().filter(|(_, c)| c == "furniture").count();
    assert!((3..=8).contains(&furniture), "{recs:?}");
}

#[tokio::test]
async fn training_is_deterministic() {
    let app = spawn_app().await;
    let store = &app.store;
    let catalog = std::sync::Arc::new(storefront::catalog::Catalog::new(
        store.load_categories().await.unwrap(),
        store.load_products().await.unwrap(),
    ));
    let interactions = store.interactions().await.unwrap();
    assert!(interactions.len() > 50_000, "the seeded history is there");
    let params = storefront::recs::embedded::TrainParams::default();
    let a = storefront::recs::embedded::train(&catalog, "x", &interactions, &params);
    let b = storefront::recs::embedded::train(&catalog, "x", &interactions, &params);
    assert_eq!(a.ease, b.ease);
    assert_eq!(a.related, b.related);
    assert_eq!(a.popularity, b.popularity);
    assert_eq!(a.histories, b.histories);
    // The shop trained at start on the same interactions as the store streamed them (never
    // held as rows): the same model, and it survives its encoding.
    let fingerprint = store
        .meta("catalog_fingerprint")
        .await
        .unwrap()
        .expect("a seeded catalog");
    let saved = store
        .latest_model(&fingerprint)
        .await
        .unwrap()
        .expect("the model trained at start is saved");
    let saved = storefront::recs::embedded::Model::decode(&saved).expect("it decodes");
    assert_eq!(saved.interactions, a.interactions);
    assert_eq!(saved.ease, a.ease);
    assert_eq!(saved.related, a.related);
    assert_eq!(saved.new_like, a.new_like);
    assert_eq!(saved.popularity, a.popularity);
    assert_eq!(saved.histories, a.histories);
}

/// "Because you viewed X" names a product really related to the card: X is in the card's
/// category, or the card is among X's similar items (X's product page shows it).
#[tokio::test]
async fn reasons_name_only_related_products() {
    let app = spawn_app().await;
    let products = storefront::catalog::CatalogSource::Builtin
        .load()
        .unwrap()
        .products;
    let anonymous = TestApp::fresh_client(&app);
    let mut named = 0;
    for (interest, elsewhere) in [("outdoors", "electronics"), ("jewelry", "books")] {
        emulate(&app, interest).await;
        // The shelf from the stored history alone, then after a view elsewhere.
        let (_, before) = app.get_page("/").await;
        let id = product_in(&app, elsewhere, 0).await;
        app.get_page(&format!("/product/{id}")).await;
        let (_, after) = app.get_page("/").await;
        let cards = [before, after]
            .iter()
            .flat_map(|home| {
                home.shelf("home_product_recs")
                    .select_all(".card")
                    .into_iter()
                    .map(|c| {
                        (
                            c.attr("data-product-id"),
                            c.attr("data-category"),
                            c.text_of(".reason"),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>();
        for (card_id, card_category, reason) in cards {
            let Some(name) = [
                "because you viewed ",
                "because you added ",
                "because you bought ",
            ]
            .iter()
            .find_map(|phrase| reason.strip_prefix(phrase)) else {
                continue;
            };
            named += 1;
            let source = products.iter().find(|p| p.name == name.trim()).unwrap();
            if source.category == card_category {
                continue;
            }
            let (_, page) = anonymous.get_page(&format!("/product/{}", source.id)).await;
            let similar = page.shelf("product_detail_related").product_ids();
            assert!(
                similar.contains(&card_id),
                "{card_id} ({card_category}) says “{reason}” but is neither in its category nor \
                 among its similar items"
            );
        }
    }
    assert!(named > 0, "some cards name a product");
}

/// A saved model is reused only when it was trained the way the settings ask: switching
/// `engine.item_model` retrains at the next start, and a start with unchanged settings loads it.
#[tokio::test]
async fn changing_the_item_model_retrains_and_unchanged_settings_reuse_the_saved_model() {
    use storefront::recs::embedded::Model;
    async fn latest(app: &TestApp) -> Model {
        let fingerprint = app
            .store
            .meta("catalog_fingerprint")
            .await
            .unwrap()
            .expect("a seeded catalog has a fingerprint");
        let bytes = app
            .store
            .latest_model(&fingerprint)
            .await
            .unwrap()
            .expect("a saved model");
        Model::decode(&bytes).expect("the saved model decodes")
    }
    let dense = spawn_app().await;
    let first = latest(&dense).await;
    assert!(
        first.trained_with.contains("Dense"),
        "{}",
        first.trained_with
    );
    let database = dense.database_url.clone();
    let neighbourhood = spawn_with(|s| {
        s.database_url = database.clone();
        s.engine.item_model = ItemModelKind::Neighbourhood;
    })
    .await;
    let second = latest(&neighbourhood).await;
    assert!(
        second.trained_with.contains("Neighbourhood"),
        "{}",
        second.trained_with
    );
    assert_ne!(second.ease, first.ease, "a different model was trained");
    let again = spawn_with(|s| {
        s.database_url = database;
        s.engine.item_model = ItemModelKind::Neighbourhood;
    })
    .await;
    let third = latest(&again).await;
    assert_eq!(
        third.trained_at, second.trained_at,
        "the same settings load the saved model instead of training another"
    );
}

/// New products (no interactions yet) have no EASE weights, so only exploration can put them on a
/// personalised shelf: one place in 12 goes to the new product most like what the shopper looked
/// at, and saying so; with `engine.exploration: 0` none does.
#[tokio::test]
async fn new_products_like_the_shoppers_views_get_a_place_on_the_shelf() {
    async fn after_three_views(exploration: f64) -> (Vec<(String, String)>, HashSet<String>) {
        // The reference catalog with a short history, which leaves much of each category's long
        // tail untouched: those products are new.
        let app = spawn_with(|s| {
            s.catalog_dir = Some(reference_dir());
            s.engine.history_interactions = 4_000;
            s.engine.exploration = exploration;
        })
        .await;
        let known: HashSet<String> = app
            .store
            .interactions()
            .await
            .unwrap()
            .into_iter()
            .map(|i| i.item_id.clone())
            .collect();
        let (_, page) = app.get_page("/category/instruments").await;
        let items = page.shelf("category_detail_rank").product_ids();
        let viewed: Vec<&String> = items
            .iter()
            .filter(|id| known.contains(*id))
            .take(3)
            .collect();
        assert_eq!(viewed.len(), 3, "the history touched some instruments");
        for id in viewed {
            app.get_page(&format!("/product/{id}")).await;
        }
        let (_, home) = app.get_page("/").await;
        let cards = home
            .shelf("home_product_recs")
            .select_all("[data-product-id]")
            .iter()
            .map(|card| {
                let reason = if card.has(".reason") {
                    card.text_of(".reason")
                } else {
                    String::new()
                };
                (card.attr("data-product-id"), reason)
            })
            .collect();
        (cards, known)
    }
    let (cards, known) = after_three_views(0.1).await;
    assert_eq!(cards.len(), 12);
    let new: Vec<&(String, String)> = cards
        .iter()
        .filter(|(_, reason)| reason.starts_with("new, like "))
        .collect();
    assert_eq!(new.len(), 1, "one place in 12: {cards:?}");
    assert!(
        !known.contains(&new[0].0),
        "{} has interactions: it is not new",
        new[0].0
    );
    // The others are products the model knows.
    assert!(
        cards
            .iter()
            .filter(|(_, r)| !r.starts_with("new, like "))
            .all(|(id, _)| known.contains(id)),
        "{cards:?}"
    );
    let (cards, _) = after_three_views(0.0).await;
    assert_eq!(cards.len(), 12);
    assert!(
        cards.iter().all(|(_, r)| !r.starts_with("new")),
        "exploration off: {cards:?}"
    );
}
