use std::borrow::Cow;
use std::fmt::Write as _;

use super::lex::decode;
use super::*;

const CARD: &str = r#"<article class="card" data-product-id="ID" data-category="CAT" data-style="casual">
  <a href="HREF" class="picture"><img src="/images/ID.svg" alt="Item ID" width="400" height="400" loading="lazy"></a>
  <div class="card-body">
    <a class="name" href="HREF">Item ID</a>
    <div class="meta"><span class="category">Cat</span><span class="price">$20.00</span></div>
<div class="reason" title="Why this is recommended">Because you viewed p-100</div>
  </div>
</article>
"#;

fn card(id: &str, category: &str, href: &str) -> String {
    CARD.replace("HREF", href)
        .replace("ID", id)
        .replace("CAT", category)
}

fn shelf(attrs: &str, cards: impl Iterator<Item = String>) -> String {
    let cards: String = cards.collect();
    format!(
        r#"<section class="shelf" {attrs}>
  <div class="shelf-head"><h2>Shelf</h2><span class="engine-badge" title="Which engine answered this shelf">personalize</span></div>
  <div class="cards">
{cards}
  </div>
</section>
"#
    )
}

/// A page as the shop renders it (base.html, product.html, the shelf macro, checkout.html,
/// profile.html, cart.html), with traps: a script and a comment holding cards, stray `<`.
fn realistic() -> String {
    let recs = (1..=3).map(|i| {
        card(
            &format!("p-{i}"),
            "apparel",
            &format!("/product/p-{i}?feature=home_product_recs&amp;exp=7~b~{i}"),
        )
    });
    let trending = (4..=6).map(|i| {
        card(
            &format!("p-{i}"),
            "footwear",
            &format!("/product/p-{i}?feature=trending&amp;pos={i}"),
        )
    });
    let recs = shelf(
        r#"data-feature="home_product_recs" data-experiment="7" data-experiment-id="7" data-variation="b""#,
        recs,
    );
    format!(
        "{HEAD}{recs}{}{TAIL}",
        shelf(r#"data-feature="trending""#, trending)
    )
}

const HEAD: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trail Runner &amp; Co · Storefront</title>
<link rel="stylesheet" href="/static/style.css">
<STYLE>.card > a { color: red } /* <article data-product-id="css"> */</style>
</head>
<body>
<header class="site-header">
  <div class="bar">
<a class="logo" href="/"><img src="/favicon.svg" alt="" width="28" height="28"> Storefront</a>
<form class="search" action="/search" method="get" role="search">
  <input type="search" name="q" value="" placeholder="Search products, styles, categories" aria-label="Search products" maxlength="200">
  <button type="submit">Search</button>
</form>
<nav class="account" aria-label="Account">
  <span class="hello">Hi, Ada</span>
  <form method="POST" action="/signout" class="inline">
    <input type="hidden" name="csrf_token" value="c5f&#x2F;9a+Q==">
    <button type="submit" class="link">Sign out</button>
  </form>
  <a href="/profile">Profile</a>
  <a href="/cart" class="cart-link">Cart <span class="count" data-cart-count="2">2</span></a>
</nav>
  </div>
  <div class="emulating" data-shopper-id="42" data-persona="apparel_footwear_accessories">
Shopping as <a href="/profile"><strong>Ada O&#39;Neil</strong></a>
<span class="persona" title="apparel_footwear_accessories">interests: Apparel, footwear &amp; accessories</span>
  </div>
  <nav class="categories" aria-label="Categories">
<a href="/category/featured">Featured</a>
<a href="/category/apparel">Apparel</a><A HREF=/category/footwear>Footwear</A><a href="/category/home%20decor">Home decor</a>
  </nav>
</header>
<main>
<nav class="crumbs"><a href="/">Home</a> › <a href="/category/footwear">Footwear</a> › Trail Runner</nav>
<article class="product" data-product-id="p-100" data-category="footwear">
  <div class="product-picture"><img src="/images/p-100.svg" alt="Trail Runner" width="400" height="400"/></div>
  <div class="product-info">
<h1>Trail Runner</h1>
<p class="price">$40.00 — save 10% when 2 < 3</p>
<form class="add-to-cart" method="post" action="/cart/add">
  <input type="hidden" name="csrf_token" value="c5f&#x2F;9a+Q==">
  <input type="hidden" name="product_id" value="p-100">
  <input type="hidden" name="feature" value="product_related">
  <label>Quantity <input type="number" name="quantity" value="1" min="1" max="99" required></label>
  <button type="submit" class="primary">Add to cart</button>
</form>
  </div>
</article>
<script>
  // only text: <section data-feature="fake"><article data-product-id="x"><a href="/category/fake">x</a></article></section>
  if (1 < 2 && "</scr" + "ipt>") { document.title = '<form action="/fake">'; }
</SCRIPT >
<!-- <article class="card" data-product-id="commented" data-category="x"><a href="/product/commented">x</a></article> -->
"#;

const TAIL: &str = r#"<div class="checkout">
<form method="post" action="/checkout" class="stacked">
  <input type="hidden" name="csrf_token" value="c5f&#x2F;9a+Q==">
  <fieldset>
<legend>Shipping address</legend>
<label>Full name <input name="name" value="Ada O&#39;Neil" required maxlength="200" autocomplete="name"></label>
<label>Email <input type="email" name="email" value="" required maxlength="200" autocomplete="email"></label>
<label>Address <input name="address1" value="" required maxlength="200"></label>
<label>Address line 2 <input name="address2" value="" maxlength="200"></label>
<label>City <input name=city value=Springfield required></label>
<label>State <input name='state' value='' REQUIRED></label>
<label>ZIP code <input name="zipcode" required maxlength="20"></label>
<label>Shipping <select name="shipping" required><option value="">Choose</option><option value="standard">Standard</option><option value="express" selected>Express &amp; tracked</option></select></label>
<label>Country <SELECT NAME="country"><option> United States </option><option>Canada</option></SELECT></label>
<label>Wrap <select name="wrap" required><option value="">None</option><option value="paper">Paper</option></select></label>
<label><input type="checkbox" name="gift" value="yes" checked> Gift</label>
<label><input type="checkbox" name="newsletter" value="yes"> Newsletter</label>
<label>Notes <textarea name="notes" rows="3">
Leave at the door &amp; ring <b>twice</b></textarea></label>
<input type="reset" name="reset" value="Reset">
  </fieldset>
  <button type="submit" name="place" value="1" class="primary">Place order · $42.00</button>
  <button type="button" name="back" value="x">Back</button>
  <input type="submit" name="alt" value="Order">
</form>
<aside class="summary">
  <ul>
<li data-product-id="p-7" data-category="apparel">1 × Linen Shirt <span>$20.00</span></li>
  </ul>
</aside>
</div>
<section class="panel" id="emulate">
  <div class="shopper-card current" data-shopper-id="99" data-persona="other"></div>
  <form method="post" action="/profile/select" class="choose">
<input type="hidden" name="csrf_token" value="c5f&#x2F;9a+Q==">
<button type="submit" name="mode" value="auto">Auto select</button>
<select name="interest"><option value="">Any</option><option value="apparel">Apparel</option></select>
<button name="mode" value="choose">Choose shopper</button>
  </form>
</section>
<table class="cart" data-feature="cart">
  <tbody>
  <tr class="line" data-product-id="p-8" data-category="housewares">
<td class="item"><img src="/images/p-8.svg" alt="" width="64" height="64"> <a href="/product/p-8">Mug</a></td>
<td><form method="post" action="/cart/update" class="inline"><input type="number" name="quantity" value="2"><button type="submit">Update</button></form></td>
  </tr>
  </tbody>
</table>
</main>
</body>
</html>
"#;

/// Every field of a page, a line for each shelf, card and form.
fn summary(page: &Page) -> String {
    let mut out = format!(
        "shopper {:?} {:?}\n{:?}\n",
        page.shopper_id, page.persona, page.category_links
    );
    for s in &page.shelves {
        _ = writeln!(
            out,
            "shelf {:?} {:?} {:?}",
            s.feature, s.experiment, s.variation
        );
        for c in &s.cards {
            _ = writeln!(out, "  card {} {} {:?}", c.product_id, c.category, c.href);
        }
    }
    for f in &page.forms {
        _ = writeln!(out, "form {} {} {:?}", f.action, f.method, f.fields);
        _ = writeln!(
            out,
            "  required {:?} buttons {:?}",
            f.required_empty, f.buttons
        );
    }
    out
}

/// The page as a shopper sees it: what `realistic` holds, by hand.
const EXPECTED: &str = r#"shopper Some("42") Some("apparel_footwear_accessories")
["/category/featured", "/category/apparel", "/category/footwear", "/category/home%20decor"]
shelf "" None None
  card p-100 footwear None
  card p-7 apparel None
shelf "home_product_recs" Some("7") Some("b")
  card p-1 apparel Some("/product/p-1?feature=home_product_recs&exp=7~b~1")
  card p-2 apparel Some("/product/p-2?feature=home_product_recs&exp=7~b~2")
  card p-3 apparel Some("/product/p-3?feature=home_product_recs&exp=7~b~3")
shelf "trending" None None
  card p-4 footwear Some("/product/p-4?feature=trending&pos=4")
  card p-5 footwear Some("/product/p-5?feature=trending&pos=5")
  card p-6 footwear Some("/product/p-6?feature=trending&pos=6")
shelf "cart" None None
  card p-8 housewares Some("/product/p-8")
form /search get [("q", "")]
  required [] buttons []
form /signout post [("csrf_token", "c5f/9a+Q==")]
  required [] buttons []
form /cart/add post [("csrf_token", "c5f/9a+Q=="), ("product_id", "p-100"), ("feature", "product_related"), ("quantity", "1")]
  required [] buttons []
form /checkout post [("csrf_token", "c5f/9a+Q=="), ("name", "Ada O'Neil"), ("email", ""), ("address1", ""), ("address2", ""), ("city", "Springfield"), ("state", ""), ("zipcode", ""), ("shipping", "express"), ("country", "United States"), ("wrap", ""), ("gift", "yes"), ("notes", "Leave at the door & ring <b>twice</b>")]
  required ["email", "address1", "state", "zipcode", "wrap"] buttons [("place", "1"), ("alt", "Order")]
form /profile/select post [("csrf_token", "c5f/9a+Q=="), ("interest", "")]
  required [] buttons [("mode", "auto"), ("mode", "choose")]
form /cart/update post [("quantity", "2")]
  required [] buttons []
"#;

#[test]
fn reads_a_realistic_page() {
    let page = Page::parse(&realistic());
    assert_eq!(summary(&page), EXPECTED);
    assert_eq!(page.cart_count, Some(2));
    assert_eq!(page.shelf("trending").map(|s| s.cards.len()), Some(3));
    let cards: Vec<(&str, &str)> = page
        .cards()
        .map(|(s, c)| (s.feature.as_str(), c.product_id.as_str()))
        .collect();
    assert_eq!(cards.len(), 9);
    assert_eq!(cards.get(2), Some(&("home_product_recs", "p-1")));
    let mut checkout = page.form("/checkout").unwrap().clone();
    assert_eq!(checkout.field("shipping"), Some("express"));
    checkout.set("email", "ada@example.com");
    checkout.set("coupon", "");
    assert_eq!(
        (checkout.field("email"), checkout.field("coupon")),
        (Some("ada@example.com"), Some(""))
    );
    assert_eq!(
        checkout.required_empty,
        ["address1", "state", "zipcode", "wrap"]
    );
    assert!(page.form("/fake").is_none() && page.shelf("fake").is_none());
}

#[test]
fn decodes_entities_and_leaves_unknown_ones() {
    assert_eq!(
        decode("a &amp; b &lt;&gt; &quot;&#39;&#x27;&#65;&#x42;"),
        "a & b <> \"''AB"
    );
    let unknown = "&copy; &#xZZ; &#; &amp &#+5; &#99999999999; & ;";
    assert_eq!(decode(unknown), unknown);
    assert!(matches!(decode("plain"), Cow::Borrowed("plain")));
}

#[test]
fn nesting_and_odd_markup() {
    let html = r#"<div data-feature="outer"><DIV><article data-product-id="1"><div><a>no href</a></div><a href='/p/1'>x</a></article></div>
        <div data-feature=inner><div data-product-id=2 /><span data-product-id="3"></span></div>
        <div data-product-id="4"></div></div><p data-product-id="5"><a href="/p/5"><a href="/p/6"></p>
        <form action="/a"><form action="/b"><input name="x"></form><input name="y">"#;
    let want = r#"shopper None None
[]
shelf "outer" None None
  card 1  Some("/p/1")
  card 4  None
shelf "inner" None None
  card 2  None
  card 3  None
shelf "" None None
  card 5  Some("/p/5")
form /a get [("x", "")]
  required [] buttons []
"#;
    assert_eq!(summary(&Page::parse(html)), want);
    // A select left open at the end of the page is read anyway.
    let page = Page::parse(r#"<form action="/a"><select name=s><option>A<option selected>B "#);
    assert_eq!(page.forms.first().map(|f| f.field("s")), Some(Some("B")));
}

/// A small xorshift, so the soup is the same on every run.
fn soup(seed: &mut u64, len: usize, alphabet: &[u8]) -> String {
    let mut next = || {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        alphabet[usize::try_from(*seed).unwrap() % alphabet.len()]
    };
    String::from_utf8_lossy(&(0..len).map(|_| next()).collect::<Vec<u8>>()).into_owned()
}

#[test]
fn garbage_never_panics() {
    let html = realistic();
    let full = Page::parse(&html);
    for (i, _) in html.char_indices() {
        let part = Page::parse(&html[..i]);
        assert!(
            part.cards().count() <= full.cards().count() && part.forms.len() <= full.forms.len()
        );
    }
    let mut seed = 0x9e37_79b9_7f4a_7c15;
    let markup =
        b"<<>>//!!--??==\"\"''&&;;#x aAzZ09\n\tselectoptionformtextareascriptdata-feature=";
    let all: Vec<u8> = (0..=255).collect();
    for round in 0..3000 {
        Page::parse(&soup(&mut seed, round % 300, markup));
        Page::parse(&soup(&mut seed, round % 300, &all));
        // The real page with a stretch of soup spliced in.
        let at = html
            .char_indices()
            .nth(round * 7 % html.len())
            .map_or(0, |(i, _)| i);
        Page::parse(&format!(
            "{}{}{}",
            &html[..at],
            soup(&mut seed, 20, markup),
            &html[at..]
        ));
    }
}

/// The same page through scraper (html5ever): the shelves, the cards with their links, and
/// the forms (the rules of `Form` applied to scraper's elements) agree.
#[test]
fn agrees_with_scraper() {
    use scraper::{ElementRef, Html, Selector};
    let html = realistic();
    let (page, doc) = (Page::parse(&html), Html::parse_document(&html));
    let sel = |s: &str| Selector::parse(s).unwrap();
    let attr = |e: &ElementRef, a: &str| e.value().attr(a).unwrap_or("").to_owned();

    let features: Vec<String> = doc
        .select(&sel("[data-feature]"))
        .map(|e| attr(&e, "data-feature"))
        .collect();
    let ours: Vec<String> = page
        .shelves
        .iter()
        .filter(|s| !s.feature.is_empty())
        .map(|s| s.feature.clone())
        .collect();
    assert_eq!(ours, features);
    let mut theirs: Vec<(String, String, Option<String>)> = doc
        .select(&sel("[data-product-id]"))
        .map(|e| {
            let shelf = e
                .ancestors()
                .filter_map(ElementRef::wrap)
                .find_map(|a| a.value().attr("data-feature"));
            let href = e.select(&sel("a[href]")).next().map(|a| attr(&a, "href"));
            (
                shelf.unwrap_or("").to_owned(),
                attr(&e, "data-product-id"),
                href,
            )
        })
        .collect();
    let mut ours: Vec<_> = page
        .cards()
        .map(|(s, c)| (s.feature.clone(), c.product_id.clone(), c.href.clone()))
        .collect();
    theirs.sort();
    ours.sort();
    assert_eq!(ours, theirs);

    let forms: Vec<Form> = doc
        .select(&sel("form"))
        .map(|f| {
            let method = Some(attr(&f, "method").to_lowercase()).filter(|m| !m.is_empty());
            let method = method.unwrap_or_else(|| "get".into());
            let mut form = Form {
                action: attr(&f, "action"),
                method,
                ..Form::default()
            };
            for e in f.select(&sel(
                "input[name], select[name], textarea[name], button[name]",
            )) {
                let (name, ty) = (attr(&e, "name"), attr(&e, "type").to_lowercase());
                let has = |a: &str| e.value().attr(a).is_some();
                let value = match e.value().name() {
                    "button" | "input"
                        if ty == "submit" || (ty.is_empty() && e.value().name() == "button") =>
                    {
                        form.buttons.push((name, attr(&e, "value")));
                        continue;
                    }
                    "button" => continue,
                    "input" if ["reset", "image", "button"].contains(&ty.as_str()) => continue,
                    "input" if (ty == "checkbox" || ty == "radio") && !has("checked") => {
                        continue;
                    }
                    "input" => attr(&e, "value"),
                    "select" => {
                        let options: Vec<ElementRef> = e.select(&sel("option")).collect();
                        let chosen = options
                            .iter()
                            .rev()
                            .find(|o| o.value().attr("selected").is_some());
                        let o = chosen.or(options.first()).unwrap();
                        let text = || o.text().collect::<String>().trim().to_owned();
                        o.value().attr("value").map_or_else(text, str::to_owned)
                    }
                    _ => e.text().collect(),
                };
                if has("required") && value.is_empty() {
                    form.required_empty.push(name.clone());
                }
                form.fields.push((name, value));
            }
            form
        })
        .collect();
    assert_eq!(page.forms, forms);
}

/// `cargo test --release -p shopper-sim -- --ignored --nocapture timing`: µs for a 60 KB page.
#[test]
#[ignore = "a timing, in release"]
fn timing() {
    let mut html = realistic();
    while html.len() < 60_000 {
        let n = html.len();
        let cards = (0..8).map(|i| {
            card(
                &format!("p-{n}-{i}"),
                "apparel",
                "/product/p?feature=more&amp;exp=1~a~0",
            )
        });
        html.push_str(&shelf(&format!(r#"data-feature="more_{n}""#), cards));
    }
    let start = std::time::Instant::now();
    for _ in 0..10_000 {
        std::hint::black_box(Page::parse(std::hint::black_box(&html)));
    }
    let us = start.elapsed().as_secs_f64() * 1e6 / 10_000.0;
    println!(
        "{} bytes, {} cards: {us:.1} µs a page",
        html.len(),
        Page::parse(&html).cards().count()
    );
}
