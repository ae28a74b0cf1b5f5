use crate::helpers::*;
use crate::page::{Page, Section};

/// The `<dd>` that follows `<dt>{term}</dt>` in a shopper card's list.
fn described(card: &Section<'_>, term: &str) -> String {
    let terms = card.select_all("dl dt");
    let values = card.select_all("dl dd");
    let at = terms
        .iter()
        .position(|t| t.text() == term)
        .unwrap_or_else(|| panic!("no {term} on the card"));
    values[at].text()
}

/// The emulated shopper the header names (none when nobody is emulated).
fn named_in_header(page: &Page) -> Vec<String> {
    page.section(".site-header").attrs("data-shopper-id")
}

#[tokio::test]
async fn a_presenter_emulates_a_shopper_and_the_shop_follows() {
    let app = spawn_app().await;
    let (_, home) = app.get_page("/").await;
    assert!(named_in_header(&home).is_empty(), "nobody emulated yet");

    let r = app.post_form("/profile/select", &[("mode", "auto")]).await;
    let profile = Page::of(r).await;
    let candidate = profile.section("#emulate").attrs("data-candidate-id");
    assert_eq!(candidate.len(), 1, "a shopper is shown");
    let card = profile.section(".shopper-card.candidate");
    for label in ["Age", "Gender", "Interests"] {
        assert!(!described(&card, label).is_empty(), "{label} shown");
    }
    assert_eq!(
        card.text_of("form[action=\"/profile/save\"] button"),
        "Save Changes"
    );

    let r = app
        .post_form("/profile/save", &[("shopper_id", &candidate[0])])
        .await;
    let home = Page::of(r).await;
    assert_eq!(named_in_header(&home), vec![candidate[0].clone()]);
    let persona = home.attr(".site-header [data-persona]", "data-persona");
    let interests: Vec<&str> = persona.split('_').collect();
    assert_eq!(interests.len(), 3);
    let shelf = home.shelf("home_product_recs");
    assert_eq!(shelf.text_of("h2"), "Inspired by your shopping trends");
    let recs = shelf.cards();
    assert_eq!(recs.len(), 12);
    let in_persona = recs
        .iter()
        .filter(|(_, c)| interests.contains(&c.as_str()))
        .count();
    assert!(in_persona >= 9, "{in_persona} of 12 from {persona}");

    // Every page names the emulated shopper.
    for path in ["/cart", "/search?q=lamp", "/category/books", "/profile"] {
        let (_, html) = app.get_page(path).await;
        let named = named_in_header(&html);
        assert!(
            !named.is_empty() && named.iter().all(|id| *id == candidate[0]),
            "{path}: {named:?}"
        );
    }

    // And back to the plain profile.
    let r = app.post_form("/profile/reset", &[]).await;
    let page = Page::of(r).await;
    assert!(named_in_header(&page).is_empty());
    assert!(!page.section("#emulate").has(".shopper-card.current"));
    let (_, home) = app.get_page("/").await;
    assert_eq!(
        home.shelf("home_product_recs_cold").text_of("h2"),
        "Popular products"
    );
}

#[tokio::test]
async fn shoppers_are_chosen_by_primary_interest_and_age() {
    let app = spawn_app().await;
    let r = app
        .post_form(
            "/profile/select",
            &[("mode", "choose"), ("interest", "tools"), ("age", "25-34")],
        )
        .await;
    let profile = Page::of(r).await;
    let id = profile.attr("[data-candidate-id]", "data-candidate-id");
    app.post_form("/profile/save", &[("shopper_id", &id)]).await;
    let (_, page) = app.get_page("/profile").await;
    let persona = page.attr(".site-header [data-persona]", "data-persona");
    assert!(persona.starts_with("tools_"), "{persona}");
    let current = page.section(".shopper-card.current");
    assert_eq!(current.attr("data-persona"), persona);
    let age: i64 = described(&current, "Age").parse().unwrap();
    assert!((25..=34).contains(&age), "{age}");

    let r = app
        .post_form("/profile/select", &[("mode", "choose"), ("age", "200-300")])
        .await;
    assert!(
        Page::of(r)
            .await
            .text_of(".flash")
            .contains("listed age ranges")
    );
    let r = app
        .post_form("/profile/save", &[("shopper_id", "no-such-shopper")])
        .await;
    assert!(
        Page::of(r)
            .await
            .text_of(".flash")
            .contains("choose a shopper first")
    );
}
