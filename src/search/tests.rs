use super::*;

/// (name, description, category, style)
const CATALOG: &[(&str, &str, &str, &str)] = &[
    /* 0 */
    (
        "Wireless Headphones",
        "Over-ear headphones with noise cancelling and a long battery life.",
        "electronics",
        "modern",
    ),
    /* 1 */
    (
        "Bluetooth Speaker",
        "Portable speaker that pairs with headphones. Includes spare batteries.",
        "electronics",
        "modern",
    ),
    /* 2 */
    (
        "Trail Running Shoes",
        "Lightweight shoes for rough trails.",
        "footwear",
        "sporty",
    ),
    /* 3 */
    (
        "Leather Boots",
        "Waterproof leather boot with a warm lining.",
        "footwear",
        "classic",
    ),
    /* 4 */
    (
        "Summer Dresses Pack",
        "Two floral dresses in cotton.",
        "apparel",
        "boho",
    ),
    /* 5 */
    (
        "Evening Dress",
        "An elegant black dress for parties.",
        "apparel",
        "elegant",
    ),
    /* 6 */
    (
        "Scented Candle",
        "Soy wax candle with lavender scent.",
        "home",
        "cozy",
    ),
    /* 7 */
    (
        "Graphic T-Shirt",
        "Soft cotton t-shirt with a retro print.",
        "apparel",
        "casual",
    ),
    /* 8 */
    (
        "Down Sleeping-Bag",
        "Ultralight bag for camping.",
        "outdoors",
        "sporty",
    ),
    /* 9 */
    (
        "Café Mug",
        "Ceramic mug for your café au lait. ☕",
        "kitchen",
        "rustic",
    ),
    /* 10 */
    (
        "AA Batteries (8 pack)",
        "Long-lasting alkaline battery pack.",
        "electronics",
        "basic",
    ),
    /* 11 */
    (
        "Beeswax Candles Set",
        "Hand-poured candles, set of three.",
        "home",
        "rustic",
    ),
];

fn index_of(docs: &[(&'static str, &'static str, &'static str, &'static str)]) -> SearchIndex {
    SearchIndex::build(
        docs.iter()
            .map(|&(name, description, category, style)| SearchDoc {
                name,
                description,
                category,
                style,
            }),
    )
}

fn catalog() -> SearchIndex {
    index_of(CATALOG)
}

fn docs(index: &SearchIndex, query: &str) -> Vec<usize> {
    index
        .search(query, 100)
        .hits
        .iter()
        .map(|h| h.doc)
        .collect()
}

fn assert_sane(results: &SearchResults) {
    assert!(results.hits.len() <= results.total);
    assert!(results.terms.len() <= query::MAX_QUERY_TERMS);
    for h in &results.hits {
        assert!(h.score.is_finite() && h.score > 0.0, "{h:?}");
    }
    for w in results.hits.windows(2) {
        assert!(w[0].score >= w[1].score, "not sorted: {:?}", results.hits);
    }
}

#[test]
fn index_is_send_sync_and_counts_docs() {
    fn shareable<T: Send + Sync>() {}
    shareable::<SearchIndex>();
    let index = catalog();
    assert_eq!(index.len(), CATALOG.len());
    assert!(!index.is_empty());
    assert!(SearchIndex::default().is_empty());
    assert!(
        SearchIndex::default()
            .search("anything", 10)
            .hits
            .is_empty()
    );
}

#[test]
fn name_match_beats_description_match() {
    let index = index_of(&[
        (
            "Office Chair",
            "Goes well with an oak desk lamp.",
            "furniture",
            "modern",
        ),
        (
            "Oak Desk",
            "Solid wood, oiled finish.",
            "furniture",
            "modern",
        ),
    ]);
    assert_eq!(docs(&index, "oak"), [1, 0]);
    let index = catalog();
    assert_eq!(docs(&index, "headphones"), [0, 1]);
    assert_eq!(docs(&index, "speaker"), [1]);
}

#[test]
fn matching_more_terms_ranks_higher() {
    let index = catalog();
    assert_eq!(docs(&index, "leather boots")[0], 3);
    // Boots are shoes too (the lexicon's narrower words), but match one term of two.
    assert_eq!(docs(&index, "running shoes"), [2, 3]);
    // 4 has both words; 5 only "dress" (in name and description); 7 only "cotton".
    let results = index.search("cotton dress", 10);
    assert_sane(&results);
    let order: Vec<usize> = results.hits.iter().map(|h| h.doc).collect();
    assert_eq!(order, [4, 5, 7]);
    assert_eq!(results.hits[0].score.floor(), 2.0);
    assert_eq!(results.terms, ["cotton", "dress"]);
}

#[test]
fn stemming_matches_plural_and_singular() {
    let index = catalog();
    assert_eq!(docs(&index, "shoe"), [2, 3]); // the boot through the lexicon
    assert_eq!(docs(&index, "boots"), [3]);
    // Same frequencies; 5 and 6 have the shorter fields.
    assert_eq!(docs(&index, "dress"), [5, 4]);
    assert_eq!(docs(&index, "dresses"), [5, 4]);
    assert_eq!(docs(&index, "candles"), [6, 11]);
    assert_eq!(docs(&index, "candle"), [6, 11]);
    assert_eq!(docs(&index, "battery")[0], 10);
    assert_eq!(docs(&index, "batteries").len(), 3);
    assert_eq!(docs(&index, "run"), [2]);
    assert_eq!(index.search("Batteries", 1).terms, ["battery"]);
}

#[test]
fn hyphenated_words_match_parts_and_joined() {
    let index = catalog();
    assert_eq!(docs(&index, "tshirt"), [7]);
    assert_eq!(docs(&index, "t-shirt"), [7]);
    assert_eq!(docs(&index, "shirt"), [7]);
    assert_eq!(docs(&index, "sleepingbag"), [8]);
    assert_eq!(docs(&index, "sleeping bag")[0], 8);
}

#[test]
fn last_term_matches_as_prefix_below_exact() {
    let index = catalog();
    assert_eq!(docs(&index, "headph"), [0, 1]);
    assert_eq!(docs(&index, "wireless headph")[0], 0);
    assert_eq!(docs(&index, "batteri")[0], 10);
    // Only the last term completes.
    assert!(docs(&index, "headph wireless") == [0]);
    let index = index_of(&[("Teapot", "", "", ""), ("Tea", "", "", "")]);
    let hits = index.search("tea", 10).hits;
    assert_eq!(hits.iter().map(|h| h.doc).collect::<Vec<_>>(), [1, 0]);
    assert!(hits[0].score > hits[1].score);
}

#[test]
fn typos_fall_back_to_close_terms() {
    let index = catalog();
    assert_eq!(docs(&index, "headphnes")[0], 0);
    assert_eq!(docs(&index, "wireles headphnes")[0], 0);
    assert_eq!(docs(&index, "waterprof boot")[0], 3);
    assert_eq!(docs(&index, "candel"), [6, 11]);
    // Short terms are not corrected.
    assert!(docs(&index, "mig").is_empty());
}

#[test]
fn empty_stopword_and_nonsense_queries_return_nothing() {
    let index = catalog();
    for q in [
        "",
        "   ",
        "!!! -- ??",
        "-",
        "the and of",
        "for your",
        "qwxzzv",
        "zzzzzzzzzzzz",
    ] {
        let results = index.search(q, 10);
        assert!(results.hits.is_empty(), "{q:?}");
        assert_eq!(results.total, 0, "{q:?}");
    }
    assert!(index.search("the of", 10).terms.is_empty());
}

#[test]
fn unicode_and_hostile_input_does_not_panic() {
    let index = catalog();
    assert_eq!(docs(&index, "café"), [9]);
    assert_eq!(docs(&index, "CAFE"), [9]);
    assert_eq!(docs(&index, "cafe\u{301}"), [9]);
    let long = "ß😀é-".repeat(500);
    for q in [
        "☕🎧",
        "<script>alert('x')</script>",
        "\u{0}\u{1}\u{7f}",
        "İSTANBUL ǅ ﬁ",
        "日本語 Москва",
        "a\u{301}\u{302}\u{303}",
        "\u{202e}rtl\u{202c}",
        "----t----",
        "'''",
        long.as_str(),
    ] {
        assert_sane(&index.search(q, 5));
    }
    let index = index_of(&[("😀 ☕", "<b>bold</b> ǅ", "", "日本語"), ("", "", "", "")]);
    assert_eq!(docs(&index, "bold"), [0]);
    assert_eq!(docs(&index, "日本語"), [0]);
}

#[test]
fn total_counts_matches_beyond_the_limit() {
    let index = catalog();
    let results = index.search("electronics", 1);
    assert_eq!(results.hits.len(), 1);
    assert_eq!(results.total, 3);
    let none = index.search("electronics", 0);
    assert!(none.hits.is_empty());
    assert_eq!(none.total, 3);
    let all = index.search("electronics", 3);
    assert_eq!(all.hits[0], results.hits[0]);
}

#[test]
fn ties_are_broken_by_doc_order() {
    let doc = ("Blue Mug", "A mug.", "kitchen", "basic");
    let other = ("Red Plate", "A plate.", "kitchen", "basic");
    let index = index_of(&[other, doc, doc, other, doc]);
    let results = index.search("mug", 10);
    assert_eq!(
        results.hits.iter().map(|h| h.doc).collect::<Vec<_>>(),
        [1, 2, 4]
    );
    assert!(results.hits.windows(2).all(|w| w[0].score == w[1].score));
    let limited = index.search("mug", 2);
    assert_eq!(limited.hits, results.hits[..2]);
    // "plate" is rarer than "mug", so the plates come first; ties stay in doc order.
    assert_eq!(docs(&index, "mug plate"), [0, 3, 1, 2, 4]);
}

#[test]
fn rare_term_outranks_common_term() {
    let index = index_of(&[
        ("Lamp", "Common brass.", "", ""),
        ("Lamp", "Rare walnut.", "", ""),
        ("Vase", "Common glass.", "", ""),
        ("Bowl", "Common clay.", "", ""),
    ]);
    assert_eq!(docs(&index, "common rare"), [1, 0, 2, 3]);
}

#[test]
fn bm25_single_field_by_hand() {
    // Two documents, text only in the description (weight 1): classic BM25.
    let index = index_of(&[
        ("", "apple apple banana", "", ""),
        ("", "banana cherry", "", ""),
    ]);
    let (k1, b, n, avgdl) = (1.2f64, 0.75f64, 2.0f64, 2.5f64);
    let bm25 = |tf: f64, dl: f64, df: f64| {
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        idf * tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * dl / avgdl))
    };
    let apple = bm25(2.0, 3.0, 1.0);
    assert!((apple - 0.902_322).abs() < 1e-5, "{apple}"); // ln 2 * 3.826087 / 2.939130
    let expected = [
        ("apple", 0, apple),
        ("banana", 0, bm25(1.0, 3.0, 2.0)),
        ("banana", 1, bm25(1.0, 2.0, 2.0)),
    ];
    for (term, doc, want) in expected {
        let id = index.term_ids[term];
        let posting = index.postings_of(id).iter().find(|p| p.doc == doc).unwrap();
        let got = index.bm25f(id, posting, ALL_FIELDS);
        assert!(
            (got - want).abs() < 1e-6,
            "{term} in {doc}: {got} vs {want}"
        );
        // The public score is 1 (one term matched) + s / (s + 1).
        let hit = index
            .search(term, 2)
            .hits
            .into_iter()
            .find(|h| h.doc == doc as usize);
        let fraction = f64::from(hit.unwrap().score) - 1.0;
        assert!((fraction / (1.0 - fraction) - want).abs() < 1e-4);
    }
    // The shorter document wins on the shared term.
    assert_eq!(docs(&index, "banana"), [1, 0]);
}

#[test]
fn deterministic_and_sane_over_many_queries() {
    let index = catalog();
    for q in [
        "a",
        "s",
        "c",
        "ca",
        "set of",
        "pack",
        "modern spare",
        "t",
        "home cozy",
        "xyz",
    ] {
        let a = index.search(q, 4);
        let b = index.search(q, 4);
        assert_eq!(a.hits, b.hits);
        assert_eq!(a.total, b.total);
        assert_sane(&a);
    }
}

/// A small shop in the seeds' style: the kinds of things are styles, colours are in names.
const SHOP: &[(&str, &str, &str, &str)] = &[
    /* 0 */
    (
        "Navy Canvas Sneaker",
        "A low-top for every day.",
        "footwear",
        "sneaker",
    ),
    /* 1 */
    (
        "Tan Suede Chelsea Boot",
        "Pairs well with blue jeans.",
        "footwear",
        "boot",
    ),
    /* 2 */ ("Grey Velvet Sofa", "Seats three.", "furniture", "sofa"),
    /* 3 */
    (
        "Portable Bluetooth Speaker",
        "Loud and small.",
        "electronics",
        "speaker",
    ),
    /* 4 */
    (
        "Blue Ceramic Mug",
        "Holds a large coffee.",
        "housewares",
        "mug",
    ),
    /* 5 */ ("Family Dome Tent", "Sleeps four.", "outdoors", "tent"),
    /* 6 */
    (
        "Red Leather Clutch",
        "An evening handbag.",
        "accessories",
        "handbag",
    ),
    /* 7 */
    (
        "Wireless Headphones",
        "Over-ear, long battery.",
        "electronics",
        "headphones",
    ),
    /* 8 */ ("Cobalt Glass Vase", "Hand-blown.", "homedecor", "vase"),
    /* 9 */
    (
        "Kettle Tenting Kit",
        "Not a tent at all.",
        "housewares",
        "kettle",
    ),
];

#[test]
fn everyday_words_find_the_catalogs_things() {
    let index = index_of(SHOP);
    let first = |q: &str| docs(&index, q).first().copied();
    // A broad word finds the kinds of it; a synonym finds its twin.
    let shoes = docs(&index, "shoes");
    assert_eq!(
        shoes[..2]
            .iter()
            .copied()
            .collect::<std::collections::BTreeSet<_>>(),
        [0, 1].into()
    );
    assert_eq!(first("couch"), Some(2));
    assert_eq!(first("couches"), Some(2));
    assert_eq!(first("purse"), Some(6));
    assert_eq!(first("earbuds"), Some(7));
    assert_eq!(first("gray sofa"), Some(2)); // spelling
    // A narrower word does not widen: sneakers are not boots.
    assert!(!docs(&index, "sneakers").contains(&1));
}

#[test]
fn colours_are_colours() {
    let index = index_of(SHOP);
    let blue = docs(&index, "blue");
    // The blue mug first, then the shades of blue; never the boot whose description
    // mentions blue jeans; the Bluetooth speaker (a completion) after every real match.
    assert_eq!(blue[0], 4);
    assert!(!blue.contains(&1), "{blue:?}");
    let pos = |d| blue.iter().position(|&x| x == d);
    assert!(pos(0) < pos(3) && pos(8) < pos(3), "{blue:?}");
}

#[test]
fn short_typos_are_forgiven_without_outranking_real_matches() {
    let index = index_of(SHOP);
    assert_eq!(docs(&index, "tnet").first(), Some(&5)); // a transposition in 4 letters
    assert_eq!(docs(&index, "sfoa").first(), Some(&2));
    // "tent" is real for the tent; "tenting" only completes it for the kettle kit.
    assert_eq!(docs(&index, "tent").first(), Some(&5));
}
