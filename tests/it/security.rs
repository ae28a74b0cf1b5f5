use crate::helpers::*;
use crate::page::Page;

#[tokio::test]
async fn posts_without_the_right_csrf_token_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let a = product_in(&app, "apparel", 0).await;
    for token in [None, Some("forged"), Some("")] {
        let mut form = vec![("product_id", a.as_str()), ("quantity", "1")];
        if let Some(t) = token {
            form.push(("csrf_token", t));
        }
        let r = app
            .client
            .post(app.url("/cart/add"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "token {token:?}");
        let page = Page::of(r).await;
        assert_eq!(page.text_of("main.error-page h1"), "Form expired");
    }
    for path in [
        "/signup",
        "/signin",
        "/signout",
        "/profile/select",
        "/profile/save",
        "/checkout",
        "/cart/update",
        "/cart/remove",
    ] {
        let r = app
            .client
            .post(app.url(path))
            .form(&[("x", "y")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{path}");
    }
    let (_, cart) = app.get_page("/cart").await;
    assert_eq!(cart_count(&cart), 0);
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
