use storefront::events::EventType;

use crate::helpers::*;

#[tokio::test]
async fn each_action_records_its_event_with_the_references_properties() {
    use EventType::*;
    let app = spawn_app().await;
    let (_, home) = app.get_page("/").await;
    // The first popular product with a few to sell.
    let a = home
        .shelf("home_product_recs_cold")
        .product_ids()
        .into_iter()
        .find(|id| seed_stock(id).is_none_or(|left| left >= 10))
        .unwrap();
    app.get_page("/search?q=lamp").await;
    app.get_page(&format!("/product/{a}?feature=home_product_recs_cold"))
        .await;
    app.post_form(
        "/cart/add",
        &[
            ("product_id", &a),
            ("quantity", "2"),
            ("feature", "home_product_recs_cold"),
        ],
    )
    .await;
    app.post_form("/cart/update", &[("product_id", &a), ("quantity", "3")])
        .await;
    let b = product_in(&app, "books", 0).await;
    app.post_form("/cart/add", &[("product_id", &b), ("quantity", "1")])
        .await;
    app.post_form("/cart/remove", &[("product_id", &b)]).await;
    app.get_page("/cart").await;
    checkout(
        &app,
        &[
            ("name", "Ada Lovelace"),
            ("email", "ada@example.com"),
            ("address1", "1 Engine Way"),
            ("city", "London"),
            ("state", "LN"),
            ("zipcode", "12345"),
            ("country", "UK"),
        ],
    )
    .await;

    let mut all = app.wait_for_events(&app.own_events(), 9).await;
    // In the order they happened: the store writes a change's event at once, the tracker a
    // view a moment later, so the table's order is not time's.
    all.sort_by_key(|e| e.event.timestamp);
    let types: Vec<EventType> = all.iter().map(|e| e.event.event_type).collect();
    let session = &all[0].event.session_id;
    let user = &all[0].event.user_id;
    for e in &all {
        assert_eq!(&e.event.session_id, session);
        assert_eq!(&e.event.user_id, user);
        assert!(e.event.timestamp > storefront::clock::Timestamp::EPOCH);
    }
    let by = |t: EventType| {
        all.iter()
            .filter(|e| e.event.event_type == t)
            .collect::<Vec<_>>()
    };
    let search = &by(ProductSearched)[0].event;
    assert_eq!(search.properties["query"], "lamp");
    assert!(search.properties["resultCount"].as_u64().unwrap() > 0);
    assert_eq!(search.properties["reranked"], false);
    let view = &by(ProductViewed)[0].event;
    assert_eq!(view.item_id.as_deref(), Some(a.as_str()));
    assert_eq!(view.properties["productId"], a.as_str());
    assert_eq!(view.properties["feature"], "home_product_recs_cold");
    assert_eq!(view.properties["experimentCorrelationId"], "");
    for key in ["name", "category", "price"] {
        assert!(view.properties.contains_key(key), "{key}");
    }
    let added = &by(ProductAdded)[0].event;
    assert_eq!(added.properties["quantity"], 2);
    assert_eq!(added.properties["feature"], "home_product_recs_cold");
    let updated = &by(ProductQuantityUpdated)[0].event;
    assert_eq!(updated.properties["quantity"], 3);
    assert_eq!(updated.properties["previousQuantity"], 2);
    assert_eq!(
        by(ProductRemoved)[0].event.item_id.as_deref(),
        Some(b.as_str())
    );
    let price = view.properties["price"].as_f64().unwrap();
    for t in [CartViewed, CheckoutStarted, OrderCompleted] {
        let e = &by(t)[0].event;
        assert_eq!(e.properties["cartQuantity"], 3, "{t}");
        let total = e.properties["cartTotal"].as_f64().unwrap();
        assert!((total - 3.0 * price).abs() < 0.005, "{t}: {total}");
    }
    let order = &by(OrderCompleted)[0].event;
    let lines = order.properties["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["productId"], a.as_str());
    assert_eq!(lines[0]["quantity"], 3);
    assert!((order.properties["orderTotal"].as_f64().unwrap() - 3.0 * price).abs() < 0.005);
    // Exactly what the shopper did, in order: the pages a form sends the browser back to
    // (the product page after adding, the cart after a change) record nothing of their own.
    let expected = [
        ProductSearched,
        ProductViewed,
        ProductAdded,
        ProductQuantityUpdated,
        ProductAdded,
        ProductRemoved,
        CartViewed,
        CheckoutStarted,
        OrderCompleted,
    ];
    assert_eq!(types, expected);
}

#[tokio::test]
async fn the_presenter_sees_this_sessions_events_newest_first() {
    let app = spawn_app().await;
    let a = product_in(&app, "furniture", 0).await;
    let b = product_in(&app, "furniture", 1).await;
    app.get_page(&format!("/product/{a}")).await;
    app.get_page(&format!("/product/{b}")).await;
    let other = TestApp::fresh_client(&app);
    other.get_page("/search?q=chair").await;
    app.events_of(EventType::ProductSearched, 1).await;
    app.events_of(EventType::ProductViewed, 2).await;

    let (status, page) = app.get_page("/events").await;
    assert_eq!(status, 200);
    let list = page.section("#event-list ol.events");
    let types = list.attrs("data-event-type");
    assert_eq!(
        types,
        vec!["ProductViewed", "ProductViewed"],
        "only this session's, newest first"
    );
    let items: Vec<String> = list
        .select_all("li.event")
        .iter()
        .map(|e| e.text_of("summary code"))
        .collect();
    assert_eq!(items, vec![b.clone(), a.clone()], "newest first");
    let (_, feed) = app.get_page("/events/feed").await;
    assert_eq!(feed.section("ol.events").attrs("data-event-type").len(), 2);
    let (_, theirs) = other.get_page("/events/feed").await;
    assert_eq!(
        theirs.section("ol.events").attrs("data-event-type"),
        vec!["ProductSearched"]
    );
}

#[tokio::test]
async fn a_graceful_shutdown_writes_every_queued_event() {
    // A long linger keeps events queued until shutdown forces them out.
    let app = spawn_with(|s| {
        s.tracker.flush_interval_ms = 120_000;
        s.tracker.batch_size = 10_000;
    })
    .await;
    let a = product_in(&app, "seasonal", 0).await;
    for _ in 0..25 {
        app.get(&format!("/product/{a}")).await;
    }
    let store = app.store.clone();
    let own = app.own_events();
    let before = app.count_own_events().await;
    assert!(before < 25, "events are still queued ({before} written)");
    let _stopped = app.stop().await;
    assert_eq!(store.events(&own).await.unwrap().len(), 25);
}
