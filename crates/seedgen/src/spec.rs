//! The catalog vocabulary is written as compact text blocks (see the `vocab_*` files); this module
//! parses them into [`CategorySpec`]s.
//!
//! Block format, one entry per line (lists are separated by `|`, palettes by spaces):
//!
//! ```text
//! CAT: apparel                       category name
//! L: Everyday | Weekend | ...        series words for names (before any S: line: category-wide)
//! K: closing sentence | ...          category-specific closing sentences
//! S: shirt | shirt | c | v | 22-95 | any
//!    style | term used in descriptions | form (c count, p plural, m mass)
//!    | v (colour may go in the name) or n (colour only in a note) | price range in dollars
//!    | gender lean (any, fem, masc; ignored outside gender-affinity categories)
//! N: nouns for names (a noun containing {L} is a whole title template)
//! M: materials or kinds, cheapest first (optional)
//! P: palette of colour words
//! A: adjectives          F: feature phrases          U: uses ("perfect for ...")
//! C: colour notes, sentences containing {colour} (required for `n` styles)
//! ```

/// How a style's term agrees with verbs and articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// "a shirt ... it is"
    Count,
    /// "earrings ... they are"
    Plural,
    /// "coffee ... it is" (no article)
    Mass,
}

/// Gender lean of a style inside a gender-affinity category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lean {
    Any,
    Fem,
    Masc,
}

#[derive(Debug, Clone)]
pub struct StyleSpec {
    pub style: &'static str,
    pub term: &'static str,
    pub form: Form,
    /// Whether the colour may appear in the product name (otherwise a colour note carries it).
    pub visual: bool,
    pub price: (u32, u32),
    pub lean: Lean,
    /// Style-specific series words (book titles); empty means "use the category's".
    pub lines: Vec<&'static str>,
    pub nouns: Vec<&'static str>,
    pub materials: Vec<&'static str>,
    pub palette: Vec<&'static str>,
    pub adjs: Vec<&'static str>,
    pub features: Vec<&'static str>,
    pub uses: Vec<&'static str>,
    pub notes: Vec<&'static str>,
}

impl StyleSpec {
    /// Names are whole title templates (books).
    pub fn titled(&self) -> bool {
        self.nouns.iter().any(|n| n.contains("{L}"))
    }
}

#[derive(Debug, Clone)]
pub struct CategorySpec {
    pub name: &'static str,
    pub lines: Vec<&'static str>,
    pub closers: Vec<&'static str>,
    pub styles: Vec<StyleSpec>,
}

fn list(s: &'static str) -> Vec<&'static str> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

fn header(s: &'static str) -> StyleSpec {
    let f = list(s);
    assert_eq!(f.len(), 6, "bad style header: {s}");
    let form = match f[2] {
        "c" => Form::Count,
        "p" => Form::Plural,
        "m" => Form::Mass,
        other => panic!("bad form {other} in {s}"),
    };
    let visual = match f[3] {
        "v" => true,
        "n" => false,
        other => panic!("bad visual flag {other} in {s}"),
    };
    let (lo, hi) = f[4].split_once('-').expect("price range lo-hi");
    let lean = match f[5] {
        "any" | "-" => Lean::Any,
        "fem" => Lean::Fem,
        "masc" => Lean::Masc,
        other => panic!("bad lean {other} in {s}"),
    };
    StyleSpec {
        style: f[0],
        term: f[1],
        form,
        visual,
        price: (lo.parse().expect("price lo"), hi.parse().expect("price hi")),
        lean,
        lines: Vec::new(),
        nouns: Vec::new(),
        materials: Vec::new(),
        palette: Vec::new(),
        adjs: Vec::new(),
        features: Vec::new(),
        uses: Vec::new(),
        notes: Vec::new(),
    }
}

/// Parses one category block. Panics on malformed input: the blocks are static data and the
/// module's tests parse every one of them.
pub fn parse(text: &'static str) -> CategorySpec {
    let mut cat = CategorySpec {
        name: "",
        lines: Vec::new(),
        closers: Vec::new(),
        styles: Vec::new(),
    };
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("no key in {line:?}"));
        let value = value.trim();
        if key == "CAT" {
            cat.name = value;
            continue;
        }
        if key == "S" {
            cat.styles.push(header(value));
            continue;
        }
        match cat.styles.last_mut() {
            None => match key {
                "L" => cat.lines = list(value),
                "K" => cat.closers = list(value),
                _ => panic!("unexpected {key} before the first style in {}", cat.name),
            },
            Some(s) => {
                let slot = match key {
                    "L" => &mut s.lines,
                    "N" => &mut s.nouns,
                    "M" => &mut s.materials,
                    "A" => &mut s.adjs,
                    "F" => &mut s.features,
                    "U" => &mut s.uses,
                    "C" => &mut s.notes,
                    "P" => {
                        s.palette = value.split_whitespace().collect();
                        continue;
                    }
                    _ => panic!("unknown key {key} in {}", cat.name),
                };
                *slot = list(value);
            }
        }
    }
    for s in &cat.styles {
        let ok = !s.nouns.is_empty()
            && s.adjs.len() >= 2
            && s.features.len() >= 2
            && s.uses.len() >= 2
            && s.price.0 > 0
            && s.price.0 < s.price.1
            && (s.visual || !s.notes.is_empty());
        assert!(ok, "incomplete style {} in {}", s.style, cat.name);
    }
    assert!(
        !cat.name.is_empty() && !cat.lines.is_empty(),
        "category without name or lines"
    );
    cat
}

/// All sixteen categories, in catalog order.
pub fn all() -> Vec<CategorySpec> {
    use super::{vocab_a, vocab_b, vocab_c, vocab_d};
    [
        vocab_a::APPAREL,
        vocab_a::FOOTWEAR,
        vocab_c::OUTDOORS,
        vocab_c::ELECTRONICS,
        vocab_a::BEAUTY,
        vocab_a::JEWELRY,
        vocab_b::ACCESSORIES,
        vocab_b::HOUSEWARES,
        vocab_b::HOMEDECOR,
        vocab_b::FURNITURE,
        vocab_d::SEASONAL,
        vocab_d::FLORAL,
        vocab_d::BOOKS,
        vocab_d::GROCERIES,
        vocab_c::INSTRUMENTS,
        vocab_c::TOOLS,
    ]
    .into_iter()
    .map(parse)
    .collect()
}
