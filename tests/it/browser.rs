//! The shopper's journey in a real browser (headless Chromium through chromedriver), against the
//! running shop: emulate a shopper, see the home shelf change, follow a recommendation and a
//! similar item, add to cart, change the quantity, check out, see the order. Any console error
//! or broken picture fails it; screenshots go to target/test-artifacts/.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); without them the
//! test says so and passes.

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::chromedriver::Chromedriver;
use crate::helpers::*;

/// Pages photographed when they answer, beyond the journey's own (path, file name). A page
/// added to the shop gets its screenshot by adding a line here.
const EXTRA_PAGES: &[(&str, &str)] = &[("/analytics", "analytics")];

/// Every picture on the page, lazy ones included, loaded; returns the ones that failed.
const BROKEN_IMAGES: &str = r#"
const done = arguments[arguments.length - 1];
const images = Array.from(document.images);
images.forEach(function (img) { img.loading = "eager"; });
const deadline = Date.now() + 15000;
(function check() {
  if (images.some(function (img) { return !img.complete; }) && Date.now() < deadline) {
    setTimeout(check, 50);
    return;
  }
  done(images
    .filter(function (img) { return !img.complete || img.naturalWidth === 0; })
    .map(function (img) { return img.currentSrc || img.src; }));
})();
"#;

fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

/// The first element matching `css`, waiting up to 20 s for it to appear; on a timeout the
/// page as the browser has it goes to stderr, to see why.
async fn wait_for(browser: &Client, css: &str) -> Element {
    let found = browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await;
    match found {
        Ok(element) => element,
        Err(e) => {
            eprintln!("{}", browser.source().await.unwrap_or_default());
            panic!(
                "nothing matches `{css}` on {}: {e}",
                browser.current_url().await.expect("url")
            );
        }
    }
}

/// Waits for the element `css` names, then clicks it.
async fn click_on(browser: &Client, css: &str) {
    wait_for(browser, css).await.click().await.expect("click");
}

async fn attribute(element: &Element, name: &str) -> Option<String> {
    element.attr(name).await.expect("an attribute")
}

async fn script(browser: &Client, script: &str, args: Vec<Value>) -> Value {
    browser.execute(script, args).await.expect("a script")
}

/// Fails on a console error or a broken picture on the current page.
async fn check_page(driver: &Chromedriver, browser: &Client, what: &str) {
    let broken = browser
        .execute_async(BROKEN_IMAGES, Vec::new())
        .await
        .expect("the pictures checked");
    assert_eq!(broken, json!([]), "{what}: broken images");
    let errors: Vec<Value> = driver
        .console(browser)
        .await
        .into_iter()
        .filter(|m| m["level"] == "SEVERE")
        .collect();
    assert!(errors.is_empty(), "{what}: console errors {errors:?}");
}

async fn screenshot(browser: &Client, name: &str) {
    let path = artifacts().join(format!("{name}.png"));
    let png = browser.screenshot().await.expect("a screenshot");
    std::fs::write(&path, png).expect("write screenshot");
    println!("screenshot: {}", path.display());
}

/// Product ids of the cards in a shelf.
async fn shelf(browser: &Client, feature: &str) -> Vec<String> {
    let ids = script(
        browser,
        "return Array.from(document.querySelectorAll(\
         'section[data-feature=\"' + arguments[0] + '\"] article[data-product-id]'))\
         .map(function (a) { return a.getAttribute('data-product-id'); });",
        vec![json!(feature)],
    )
    .await;
    serde_json::from_value(ids).unwrap_or_default()
}

/// The first card of a shelf that can be bought (not marked out of stock).
async fn first_in_stock(browser: &Client, feature: &str) -> String {
    script(
        browser,
        "const cards = document.querySelectorAll(\
         'section[data-feature=\"' + arguments[0] + '\"] article[data-product-id]');\
         const card = Array.from(cards).find(function (c) { return !c.querySelector('.stock.out'); });\
         return card ? card.getAttribute('data-product-id') : null;",
        vec![json!(feature)],
    )
    .await
    .as_str()
    .unwrap_or_else(|| panic!("an item in stock on the {feature} shelf"))
    .to_string()
}

async fn click_card(browser: &Client, feature: &str, id: &str) {
    click_on(
        browser,
        &format!("section[data-feature=\"{feature}\"] article[data-product-id=\"{id}\"] a.name"),
    )
    .await;
    wait_for(
        browser,
        &format!("article.product[data-product-id=\"{id}\"]"),
    )
    .await;
    let url = browser.current_url().await.expect("url").to_string();
    assert!(url.contains(&format!("feature={feature}")), "{url}");
}

#[tokio::test]
async fn a_shoppers_journey_in_a_real_browser() {
    let driver = match Chromedriver::start().await {
        Ok(d) => d,
        Err(why) => {
            tool_missing(&format!(
                "{why} (apt-get install chromium chromium-driver; .ci/run does this)"
            ));
            return;
        }
    };
    let app = spawn_app().await;
    let browser = driver.session().await;
    let check = |what: &'static str| check_page(&driver, &browser, what);

    // A new visitor: popular items.
    browser.goto(&app.url("/")).await.expect("home");
    wait_for(&browser, "section[data-feature=\"home_product_recs_cold\"]").await;
    let cold = shelf(&browser, "home_product_recs_cold").await;
    assert_eq!(cold.len(), 12);
    let emulated = browser
        .find_all(Locator::Css("[data-shopper-id]"))
        .await
        .expect("find");
    assert!(emulated.is_empty());
    check("home, new visitor").await;

    // Profile: choose a shopper by interest, then shop as them.
    click_on(&browser, "nav.account a[href=\"/profile\"]").await;
    click_on(
        &browser,
        "select[name=\"interest\"] option[value=\"outdoors\"]",
    )
    .await;
    click_on(&browser, "button[name=\"mode\"][value=\"choose\"]").await;
    let candidate = wait_for(&browser, "[data-candidate-id]").await;
    let shopper = attribute(&candidate, "data-candidate-id")
        .await
        .expect("candidate id");
    check("profile, candidate").await;
    click_on(
        &browser,
        "form[action=\"/profile/save\"] button[type=\"submit\"]",
    )
    .await;

    // Home: the header names the shopper, the shelf is theirs.
    let header = wait_for(
        &browser,
        &format!(".site-header [data-shopper-id=\"{shopper}\"]"),
    )
    .await;
    let persona = attribute(&header, "data-persona").await.expect("persona");
    assert!(persona.contains("outdoors"), "{persona}");
    assert!(header.text().await.expect("text").contains("Shopping as"));
    wait_for(&browser, "section[data-feature=\"home_product_recs\"]").await;
    let recs = shelf(&browser, "home_product_recs").await;
    assert_eq!(recs.len(), 12);
    assert_ne!(recs, cold, "the home shelf changed for the shopper");
    check("home, emulated shopper").await;
    screenshot(&browser, "home").await;

    // A recommended product, then one of its similar items.
    let recommended = first_in_stock(&browser, "home_product_recs").await;
    click_card(&browser, "home_product_recs", &recommended).await;
    check("product").await;
    screenshot(&browser, "product").await;
    let similar = first_in_stock(&browser, "product_detail_related").await;
    assert_ne!(similar, recommended);
    click_card(&browser, "product_detail_related", &similar).await;
    check("similar product").await;

    // Add to cart (the shop stays on the product and says so), then three of them in the cart.
    click_on(&browser, "form.add-to-cart button[type=\"submit\"]").await;
    wait_for(&browser, "[data-cart-count=\"1\"]").await;
    let flash = wait_for(&browser, ".flash").await;
    assert!(flash.text().await.expect("text").contains("Added 1"));
    click_on(&browser, "a.cart-link").await;
    let line = format!("table.cart tr.line[data-product-id=\"{similar}\"]");
    let quantity = wait_for(&browser, &format!("{line} input[name=\"quantity\"]")).await;
    quantity.clear().await.expect("clear");
    quantity.send_keys("3").await.expect("type");
    click_on(
        &browser,
        &format!("{line} form[action=\"/cart/update\"] button"),
    )
    .await;
    wait_for(&browser, "[data-cart-count=\"3\"]").await;
    let quantity = wait_for(&browser, &format!("{line} input[name=\"quantity\"]")).await;
    assert_eq!(attribute(&quantity, "value").await.as_deref(), Some("3"));
    check("cart").await;
    screenshot(&browser, "cart").await;

    // Check out with the shopper's address; whatever the shop could not prefill is typed in.
    click_on(&browser, "a[href=\"/checkout\"]").await;
    wait_for(&browser, "form[action=\"/checkout\"]").await;
    check("checkout").await;
    let required = browser
        .find_all(Locator::Css("form[action=\"/checkout\"] input[required]"))
        .await
        .expect("find");
    for field in required {
        if attribute(&field, "value")
            .await
            .unwrap_or_default()
            .is_empty()
        {
            let kind = attribute(&field, "type").await.unwrap_or_default();
            let text = if kind == "email" {
                "shopper@example.com"
            } else {
                "12345"
            };
            field.send_keys(text).await.expect("type");
        }
    }
    click_on(
        &browser,
        "form[action=\"/checkout\"] button[type=\"submit\"]",
    )
    .await;
    let order = wait_for(&browser, "[data-order-id]").await;
    let order_id = attribute(&order, "data-order-id").await.expect("order id");
    let bought = wait_for(
        &browser,
        &format!("table.order a[href=\"/product/{similar}\"]"),
    )
    .await;
    assert!(!bought.text().await.expect("text").is_empty());
    let lines = script(
        &browser,
        "return Array.from(document.querySelectorAll('table.order tbody tr'))\
         .map(function (r) { return r.cells[2].textContent.trim(); });",
        Vec::new(),
    )
    .await;
    assert_eq!(lines, json!(["3"]), "one line of three");
    check("order").await;
    assert_eq!(cart_count_in(&browser).await, 0, "the cart is empty");

    // The profile lists the order.
    click_on(&browser, "a[href=\"/profile#orders\"]").await;
    wait_for(&browser, &format!("tr[data-order-id=\"{order_id}\"]")).await;
    check("profile").await;
    screenshot(&browser, "profile").await;

    for (path, name) in EXTRA_PAGES {
        let status = app.get(path).await.status();
        if status != 200 {
            println!("no screenshot of {path}: it answers {status} (not built yet)");
            continue;
        }
        browser.goto(&app.url(path)).await.expect("goto");
        wait_for(&browser, "main").await;
        check(path).await;
        screenshot(&browser, name).await;
    }
    browser.close().await.expect("close the browser");
}

async fn cart_count_in(browser: &Client) -> i64 {
    let count = wait_for(browser, "[data-cart-count]").await;
    attribute(&count, "data-cart-count")
        .await
        .and_then(|c| c.parse().ok())
        .expect("cart count")
}
