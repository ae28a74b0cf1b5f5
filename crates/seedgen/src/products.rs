//! Categories and products.

use std::collections::HashSet;

use super::spec::{CategorySpec, Form, Lean, StyleSpec};
use super::words::{self, CLOSERS, DETAILS, DISTINGUISHERS, OPEN_PLAIN, OPEN_TITLED, OPEN_VISUAL};
use rds_formats::{RdsCategory, RdsProduct};
use seeded_rng::Rng;

pub const PRODUCTS_PER_CATEGORY: usize = 150;

/// Name attempts before a product takes a model number instead of a fresh name: past about a
/// hundred thousand products the words run out, and trying on would only cost time.
const NAME_ATTEMPTS: usize = 400;

/// Categories whose products carry a gender affinity.
const GENDERED: &[&str] = &["apparel", "footwear", "beauty", "jewelry", "accessories"];

pub fn categories(specs: &[CategorySpec]) -> Vec<RdsCategory> {
    specs
        .iter()
        .enumerate()
        .map(|(i, c)| RdsCategory {
            id: i as i64 + 1,
            name: c.name.to_string(),
            image: format!("{}.svg", c.name),
            has_gender_affinity: GENDERED.contains(&c.name),
        })
        .collect()
}

/// `total` products spread evenly over the categories (the first ones take one more when it
/// does not divide) and, within each, over its styles; `made` hears of each one.
pub fn products(
    seed: u64,
    specs: &[CategorySpec],
    total: usize,
    made: &(dyn Fn(usize) + Sync),
) -> Vec<RdsProduct> {
    let mut names = HashSet::new();
    let mut out = Vec::with_capacity(total);
    for (ci, cat) in specs.iter().enumerate() {
        let in_category = total / specs.len() + usize::from(ci < total % specs.len());
        let mut rng = Rng::derive(seed, &format!("seedgen/products/{}", cat.name));
        let start = out.len();
        let n = cat.styles.len();
        for (si, style) in cat.styles.iter().enumerate() {
            let count = in_category / n + usize::from(si < in_category % n);
            for _ in 0..count {
                out.push(product(&mut rng, cat, style, &mut names));
                made(1);
            }
        }
        // Exactly one featured product per category, chosen among those in stock (a tiny
        // catalog's category may have none).
        let in_stock: Vec<usize> = (start..out.len())
            .filter(|&i| out[i].current_stock > 0)
            .collect();
        if !in_stock.is_empty() {
            let pick = *rng.pick(&in_stock);
            out[pick].featured = Some(true);
        }
    }
    out
}

/// A UUID-v4-shaped id drawn from the generator.
pub fn uuid(rng: &mut Rng) -> String {
    let hi = rng.next_u64();
    let lo = rng.next_u64();
    let hi = (hi & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    let lo = (lo & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

/// Everything drawn for one product that names and descriptions are built from.
struct Draw<'a> {
    cat: &'a CategorySpec,
    style: &'a StyleSpec,
    material: &'static str,
    colour: &'static str,
    /// The colour comes from the material ("walnut", "sterling silver").
    colour_in_material: bool,
    line: &'static str,
    name: String,
}

fn product(
    rng: &mut Rng,
    cat: &CategorySpec,
    style: &StyleSpec,
    names: &mut HashSet<String>,
) -> RdsProduct {
    let id = uuid(rng);
    let mi = (!style.materials.is_empty()).then(|| rng.below(style.materials.len()));
    let material = mi.map_or("", |i| style.materials[i]);
    let mat_colour = words::colour_in(material);
    let colour = match mat_colour {
        Some(c) => c,
        None => *rng.pick(&style.palette),
    };
    let mut d = Draw {
        cat,
        style,
        material,
        colour,
        colour_in_material: mat_colour.is_some(),
        line: "",
        name: String::new(),
    };
    d.name = unique_name(rng, &mut d, names);
    let description = describe(rng, &d);
    let price = price(rng, style, mi);
    let gender_affinity = if GENDERED.contains(&cat.name) {
        gender(rng, style.lean)
    } else {
        None
    };
    let current_stock = if rng.chance(0.04) {
        0
    } else {
        rng.range(1, 40)
    };
    let promoted = rng.chance(0.2).then_some(true);
    RdsProduct {
        image: format!("{id}.svg"),
        id,
        name: d.name,
        category: cat.name.to_string(),
        style: style.style.to_string(),
        description,
        price,
        gender_affinity,
        current_stock,
        featured: None,
        promoted,
        where_visible: "UI".to_string(),
        aliases: Vec::new(),
    }
}

fn lines<'a>(d: &Draw<'a>) -> &'a [&'static str] {
    if d.style.lines.is_empty() {
        &d.cat.lines
    } else {
        &d.style.lines
    }
}

/// Draws names until one is new; falls back to a distinguishing word.
fn unique_name(rng: &mut Rng, d: &mut Draw<'_>, names: &mut HashSet<String>) -> String {
    for _ in 0..60 {
        d.line = *rng.pick(lines(d));
        let name = candidate(rng, d);
        if !repeats_word(&name) && names.insert(name.clone()) {
            return name;
        }
    }
    let first = rng.below(DISTINGUISHERS.len());
    for i in first..first + NAME_ATTEMPTS {
        d.line = *rng.pick(lines(d));
        let name = format!(
            "{} {}",
            DISTINGUISHERS[i % DISTINGUISHERS.len()],
            candidate(rng, d)
        );
        if !repeats_word(&name) && names.insert(name.clone()) {
            return name;
        }
    }
    // The words are spent (a catalog of hundreds of thousands): a model number keeps names
    // unique, as a real catalog's would.
    d.line = *rng.pick(lines(d));
    let base = candidate(rng, d);
    let mut model = names.len();
    loop {
        let name = format!("{base} No. {model}");
        if names.insert(name.clone()) {
            return name;
        }
        model += 1;
    }
}

fn repeats_word(name: &str) -> bool {
    const STOP: &[&str] = &["the", "and", "for", "with", "from"];
    let toks: Vec<String> = words::tokens(name).collect();
    toks.iter()
        .enumerate()
        .any(|(i, t)| t.len() > 2 && !STOP.contains(&t.as_str()) && toks[i + 1..].contains(t))
}

fn candidate(rng: &mut Rng, d: &Draw<'_>) -> String {
    let s = d.style;
    let noun = *rng.pick(&s.nouns);
    if s.titled() {
        return words::polish(&noun.replace("{L}", d.line));
    }
    let line = d.line;
    let adj = words::title_case(choose(rng, &s.adjs));
    let mat = words::title_case(d.material);
    let colour = words::title_case(d.colour);
    let parts: Vec<&str> = if !s.visual || d.colour_in_material {
        // The colour is in the material (or in a note): no separate colour word.
        match rng.below(5) {
            0 => vec![line, &mat, noun],
            1 => vec![line, &adj, noun],
            2 => vec![&adj, &mat, noun],
            3 => vec![&mat, noun],
            _ => vec![line, &adj, &mat, noun],
        }
    } else {
        match rng.weighted(&[25.0, 20.0, 15.0, 15.0, 15.0, 10.0]) {
            0 => vec![line, &colour, &mat, noun],
            1 => vec![&colour, &mat, noun],
            2 => vec![&adj, &colour, noun],
            3 => vec![line, &colour, noun],
            4 => vec![line, &adj, noun],
            _ => vec![&adj, &colour, &mat, noun],
        }
    };
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One entry of a word list (the same draw as `Rng::pick`, without the double reference).
fn choose<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.below(items.len())]
}

/// Two distinct entries (or the same one when the list has a single entry).
fn two<'a>(rng: &mut Rng, items: &[&'a str]) -> (&'a str, &'a str) {
    let a = rng.below(items.len());
    let mut b = rng.below(items.len().saturating_sub(1).max(1));
    if items.len() > 1 && b >= a {
        b += 1;
    }
    (items[a], items[b.min(items.len() - 1)])
}

fn describe(rng: &mut Rng, d: &Draw<'_>) -> String {
    let s = d.style;
    // Adjectives already present in the material or name would read twice.
    let name_lower = d.name.to_ascii_lowercase();
    let adjs: Vec<&str> = s
        .adjs
        .iter()
        .copied()
        .filter(|a| !d.material.contains(a) && !name_lower.contains(a))
        .collect();
    let adjs = if adjs.len() >= 2 {
        adjs
    } else {
        s.adjs.clone()
    };
    let (adj, adj2) = two(rng, &adjs);
    let (feature, feature2) = two(rng, &s.features);
    let (use1, use2) = two(rng, &s.uses);
    let cm = if d.colour_in_material || d.material.is_empty() {
        if d.material.is_empty() {
            d.colour.to_string()
        } else {
            d.material.to_string()
        }
    } else {
        format!("{} {}", d.colour, d.material)
    };
    let fill = |t: &str| -> String {
        let plural = s.form == Form::Plural;
        let text = t
            .replace("{a}", if s.form == Form::Count { "a" } else { "" })
            .replace("{this}", if plural { "these" } else { "this" })
            .replace("{it}", if plural { "they" } else { "it" })
            .replace("{them}", if plural { "them" } else { "it" })
            .replace("{is}", if plural { "are" } else { "is" })
            .replace("{has}", if plural { "have" } else { "has" })
            .replace("{s}", if plural { "" } else { "s" })
            .replace("{cm}", &cm)
            .replace("{mat}", d.material)
            .replace("{colour}", d.colour)
            .replace("{term}", s.term)
            .replace("{adj}", adj)
            .replace("{adj2}", adj2)
            .replace("{feature}", feature)
            .replace("{feature2}", feature2)
            .replace("{use}", use1)
            .replace("{use2}", use2)
            .replace("{line}", d.line)
            .replace("{name}", &d.name);
        words::polish(&text)
    };
    let mut sentences = Vec::with_capacity(3);
    let open = if s.titled() {
        OPEN_TITLED
    } else if s.visual {
        OPEN_VISUAL
    } else {
        OPEN_PLAIN
    };
    sentences.push(fill(choose(rng, open)));
    if s.visual {
        sentences.push(fill(choose(rng, DETAILS)));
        if rng.chance(0.55) {
            let total = CLOSERS.len() + d.cat.closers.len();
            let i = rng.below(total);
            let closer = if i < CLOSERS.len() {
                CLOSERS[i]
            } else {
                d.cat.closers[i - CLOSERS.len()]
            };
            sentences.push(fill(closer));
        }
    } else {
        if rng.chance(0.75) {
            sentences.push(fill(choose(rng, DETAILS)));
        }
        sentences.push(fill(choose(rng, &s.notes)));
    }
    sentences.join(" ")
}

/// A retail price in dollars: log-uniform in the style's range, nudged up for pricier materials
/// (materials are listed cheapest first), rounded to a price point.
fn price(rng: &mut Rng, style: &StyleSpec, mi: Option<usize>) -> f64 {
    let (lo, hi) = (f64::from(style.price.0), f64::from(style.price.1));
    let u = rng.next_f64();
    let t = match mi {
        Some(i) if style.materials.len() > 1 => {
            0.65 * u + 0.35 * (i as f64 / (style.materials.len() - 1) as f64)
        }
        _ => u,
    };
    let p = lo * (hi / lo).powf(t);
    let step = match p {
        p if p < 20.0 => 1.0,
        p if p < 100.0 => 5.0,
        p if p < 1000.0 => 10.0,
        _ => 50.0,
    };
    let base = ((p / step).round() * step).max(step) as i64;
    // Cents: mostly .99, then .00; .49 only on small prices.
    let endings = if p < 100.0 {
        [58.0, 22.0, 15.0, 5.0]
    } else {
        [70.0, 27.0, 0.0, 3.0]
    };
    let cents = match rng.weighted(&endings) {
        0 => base * 100 - 1,
        1 => base * 100,
        2 => base * 100 - 51,
        _ => base * 100 - 5,
    };
    cents.max(99) as f64 / 100.0
}

fn gender(rng: &mut Rng, lean: Lean) -> Option<String> {
    // Weights for F, M, none; tuned so gendered categories come out near 40/30/30.
    let weights: [f64; 3] = match lean {
        Lean::Any => [0.29, 0.35, 0.36],
        Lean::Fem => [0.85, 0.0, 0.15],
        Lean::Masc => [0.0, 0.85, 0.15],
    };
    match rng.weighted(&weights) {
        0 => Some("F".to_string()),
        1 => Some("M".to_string()),
        _ => None,
    }
}
