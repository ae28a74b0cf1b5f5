use storefront::db::EventFilter;
use storefront::events::EventType;

use crate::helpers::*;
use crate::page::Page;

async fn sign_up(app: &TestApp, email: &str, first: &str) -> reqwest::Response {
    app.post_form(
        "/signup",
        &[
            ("first_name", first),
            ("last_name", "Tester"),
            ("email", email),
            ("password", "correct horse battery"),
            ("password_confirm", "correct horse battery"),
        ],
    )
    .await
}

#[tokio::test]
async fn sign_up_keeps_the_anonymous_cart_and_events() {
    let app = spawn_app().await;
    let a = product_in(&app, "beauty", 0).await;
    app.get(&format!("/product/{a}")).await;
    app.post_form("/cart/add", &[("product_id", &a), ("quantity", "2")])
        .await;
    let before = app.events_of(EventType::ProductAdded, 1).await;
    let anonymous_id = before[0].event.user_id.clone();

    let r = sign_up(&app, "ada@example.com", "Ada").await;
    assert_eq!(r.status(), 200);
    let page = Page::of(r).await;
    assert_eq!(
        page.text_of("nav.account .hello"),
        "Hi, Ada",
        "signed in after sign-up"
    );
    let (_, cart) = app.get_page("/cart").await;
    assert_eq!(cart.shelf("cart").product_ids(), vec![a.clone()]);
    assert_eq!(cart_count(&cart), 2);
    // Everything recorded before sign-up belongs to the account, under an id of its own (a
    // copy of the cookie from before names the provisional id, which now holds nothing).
    let (_, profile) = app.get_page("/profile").await;
    let account_id = profile.text_of(".panel p.muted code");
    assert_ne!(account_id, anonymous_id.as_str(), "a fresh id");
    let events = app
        .wait_for_events(
            &EventFilter {
                user_id: Some(account_id.clone().into()),
                ..Default::default()
            },
            2,
        )
        .await;
    let types: Vec<EventType> = events.iter().map(|e| e.event.event_type).collect();
    assert!(types.contains(&EventType::ProductViewed), "{types:?}");
    assert!(types.contains(&EventType::ProductAdded), "{types:?}");
    let left = app
        .store
        .events(&EventFilter {
            user_id: Some(anonymous_id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(left.is_empty(), "nothing left under the provisional id");
}

#[tokio::test]
async fn duplicate_sign_up_and_bad_input_get_clear_messages() {
    let app = spawn_app().await;
    sign_up(&app, "bob@example.com", "Bob").await;
    let other = TestApp::fresh_client(&app);
    let r = other
        .post_form(
            "/signup",
            &[
                ("first_name", "Bob"),
                ("last_name", "Two"),
                ("email", "BOB@example.com"),
                ("password", "purple elephant wanders north"),
                ("password_confirm", "purple elephant wanders north"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(
        Page::of(r)
            .await
            .text_of(".errors")
            .contains("already exists")
    );
    let r = other
        .post_form(
            "/signup",
            &[
                ("first_name", ""),
                ("email", "nope"),
                ("password", "short"),
                ("password_confirm", "different"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let errors = Page::of(r).await.text_of(".errors");
    for msg in [
        "First name is required",
        "valid email",
        "at least 8",
        "do not match",
    ] {
        assert!(errors.contains(msg), "{msg}: {errors}");
    }
}

#[tokio::test]
async fn sign_in_is_generic_on_failure_and_renews_the_session() {
    let app = spawn_app().await;
    sign_up(&app, "cy@example.com", "Cy").await;
    app.post_form("/signout", &[]).await;
    let (_, home) = app.get_page("/").await;
    assert!(!home.section("nav.account").has(".hello"), "signed out");

    let wrong = app
        .post_form(
            "/signin",
            &[("email", "cy@example.com"), ("password", "wrong password")],
        )
        .await;
    assert_eq!(wrong.status(), 401);
    let wrong_text = Page::of(wrong).await.text_of(".errors");
    let unknown = app
        .post_form(
            "/signin",
            &[
                ("email", "nobody@example.com"),
                ("password", "wrong password"),
            ],
        )
        .await;
    assert_eq!(unknown.status(), 401);
    let unknown_text = Page::of(unknown).await.text_of(".errors");
    assert_eq!(wrong_text, "The email or password is incorrect.");
    assert_eq!(unknown_text, "The email or password is incorrect.");

    // Shop anonymously, then sign in: the cart comes along, and the session cookie is reissued.
    let a = product_in(&app, "outdoors", 0).await;
    app.post_form("/cart/add", &[("product_id", &a), ("quantity", "1")])
        .await;
    let added = app.events_of(EventType::ProductAdded, 1).await;
    let anonymous_id = added
        .iter()
        .find(|e| e.event.item_id.as_deref() == Some(a.as_str()))
        .expect("the anonymous add is stored")
        .event
        .user_id
        .clone();
    let token = app.csrf_token().await;
    let r = app
        .client
        .post(app.url("/signin"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", "CY@example.com"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();
    // reqwest follows the redirect; the cookie store now holds the renewed session.
    assert_eq!(r.status(), 200);
    let page = Page::of(r).await;
    assert_eq!(page.text_of("nav.account .hello"), "Hi, Cy");
    let new_token = app.csrf_token().await;
    assert_ne!(token, new_token, "a fresh CSRF token after sign-in");
    let (_, cart) = app.get_page("/cart").await;
    assert_eq!(cart.shelf("cart").product_ids(), vec![a.clone()]);

    // The anonymous add now belongs to Cy: a second add names Cy's user id, and both adds are
    // stored under it.
    let b = product_in(&app, "outdoors", 1).await;
    app.post_form("/cart/add", &[("product_id", &b), ("quantity", "1")])
        .await;
    let added = app.events_of(EventType::ProductAdded, 2).await;
    let cy = added
        .iter()
        .find(|e| e.event.item_id.as_deref() == Some(b.as_str()))
        .expect("the signed-in add is stored")
        .event
        .user_id
        .clone();
    let items_of = |user: &str| -> Vec<String> {
        added
            .iter()
            .filter(|e| e.event.user_id == user)
            .filter_map(|e| e.event.item_id.clone())
            .collect()
    };
    assert!(
        items_of(cy.as_str()).contains(&a),
        "the anonymous add moved to Cy"
    );
    if anonymous_id != cy {
        assert!(
            items_of(anonymous_id.as_str()).is_empty(),
            "nothing is left behind"
        );
    }
}

#[tokio::test]
async fn names_are_escaped_everywhere() {
    let app = spawn_app().await;
    let r = sign_up(&app, "x@example.com", "<script>alert(1)</script>").await;
    let page = Page::of(r).await;
    assert!(!page.has("script"), "no script element made from the name");
    assert_eq!(
        page.text_of("nav.account .hello"),
        "Hi, <script>alert(1)</script>",
        "the name is shown as text"
    );
    let (_, search) = app
        .get_page("/search?q=%3Cscript%3Ealert(2)%3C%2Fscript%3E")
        .await;
    assert!(
        !search.has("script"),
        "no script element made from the query"
    );
    assert_eq!(
        search.text_of("main h1"),
        "Results for “<script>alert(2)</script>”",
        "the query is shown as text"
    );
}
