//! The everyday words for the catalog's things: what a shopper types that the catalog never
//! says. Query words expand into vocabulary terms here, never the documents, so the index stays
//! the catalog's own words and a new entry needs no re-indexing.
//!
//! * `SPELLINGS`: the same word spelled another way; an expansion is as good as the word.
//! * `SYNONYMS`: interchangeable words for one thing ("couch", "sofa").
//! * `NARROWER`: a broad word and the kinds of it ("shoes" → sneakers, boots…), one way only:
//!   a search for "sneakers" does not want boots.
//! * `COLOURS`: each colour and its shades. A colour in a query is the colour of the thing, so
//!   colour words match names, styles and categories, never descriptions ("pairs with blue
//!   jeans"), and a shade ranks below the colour itself.
//!
//! Keys are matched unstemmed first, then stemmed, so "glasses" (eyewear) can differ from
//! "glass" (the material).

/// How much an expansion counts against the word itself (1.0).
pub(super) const SPELLING_WEIGHT: f64 = 1.0;
pub(super) const SYNONYM_WEIGHT: f64 = 0.9;
pub(super) const NARROWER_WEIGHT: f64 = 0.8;
pub(super) const SHADE_WEIGHT: f64 = 0.5;

pub(super) const SPELLINGS: &[&[&str]] = &[
    &["grey", "gray"],
    &["colour", "color"],
    &["jewellery", "jewelry"],
    &["moisturiser", "moisturizer"],
    &["moisturising", "moisturizing"],
    &["tshirt", "tee"],
    &["hoodie", "hoody"],
    &["ukelele", "ukulele"],
    &["aluminium", "aluminum"],
    &["pyjamas", "pajamas"],
    &["favourite", "favorite"],
];

pub(super) const SYNONYMS: &[&[&str]] = &[
    &["sofa", "couch", "settee", "loveseat"],
    &["handbag", "purse", "clutch"],
    &["headphones", "earbuds", "earphones", "headset"],
    &["sneaker", "trainer", "kicks"],
    &["phone", "smartphone", "cellphone", "mobile"],
    &["laptop", "notebook", "chromebook", "ultrabook"],
    &["sweater", "jumper", "pullover"],
    &["hoodie", "sweatshirt"],
    &["pants", "trousers", "slacks"],
    &["jeans", "denim"],
    &["heel", "pump", "stiletto"],
    &["bike", "bicycle", "cycle"],
    &["backpack", "rucksack", "knapsack", "daypack"],
    &["perfume", "fragrance", "cologne", "parfum", "scent"],
    &["lotion", "moisturizer", "moisturizing"],
    &["chair", "armchair", "seat"],
    &["bookshelf", "bookcase", "shelving"],
    &["mug", "cup"],
    &["cookware", "pan", "pot", "skillet", "saucepan"],
    &["polish", "varnish", "lacquer", "enamel"],
    &["television", "tv"],
    &["speaker", "soundbar"],
    &["coat", "parka", "overcoat"],
    &["rug", "carpet"],
    &["lantern", "flashlight", "torch"],
    &["stove", "burner"],
    &["kayak", "canoe"],
    &["watch", "wristwatch", "timepiece"],
    // "=glasses": the word itself, not its stem "glass" (the material).
    &[
        "=glasses",
        "eyeglasses",
        "spectacles",
        "eyewear",
        "sunglasses",
    ],
    &["dresser", "drawers"],
    &["cooler", "icebox"],
    &["bouquet", "posy"],
];

pub(super) const NARROWER: &[(&str, &[&str])] = &[
    (
        "shoes",
        &[
            "footwear", "sneaker", "trainer", "boot", "sandal", "heel", "pump", "loafer",
            "slipper", "flats", "oxford",
        ],
    ),
    (
        "footwear",
        &["sneaker", "boot", "sandal", "heel", "loafer", "slipper"],
    ),
    (
        "flowers",
        &[
            "floral",
            "bouquet",
            "roses",
            "tulips",
            "peonies",
            "orchid",
            "arrangement",
        ],
    ),
    (
        "bag",
        &[
            "handbag",
            "backpack",
            "tote",
            "clutch",
            "crossbody",
            "purse",
        ],
    ),
    (
        "computer",
        &["laptop", "chromebook", "ultrabook", "desktop", "monitor"],
    ),
    (
        "camping",
        &[
            "tent", "sleeping", "stove", "lantern", "hammock", "cooler", "campsite",
        ],
    ),
    (
        "kitchen",
        &[
            "housewares",
            "cookware",
            "kettle",
            "blender",
            "knife",
            "teapot",
            "cutting",
            "plate",
        ],
    ),
    (
        "instrument",
        &[
            "instruments",
            "guitar",
            "piano",
            "violin",
            "drums",
            "flute",
            "trumpet",
            "ukulele",
        ],
    ),
    ("musical", &["instruments"]),
    ("music", &["instruments"]),
    ("skincare", &["serum", "lotion", "moisturizer", "cleanser"]),
    (
        "makeup",
        &["lipstick", "polish", "mascara", "eyeshadow", "blush"],
    ),
    ("cosmetics", &["lipstick", "polish", "beauty"]),
    ("decor", &["homedecor"]),
    (
        "decoration",
        &["ornament", "garland", "wreath", "lights", "homedecor"],
    ),
    (
        "outerwear",
        &["coat", "jacket", "parka", "peacoat", "raincoat"],
    ),
    ("seating", &["chair", "armchair", "sofa", "stool", "bench"]),
    ("running", &["runner", "sneaker", "trainer"]),
    (
        "snacks",
        &["chocolate", "cheese", "crackers", "nuts", "chips"],
    ),
    (
        "furniture",
        &[
            "sofa",
            "chair",
            "table",
            "desk",
            "bed",
            "dresser",
            "bookshelf",
        ],
    ),
    ("tableware", &["plate", "mug", "bowl", "platter"]),
    ("eyewear", &["sunglasses"]),
    ("shades", &["sunglasses"]),
];

pub(super) const COLOURS: &[(&str, &[&str])] = &[
    ("black", &["charcoal", "onyx"]),
    ("white", &["ivory", "cream"]),
    ("grey", &["charcoal", "slate", "silver", "gray"]),
    ("gray", &["charcoal", "slate", "silver", "grey"]),
    ("silver", &["chrome", "pewter"]),
    ("gold", &["brass", "golden"]),
    ("red", &["crimson", "scarlet", "burgundy", "ruby"]),
    ("burgundy", &["maroon", "oxblood"]),
    ("pink", &["blush", "rose", "fuchsia", "magenta", "coral"]),
    ("orange", &["coral", "rust"]),
    ("yellow", &["mustard", "golden"]),
    ("green", &["emerald", "olive", "sage", "mint", "jade"]),
    ("blue", &["navy", "cobalt", "indigo", "turquoise", "azure"]),
    ("navy", &["indigo", "midnight"]),
    ("teal", &["turquoise", "aqua"]),
    ("purple", &["plum", "lavender", "violet", "lilac", "mauve"]),
    // Not "chocolate" or "espresso": a search for brown does not want groceries.
    ("brown", &["tan", "walnut", "chestnut", "caramel"]),
    ("beige", &["tan", "khaki", "cream", "ivory"]),
    ("cream", &["ivory"]),
    ("ivory", &["cream"]),
    ("tan", &["khaki", "camel"]),
    ("khaki", &["tan"]),
    ("olive", &[]),
    ("charcoal", &[]),
    ("coral", &[]),
    ("mint", &[]),
    ("sage", &[]),
    ("emerald", &[]),
    ("plum", &[]),
    ("lavender", &[]),
    ("blush", &[]),
    ("mustard", &[]),
    ("cobalt", &[]),
    ("indigo", &[]),
    ("turquoise", &[]),
    ("crimson", &[]),
    ("copper", &[]),
    ("bronze", &[]),
    ("amber", &[]),
    ("rose", &[]),
];

use super::stem::stem;
use super::tokenize::fold_char;
use crate::hash::FxMap;

/// The lexicon against one index's vocabulary: query key → the vocabulary terms it also means,
/// with their weights, and which terms are colours. Words the catalog never uses are dropped.
#[derive(Debug, Default)]
pub(super) struct Lexicon {
    /// Keyed by the stemmed word.
    related: FxMap<Box<str>, Vec<(u32, f64)>>,
    /// Keyed by the folded word itself (the `=` entries).
    related_raw: FxMap<Box<str>, Vec<(u32, f64)>>,
    /// Term id → whether it is a colour word.
    colour: Vec<bool>,
}

fn folded(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        fold_char(c, &mut out);
    }
    out
}

fn stemmed(word: &str) -> String {
    let mut w = folded(word);
    stem(&mut w);
    w
}

impl Lexicon {
    pub(super) fn compile(terms: usize, term_id: impl Fn(&str) -> Option<u32>) -> Lexicon {
        let mut lexicon = Lexicon {
            colour: vec![false; terms],
            ..Lexicon::default()
        };
        let mut relate = |key: &str, word: &str, weight: f64| {
            // A `=` word is a key only: its stem means something else.
            if word.starts_with('=') {
                return;
            }
            let Some(id) = term_id(&stemmed(word)) else {
                return;
            };
            let (map, key) = match key.strip_prefix('=') {
                Some(raw) => (&mut lexicon.related_raw, folded(raw)),
                None => (&mut lexicon.related, stemmed(key)),
            };
            let list = map.entry(key.into()).or_default();
            match list.iter_mut().find(|(t, _)| *t == id) {
                Some(seen) => seen.1 = seen.1.max(weight),
                None => list.push((id, weight)),
            }
        };
        for group in SPELLINGS.iter().chain(SYNONYMS) {
            let weight = if SPELLINGS.contains(group) {
                SPELLING_WEIGHT
            } else {
                SYNONYM_WEIGHT
            };
            for key in *group {
                for word in group.iter().filter(|w| *w != key) {
                    relate(key, word, weight);
                }
            }
        }
        for (key, words) in NARROWER {
            for word in *words {
                relate(key, word, NARROWER_WEIGHT);
            }
        }
        for (key, shades) in COLOURS {
            for shade in *shades {
                relate(key, shade, SHADE_WEIGHT);
            }
        }
        for word in COLOURS
            .iter()
            .flat_map(|(c, shades)| std::iter::once(c).chain(*shades))
        {
            if let Some(id) = term_id(&stemmed(word)) {
                lexicon.colour[id as usize] = true;
            }
        }
        lexicon
    }

    /// The terms a query word also means: by the word itself first, else by its stem.
    pub(super) fn related(&self, raw: &str, term: &str) -> &[(u32, f64)] {
        self.related_raw
            .get(raw)
            .or_else(|| self.related.get(term))
            .map_or(&[], Vec::as_slice)
    }

    pub(super) fn is_colour(&self, term: u32) -> bool {
        self.colour.get(term as usize).copied().unwrap_or(false)
    }
}
