use crate::helpers::*;
use crate::page::Page;

/// A form that every POST route would act on with the right token: each field some route
/// reads, with real ids (a product, a shopper) so that only the token can be what is refused.
fn plausible_form<'a>(product: &'a str, shopper: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("product_id", product),
        ("quantity", "1"),
        ("shopper_id", shopper),
        ("mode", "auto"),
        ("first_name", "Eve"),
        ("last_name", "Forger"),
        ("email", "eve@example.com"),
        ("password", "correct horse battery"),
        ("password_confirm", "correct horse battery"),
        ("name", "Eve Forger"),
        ("address1", "1 Main Street"),
        ("city", "Springfield"),
        ("state", "IL"),
        ("zipcode", "62701"),
        ("country", "US"),
    ]
}

/// A router path with each `{parameter}` filled with `id`.
fn filled(path: &str, id: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') && segment.ends_with('}') {
                id
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// POSTs `form` to `path`, with `token` as its `csrf_token` field (none when `None`).
async fn post(
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
    token: Option<&str>,
) -> reqwest::Response {
    let mut fields = form.to_vec();
    if let Some(token) = token {
        fields.push(("csrf_token", token));
    }
    app.client
        .post(app.url(path))
        .form(&fields)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn every_post_route_refuses_a_missing_or_wrong_csrf_token_and_changes_nothing() {
    let app = spawn_app().await;
    let product = product_in(&app, "apparel", 0).await;
    // A shopper to save, from a browser of its own (this one must stay untouched).
    let scout = TestApp::fresh_client(&app);
    scout
        .post_form("/profile/select", &[("mode", "auto")])
        .await;
    let (_, candidate) = scout.get_page("/profile").await;
    let shopper = candidate.attr("[data-candidate-id]", "data-candidate-id");
    let form = plausible_form(&product, &shopper);
    let token = app.csrf_token().await;
    let events_before = app.count_own_events().await;

    let paths: Vec<String> = storefront::web::post_paths()
        .map(|p| filled(p, &product))
        .collect();
    assert!(paths.len() >= 10, "the router's POST routes: {paths:?}");
    for path in &paths {
        for wrong in [None, Some("forged"), Some(""), Some(&token[1..])] {
            let r = post(&app, path, &form, wrong).await;
            assert_eq!(r.status(), 403, "{path} with token {wrong:?}");
            let page = Page::of(r).await;
            assert_eq!(page.text_of("main.error-page h1"), "Form expired", "{path}");
        }
    }

    // Nothing changed: no event, no cart, no order, nobody signed in or emulated.
    assert_eq!(app.count_own_events().await, events_before, "no events");
    let (_, profile) = app.get_page("/profile").await;
    assert_eq!(cart_count(&profile), 0);
    let header = profile.section(".site-header");
    assert!(!header.has(".hello"), "nobody signed in");
    assert!(!header.has("[data-shopper-id]"), "nobody emulated");
    assert!(
        !profile.section("#orders").has("[data-order-id]"),
        "no order"
    );
    assert_eq!(app.csrf_token().await, token, "the session is the same");

    // The same forms with the session's token get through: the token was what was refused.
    // (Signing up or in renews the session, so each form takes the token of the moment.)
    for path in &paths {
        let current = app.csrf_token().await;
        let r = post(&app, path, &form, Some(&current)).await;
        assert_ne!(r.status(), 403, "{path} with the session's token");
    }
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site() {
    let app = spawn_app().await;
    let r = reqwest::get(app.url("/")).await.unwrap();
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("storefront="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
}

#[tokio::test]
async fn odd_input_never_causes_a_server_error() {
    let app = spawn_app().await;
    let paths = [
        "/search?q=a&q=b",
        "/search?q=%FF%FE",
        "/search?q=%",
        "/category/footwear?page=-1",
        "/category/footwear?page=99999999999999999999999",
        "/category/footwear?gender=X&style=%00",
        "/category/%2e%2e%2f",
        "/product/%00",
        "/product/'%20OR%201=1",
        "/images/product/nope.svg",
        "/images/category/nope.svg",
        "/orders/'",
        "/events/feed",
    ];
    for p in paths {
        let r = app.get(p).await;
        assert!(r.status().as_u16() < 500, "{p}: {}", r.status());
    }
    let r = app
        .client
        .post(app.url("/cart/add"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("%%%&&&===")
        .send()
        .await
        .unwrap();
    assert!(r.status().as_u16() < 500);
    let r = app
        .post_form("/checkout", &[("name", &"x".repeat(100_000))])
        .await;
    assert!(r.status().as_u16() < 500);
}
