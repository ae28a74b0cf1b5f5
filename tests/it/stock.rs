//! Stock is real: the cart holds no more than is left, an order takes its units in its own
//! transaction and is refused rather than oversell, and shelves leave out what is sold out.

use storefront::catalog::CatalogSource;
use storefront::events::EventType;

use crate::helpers::*;
use crate::page::Page;

/// The first shop-visible seed product with exactly `left` units.
fn product_with_stock(left: i64) -> String {
    CatalogSource::Builtin
        .load()
        .unwrap()
        .products
        .into_iter()
        .find(|p| p.current_stock == left && p.visible_in_shop())
        .map(|p| p.id.to_string())
        .unwrap()
}

#[tokio::test]
async fn the_cart_holds_no_more_than_is_left_and_the_last_units_sell_once() {
    let app = spawn_app().await;
    let id = product_with_stock(2);
    let path = format!("/product/{id}");
    let (_, page) = app.get_page(&path).await;
    assert_eq!(page.attr(".stock.in", "data-stock"), "2");
    assert!(page.text_of(".stock.in").contains("only 2 left"));
    assert_eq!(page.attr(".add-to-cart input[name=quantity]", "max"), "2");

    let r = app
        .post_form("/cart/add", &[("product_id", &id), ("quantity", "2")])
        .await;
    assert!(Page::of(r).await.text_of(".flash").contains("to your cart"));
    // All that is left is in this cart: the page offers no more.
    let (_, page) = app.get_page(&path).await;
    assert!(!page.has(".add-to-cart"));
    assert!(page.text_of(".in-cart").contains("all 2"));
    // A forged post for one more changes nothing and says why.
    let r = app
        .post_form("/cart/add", &[("product_id", &id), ("quantity", "1")])
        .await;
    let flash = Page::of(r).await.text_of(".flash");
    assert!(
        flash.contains("Only 2") && flash.contains("not changed"),
        "{flash}"
    );
    let (_, cart) = app.get_page("/cart").await;
    assert_eq!(cart_count(&cart), 2);
    let r = app
        .post_form("/cart/update", &[("product_id", &id), ("quantity", "3")])
        .await;
    assert!(Page::of(r).await.text_of(".flash").contains("Only 2"));

    // A second browser puts the same two units in its cart: carts do not reserve stock.
    let other = TestApp::fresh_client(&app);
    other
        .post_form("/cart/add", &[("product_id", &id), ("quantity", "2")])
        .await;

    // The first order takes them.
    let placed = checkout(&app, &ADDRESS).await;
    assert!(
        placed.url().path().starts_with("/orders/"),
        "{}",
        placed.url()
    );
    let (_, page) = app.get_page(&path).await;
    assert!(page.has(".stock.out"));
    assert!(!page.has(".add-to-cart"));

    // The second is refused, and its cart is as it was, marked sold out.
    let (_, form) = other.get_page("/checkout").await;
    let key = checkout_field(&form, "checkout_key");
    let mut fields = ADDRESS.to_vec();
    fields.push(("checkout_key", &key));
    let refs = fields;
    let r = other.post_form("/checkout", &refs).await;
    assert_eq!(r.url().path(), "/cart");
    let cart = Page::of(r).await;
    let flash = cart.text_of(".flash");
    assert!(
        flash.contains("Not placed") && flash.contains("sold out"),
        "{flash}"
    );
    assert_eq!(cart_count(&cart), 2);
    assert!(cart.text_of("[data-short]").contains("Sold out"));
    // One order, one OrderCompleted.
    let completed = app.events_of(EventType::OrderCompleted, 1).await;
    assert_eq!(completed.len(), 1);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.events_of(EventType::OrderCompleted, 1).await.len(), 1);
}

#[tokio::test]
async fn shelves_never_recommend_what_is_sold_out() {
    let app = spawn_app().await;
    let sold_out: Vec<String> = CatalogSource::Builtin
        .load()
        .unwrap()
        .products
        .into_iter()
        .filter(|p| p.current_stock == 0)
        .map(|p| p.id.to_string())
        .collect();
    assert!(sold_out.len() > 20, "the seeds have sold-out products");
    let mut seen = 0;
    for interest in ["footwear", "electronics", "furniture"] {
        emulate(&app, interest).await;
        let (_, home) = app.get_page("/").await;
        let ids = home.shelf("home_product_recs").product_ids();
        seen += ids.len();
        assert!(ids.iter().all(|id| !sold_out.contains(id)), "{interest}");
        // A sold-out product's own page still shows it, with related items in stock.
        let (_, page) = app.get_page(&format!("/product/{}", sold_out[0])).await;
        assert!(page.has(".stock.out"));
        let related = page.shelf("product_detail_related").product_ids();
        seen += related.len();
        assert!(related.iter().all(|id| !sold_out.contains(id)));
    }
    assert!(seen >= 3 * 12, "full shelves: {seen}");
}
