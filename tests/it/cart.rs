use crate::helpers::*;
use crate::page::Page;

/// The quantity message the shop flashes, on the page a bad quantity leads to.
async fn quantity_message(r: reqwest::Response) -> bool {
    let flash = Page::of(r).await.text_of(".flash");
    flash.contains("1 to 99") || flash.contains("between 1 and 99")
}

#[tokio::test]
async fn cart_adds_updates_removes_and_totals() {
    let app = spawn_app().await;
    let a = product_in(&app, "housewares", 0).await;
    let b = product_in(&app, "books", 1).await;
    let (pa, pb) = (price_of(&app, &a).await, price_of(&app, &b).await);

    let r = app
        .post_form("/cart/add", &[("product_id", &a), ("quantity", "2")])
        .await;
    assert_eq!(r.status(), 200);
    let page = Page::of(r).await;
    assert!(
        page.text_of(".flash").contains("to your cart"),
        "confirmation shown"
    );
    app.post_form("/cart/add", &[("product_id", &b), ("quantity", "1")])
        .await;
    app.post_form("/cart/add", &[("product_id", &a), ("quantity", "1")])
        .await;

    let (_, cart) = app.get_page("/cart").await;
    assert_eq!(cart.shelf("cart").product_ids(), vec![a.clone(), b.clone()]);
    assert_eq!(cart_total(&cart), 3 * pa + pb);
    assert_eq!(cart_count(&cart), 4);

    app.post_form("/cart/update", &[("product_id", &b), ("quantity", "5")])
        .await;
    let (_, cart) = app.get_page("/cart").await;
    assert_eq!(cart_total(&cart), 3 * pa + 5 * pb);

    app.post_form("/cart/remove", &[("product_id", &a)]).await;
    let (_, cart) = app.get_page("/cart").await;
    assert_eq!(cart.shelf("cart").product_ids(), vec![b.clone()]);
    assert_eq!(cart_total(&cart), 5 * pb);
    assert_eq!(cart_count(&cart), 5);
}

#[tokio::test]
async fn bad_quantities_get_a_message_and_change_nothing() {
    let app = spawn_app().await;
    let a = product_in(&app, "tools", 0).await;
    app.post_form("/cart/add", &[("product_id", &a), ("quantity", "3")])
        .await;
    for bad in ["0", "100", "-4", "abc", "", "2.5", "99999999999999999999"] {
        let r = app
            .post_form("/cart/add", &[("product_id", &a), ("quantity", bad)])
            .await;
        assert_eq!(r.status(), 200, "quantity {bad:?}");
        assert!(quantity_message(r).await, "message for {bad:?}");
        let r = app
            .post_form("/cart/update", &[("product_id", &a), ("quantity", bad)])
            .await;
        assert!(quantity_message(r).await, "message for {bad:?}");
    }
    let (_, cart) = app.get_page("/cart").await;
    assert_eq!(cart_count(&cart), 3);
    let r = app
        .post_form("/cart/add", &[("product_id", "nope"), ("quantity", "1")])
        .await;
    assert_eq!(r.status(), 404);
    let r = app
        .post_form("/cart/update", &[("product_id", "nope"), ("quantity", "1")])
        .await;
    assert!(
        Page::of(r)
            .await
            .text_of(".flash")
            .contains("not in your cart")
    );
    // Adding more than the store has changes nothing and says how many are left.
    let r = app
        .post_form("/cart/add", &[("product_id", &a), ("quantity", "99")])
        .await;
    let left = seed_stock(&a).unwrap();
    let flash = Page::of(r).await.text_of(".flash");
    assert!(flash.contains(&format!("Only {left} ")), "{flash}");
    let (_, cart) = app.get_page("/cart").await;
    assert_eq!(cart_count(&cart), 3);
}

#[tokio::test]
async fn checkout_places_an_order_with_a_confirmation_and_history() {
    let app = spawn_app().await;
    // Emulate a shopper so that the address is prefilled.
    app.post_form("/profile/select", &[("mode", "auto")]).await;
    let (_, profile) = app.get_page("/profile").await;
    let shopper = profile.attr("[data-candidate-id]", "data-candidate-id");
    app.post_form("/profile/save", &[("shopper_id", &shopper)])
        .await;

    let a = product_in(&app, "jewelry", 2).await;
    let pa = price_of(&app, &a).await;
    app.post_form("/cart/add", &[("product_id", &a), ("quantity", "2")])
        .await;
    let (form, r) = checkout_prefilled(&app).await;
    let filled = form.attr(
        "form[action=\"/checkout\"] input[name=\"address1\"]",
        "value",
    );
    assert!(!filled.is_empty(), "address prefilled from the shopper");
    assert_eq!(r.status(), 200);
    assert!(
        r.url().path().starts_with("/orders/"),
        "redirected to {}",
        r.url()
    );
    let order_id = r.url().path().trim_start_matches("/orders/").to_string();
    let page = Page::of(r).await;
    assert!(page.text_of("main h1").contains("Your order is placed"));
    assert_eq!(page.attr("main [data-order-id]", "data-order-id"), order_id);
    assert_eq!(
        cents(&page.attr("table.order [data-order-total]", "data-order-total")),
        2 * pa
    );

    let (_, cart) = app.get_page("/cart").await;
    assert!(cart.text_of("main .empty").contains("Your cart is empty"));
    assert_eq!(cart_count(&cart), 0);
    let (_, profile) = app.get_page("/profile").await;
    assert!(
        profile
            .section("#orders table.orders")
            .attrs("data-order-id")
            .contains(&order_id)
    );

    // Another browser cannot see the order.
    let other = client();
    let r = other
        .get(app.url(&format!("/orders/{order_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    let orders = app
        .events_of(storefront::events::EventType::OrderCompleted, 1)
        .await;
    assert_eq!(orders.len(), 1);
}

#[tokio::test]
async fn checkout_with_missing_fields_explains_and_places_nothing() {
    let app = spawn_app().await;
    let a = product_in(&app, "floral", 0).await;
    app.post_form("/cart/add", &[("product_id", &a), ("quantity", "1")])
        .await;
    let r = checkout(
        &app,
        &[("name", "Ada"), ("email", "not-an-email"), ("address1", "")],
    )
    .await;
    assert_eq!(r.status(), 422);
    let errors = Page::of(r)
        .await
        .text_of("form[action=\"/checkout\"] .errors");
    assert!(errors.contains("Address is required."), "{errors}");
    assert!(errors.contains("valid email"), "{errors}");
    let (_, cart) = app.get_page("/cart").await;
    assert_eq!(cart_count(&cart), 1, "the cart is untouched");
    // An empty cart cannot be checked out.
    let empty = client();
    let r = empty.get(app.url("/checkout")).send().await.unwrap();
    assert!(r.url().path() == "/cart");
}
