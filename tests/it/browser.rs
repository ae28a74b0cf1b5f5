//! The shopper's journey in a real browser (headless Chromium through chromedriver), against the
//! running shop: emulate a shopper, see the home shelf change, follow a recommendation and a
//! similar item, add to cart, change the quantity, check out, see the order. Any console error
//! or broken picture fails it; screenshots go to target/test-artifacts/.
//!
//! A second test photographs every page at a desktop's and a phone's size and fails on
//! sideways scrolling.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); without them the
//! tests say so, and fail under CI.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::helpers::*;
use crate::webdriver::{Chromedriver, Session};

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

/// Fails on a console error or a broken picture on the current page.
async fn check_page(browser: &Session, what: &str) {
    let broken = browser.async_script(BROKEN_IMAGES, json!([])).await;
    assert_eq!(broken, json!([]), "{what}: broken images");
    let errors: Vec<Value> = browser
        .console()
        .await
        .into_iter()
        .filter(|m| m["level"] == "SEVERE")
        .collect();
    assert!(errors.is_empty(), "{what}: console errors {errors:?}");
}

async fn screenshot(browser: &Session, name: &str) {
    let path = artifacts().join(format!("{name}.png"));
    browser.screenshot(&path).await;
    println!("screenshot: {}", path.display());
}

/// Product ids of the cards in a shelf.
async fn shelf(browser: &Session, feature: &str) -> Vec<String> {
    let ids = browser
        .script(
            "return Array.from(document.querySelectorAll(\
             'section[data-feature=\"' + arguments[0] + '\"] article[data-product-id]'))\
             .map(function (a) { return a.getAttribute('data-product-id'); });",
            json!([feature]),
        )
        .await;
    serde_json::from_value(ids).unwrap_or_default()
}

/// The first card of a shelf that can be bought (not marked out of stock).
async fn first_in_stock(browser: &Session, feature: &str) -> String {
    browser
        .script(
            "const cards = document.querySelectorAll(\
             'section[data-feature=\"' + arguments[0] + '\"] article[data-product-id]');\
             const card = Array.from(cards).find(function (c) { return !c.querySelector('.stock.out'); });\
             return card ? card.getAttribute('data-product-id') : null;",
            json!([feature]),
        )
        .await
        .as_str()
        .unwrap_or_else(|| panic!("an item in stock on the {feature} shelf"))
        .to_string()
}

async fn click_card(browser: &Session, feature: &str, id: &str) {
    browser
        .click_on(&format!(
            "section[data-feature=\"{feature}\"] article[data-product-id=\"{id}\"] a.name"
        ))
        .await;
    browser
        .wait_for(&format!("article.product[data-product-id=\"{id}\"]"))
        .await;
    let url = browser.current_url().await;
    assert!(url.contains(&format!("feature={feature}")), "{url}");
}

/// chromedriver, started; `None` (after saying why, and failing under CI) when it is missing.
async fn chromedriver() -> Option<Chromedriver> {
    match Chromedriver::start().await {
        Ok(d) => Some(d),
        Err(why) => {
            tool_missing(&format!(
                "{why} (apt-get install chromium chromium-driver; .ci/run does this)"
            ));
            None
        }
    }
}

#[tokio::test]
async fn a_shoppers_journey_in_a_real_browser() {
    let Some(driver) = chromedriver().await else {
        return;
    };
    let app = spawn_app().await;
    let browser = driver.session().await;

    // A new visitor: popular items.
    browser.goto(&app.url("/")).await;
    browser
        .wait_for("section[data-feature=\"home_product_recs_cold\"]")
        .await;
    let cold = shelf(&browser, "home_product_recs_cold").await;
    assert_eq!(cold.len(), 12);
    assert!(browser.find_all("[data-shopper-id]").await.is_empty());
    check_page(&browser, "home, new visitor").await;

    // Profile: choose a shopper by interest, then shop as them.
    browser.click_on("nav.account a[href=\"/profile\"]").await;
    browser
        .click_on("select[name=\"interest\"] option[value=\"outdoors\"]")
        .await;
    browser
        .click_on("button[name=\"mode\"][value=\"choose\"]")
        .await;
    let candidate = browser.wait_for("[data-candidate-id]").await;
    let shopper = browser
        .attribute(&candidate, "data-candidate-id")
        .await
        .expect("candidate id");
    check_page(&browser, "profile, candidate").await;
    browser
        .click_on("form[action=\"/profile/save\"] button[type=\"submit\"]")
        .await;

    // Home: the header names the shopper, the shelf is theirs.
    let header = browser
        .wait_for(&format!(".site-header [data-shopper-id=\"{shopper}\"]"))
        .await;
    let persona = browser
        .attribute(&header, "data-persona")
        .await
        .expect("persona");
    assert!(persona.contains("outdoors"), "{persona}");
    assert!(browser.text(&header).await.contains("Shopping as"));
    browser
        .wait_for("section[data-feature=\"home_product_recs\"]")
        .await;
    let recs = shelf(&browser, "home_product_recs").await;
    assert_eq!(recs.len(), 12);
    assert_ne!(recs, cold, "the home shelf changed for the shopper");
    check_page(&browser, "home, emulated shopper").await;
    screenshot(&browser, "home").await;

    // A recommended product, then one of its similar items.
    let recommended = first_in_stock(&browser, "home_product_recs").await;
    click_card(&browser, "home_product_recs", &recommended).await;
    check_page(&browser, "product").await;
    screenshot(&browser, "product").await;
    let similar = first_in_stock(&browser, "product_detail_related").await;
    assert_ne!(similar, recommended);
    click_card(&browser, "product_detail_related", &similar).await;
    check_page(&browser, "similar product").await;

    // Add to cart (the shop stays on the product and says so), then three of them in the cart.
    browser
        .click_on("form.add-to-cart button[type=\"submit\"]")
        .await;
    browser.wait_for("[data-cart-count=\"1\"]").await;
    let flash = browser.wait_for(".flash").await;
    assert!(browser.text(&flash).await.contains("Added 1"));
    browser.click_on("a.cart-link").await;
    let line = format!("table.cart tr.line[data-product-id=\"{similar}\"]");
    let quantity = browser
        .wait_for(&format!("{line} input[name=\"quantity\"]"))
        .await;
    browser.clear(&quantity).await;
    browser.type_text(&quantity, "3").await;
    browser
        .click_on(&format!("{line} form[action=\"/cart/update\"] button"))
        .await;
    browser.wait_for("[data-cart-count=\"3\"]").await;
    let quantity = browser
        .wait_for(&format!("{line} input[name=\"quantity\"]"))
        .await;
    assert_eq!(
        browser.attribute(&quantity, "value").await.as_deref(),
        Some("3")
    );
    check_page(&browser, "cart").await;
    screenshot(&browser, "cart").await;

    // Check out with the shopper's address; whatever the shop could not prefill is typed in.
    browser.click_on("a[href=\"/checkout\"]").await;
    browser.wait_for("form[action=\"/checkout\"]").await;
    check_page(&browser, "checkout").await;
    for field in browser
        .find_all("form[action=\"/checkout\"] input[required]")
        .await
    {
        if browser
            .attribute(&field, "value")
            .await
            .unwrap_or_default()
            .is_empty()
        {
            let kind = browser.attribute(&field, "type").await.unwrap_or_default();
            let text = if kind == "email" {
                "shopper@example.com"
            } else {
                "12345"
            };
            browser.type_text(&field, text).await;
        }
    }
    browser
        .click_on("form[action=\"/checkout\"] button[type=\"submit\"]")
        .await;
    let order = browser.wait_for("[data-order-id]").await;
    let order_id = browser
        .attribute(&order, "data-order-id")
        .await
        .expect("order id");
    let bought = browser
        .wait_for(&format!("table.order a[href=\"/product/{similar}\"]"))
        .await;
    let row = browser.text(&bought).await;
    assert!(!row.is_empty());
    let lines = browser
        .script(
            "return Array.from(document.querySelectorAll('table.order tbody tr'))\
             .map(function (r) { return r.cells[2].textContent.trim(); });",
            json!([]),
        )
        .await;
    assert_eq!(lines, json!(["3"]), "one line of three");
    check_page(&browser, "order").await;
    assert_eq!(cart_count_in(&browser).await, 0, "the cart is empty");

    // The profile lists the order.
    browser.click_on("a[href=\"/profile#orders\"]").await;
    browser
        .wait_for(&format!("tr[data-order-id=\"{order_id}\"]"))
        .await;
    check_page(&browser, "profile").await;
    screenshot(&browser, "profile").await;

    for (path, name) in EXTRA_PAGES {
        let status = app.get(path).await.status();
        if status != 200 {
            println!("no screenshot of {path}: it answers {status} (not built yet)");
            continue;
        }
        browser.goto(&app.url(path)).await;
        browser.wait_for("main").await;
        check_page(&browser, path).await;
        screenshot(&browser, name).await;
    }
    browser.quit().await;
}

/// The sizes every page is checked and photographed at: a laptop and a phone.
const SIZES: [(&str, u32, u32); 2] = [("desktop", 1366, 900), ("phone", 390, 844)];

/// How far the page is wider than the window (0: no sideways scrolling).
const OVERFLOW: &str = "return document.documentElement.scrollWidth - window.innerWidth;";

#[tokio::test]
async fn every_page_at_a_desktops_and_a_phones_size() {
    let Some(driver) = chromedriver().await else {
        return;
    };
    let app = spawn_app().await;
    let product = product_in(&app, "outdoors", 0).await;
    for (size, width, height) in SIZES {
        let browser = driver.session().await;
        browser.goto(&app.url("/welcome")).await;
        browser.resize(width, height).await;
        // The window's rect includes what the browser draws around the page: grow it by that
        // much so the page itself is the size asked for.
        let inner = browser
            .script("return [window.innerWidth, window.innerHeight];", json!([]))
            .await;
        let frame = |k: usize, asked: u32| asked - inner[k].as_u64().map_or(asked, |v| v as u32);
        browser
            .resize(width + frame(0, width), height + frame(1, height))
            .await;
        // A shopper emulated through the page (so the banner shows), something in the cart,
        // a few views so that ranking has moved cards.
        browser.goto(&app.url("/profile")).await;
        browser
            .click_on("select[name=\"interest\"] option[value=\"outdoors\"]")
            .await;
        browser
            .click_on("button[name=\"mode\"][value=\"choose\"]")
            .await;
        browser.wait_for("[data-candidate-id]").await;
        browser
            .click_on("form[action=\"/profile/save\"] button[type=\"submit\"]")
            .await;
        browser.wait_for(".site-header [data-shopper-id]").await;
        browser.goto(&app.url(&format!("/product/{product}"))).await;
        browser
            .click_on("form.add-to-cart button[type=\"submit\"]")
            .await;
        browser.wait_for("[data-cart-count=\"1\"]").await;
        let pages = [
            ("home", "/".to_string()),
            ("featured", "/category/featured".to_string()),
            ("category", "/category/outdoors".to_string()),
            ("search", "/search?q=tent".to_string()),
            ("product", format!("/product/{product}")),
            ("cart", "/cart".to_string()),
            ("checkout", "/checkout".to_string()),
            ("profile", "/profile".to_string()),
            ("welcome", "/welcome".to_string()),
            ("guide", "/guide".to_string()),
            ("events", "/events".to_string()),
            ("analytics", "/analytics".to_string()),
            ("signin", "/signin".to_string()),
            ("signup", "/signup".to_string()),
        ];
        for (name, path) in &pages {
            browser.goto(&app.url(path)).await;
            browser.wait_for("main").await;
            let what = format!("{path} at {width}×{height}");
            check_page(&browser, &what).await;
            let overflow = browser.script(OVERFLOW, json!([])).await;
            assert!(
                overflow.as_i64().is_some_and(|px| px <= 0),
                "{what}: the page is {overflow} px wider than the window"
            );
            screenshot(&browser, &format!("{name}-{size}")).await;
        }
        browser.quit().await;
    }
}

async fn cart_count_in(browser: &Session) -> i64 {
    let count = browser.wait_for("[data-cart-count]").await;
    browser
        .attribute(&count, "data-cart-count")
        .await
        .and_then(|c| c.parse().ok())
        .expect("cart count")
}
