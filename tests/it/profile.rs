use crate::helpers::*;

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let s = html.find(start).map(|i| i + start.len()).unwrap_or(0);
    let e = html[s..].find(end).map(|i| i + s).unwrap_or(html.len());
    &html[s..e]
}

#[tokio::test]
async fn a_presenter_emulates_a_shopper_and_the_shop_follows() {
    let app = spawn_app().await;
    let (_, home) = app.get_html("/").await;
    assert!(
        attr_values(&home, "data-shopper-id").is_empty(),
        "nobody emulated yet"
    );

    let r = app.post_form("/profile/select", &[("mode", "auto")]).await;
    let profile = r.text().await.unwrap();
    let candidate = attr_values(&profile, "data-candidate-id");
    assert_eq!(candidate.len(), 1, "a shopper is shown");
    let card = between(&profile, "class=\"shopper-card candidate\"", "</div>");
    for label in ["Age", "Gender", "Interests"] {
        assert!(card.contains(label), "{label} shown");
    }
    assert!(profile.contains("Save Changes"));

    let r = app
        .post_form("/profile/save", &[("shopper_id", &candidate[0])])
        .await;
    let home = r.text().await.unwrap();
    assert_eq!(
        attr_values(&home, "data-shopper-id"),
        vec![candidate[0].clone()]
    );
    let persona = attr_values(&home, "data-persona")[0].clone();
    let interests: Vec<&str> = persona.split('_').collect();
    assert_eq!(interests.len(), 3);
    assert!(home.contains("Inspired by your shopping trends"));
    let recs = shelf_cards(&home, "home_product_recs");
    assert_eq!(recs.len(), 12);
    let in_persona = recs
        .iter()
        .filter(|(_, c)| interests.contains(&c.as_str()))
        .count();
    assert!(in_persona >= 9, "{in_persona} of 12 from {persona}");

    // Every page names the emulated shopper.
    for path in ["/cart", "/search?q=lamp", "/category/books", "/profile"] {
        let (_, html) = app.get_html(path).await;
        let named = attr_values(&html, "data-shopper-id");
        assert!(
            !named.is_empty() && named.iter().all(|id| *id == candidate[0]),
            "{path}: {named:?}"
        );
    }

    // And back to the plain profile.
    let r = app.post_form("/profile/reset", &[]).await;
    let page = r.text().await.unwrap();
    assert!(attr_values(&page, "data-shopper-id").is_empty());
    let (_, home) = app.get_html("/").await;
    assert!(home.contains("Popular products"));
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
    let profile = r.text().await.unwrap();
    let id = attr_values(&profile, "data-candidate-id")[0].clone();
    app.post_form("/profile/save", &[("shopper_id", &id)]).await;
    let (_, page) = app.get_html("/profile").await;
    let persona = attr_values(&page, "data-persona")[0].clone();
    assert!(persona.starts_with("tools_"), "{persona}");
    let current = between(&page, "class=\"shopper-card current\"", "</dl>");
    let age: i64 = between(current, "<dt>Age</dt><dd>", "</dd>")
        .parse()
        .unwrap();
    assert!((25..=34).contains(&age), "{age}");

    let r = app
        .post_form("/profile/select", &[("mode", "choose"), ("age", "200-300")])
        .await;
    assert!(r.text().await.unwrap().contains("listed age ranges"));
    let r = app
        .post_form("/profile/save", &[("shopper_id", "no-such-shopper")])
        .await;
    assert!(r.text().await.unwrap().contains("choose a shopper first"));
}
