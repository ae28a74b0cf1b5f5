//! Promoted products on the home shelf: a share of it, chosen for the shopper, each with a
//! banner.

use storefront::catalog::CatalogSource;

use crate::helpers::*;

fn promoted_products() -> Vec<String> {
    CatalogSource::Builtin
        .load()
        .unwrap()
        .products
        .into_iter()
        .filter(|p| p.promoted)
        .map(|p| p.id.to_string())
        .collect()
}

#[tokio::test]
async fn a_quarter_of_the_home_shelf_is_promoted_products_with_a_banner() {
    let app = spawn_app().await;
    let promoted = promoted_products();
    for interest in ["footwear", "books"] {
        emulate(&app, interest).await;
        let (_, home) = app.get_page("/").await;
        let shelf = home.shelf("home_product_recs");
        let ids = shelf.product_ids();
        assert_eq!(ids.len(), 12);
        let cards = shelf.select_all(".card");
        let bannered: Vec<usize> = cards
            .iter()
            .enumerate()
            .filter(|(_, c)| c.has("[data-promoted]"))
            .map(|(i, _)| i)
            .collect();
        // 25 % of 12, at the 2nd, 6th and 10th places.
        assert_eq!(bannered, [1, 5, 9], "{interest}");
        for &i in &bannered {
            assert!(
                promoted.contains(&ids[i]),
                "{interest}: {} is not promoted",
                ids[i]
            );
            assert!(cards[i].text().contains("Promoted"));
        }
    }
}

#[tokio::test]
async fn promotions_follow_the_shopper_and_can_be_turned_off() {
    let app = spawn_app().await;
    emulate(&app, "footwear").await;
    let (_, home) = app.get_page("/").await;
    let footwear = promoted_categories(&home);
    emulate(&app, "jewelry").await;
    let (_, home) = app.get_page("/").await;
    let jewelry = promoted_categories(&home);
    // Chosen for the shopper: not the same promoted products for everyone.
    assert_ne!(footwear, jewelry);

    let off = spawn_with(|s| s.engine.promoted_share = 0.0).await;
    emulate(&off, "footwear").await;
    let (_, home) = off.get_page("/").await;
    assert!(!home.shelf("home_product_recs").has("[data-promoted]"));
}

fn promoted_categories(home: &crate::page::Page) -> Vec<String> {
    home.shelf("home_product_recs")
        .select_all(".card")
        .iter()
        .filter(|c| c.has("[data-promoted]"))
        .map(|c| c.attr("data-category"))
        .collect()
}
