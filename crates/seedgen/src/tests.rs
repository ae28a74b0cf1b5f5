use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::PathBuf;
use std::sync::OnceLock;

use super::shoppers::{DISCOUNT_PERSONAS, PERSONAS};
use super::words::{self, COLOURS};
use super::*;

fn seeds() -> &'static GeneratedSeeds {
    static SEEDS: OnceLock<GeneratedSeeds> = OnceLock::new();
    SEEDS.get_or_init(|| generate(DEFAULT_SEED))
}

fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    std::env::temp_dir().join(format!("seedgen-{tag}-{}-{nanos}", std::process::id()))
}

fn colours_of(text: &str) -> HashSet<String> {
    words::tokens(text)
        .filter(|t| COLOURS.contains(&t.as_str()))
        .collect()
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generate(DEFAULT_SEED), *seeds());
    let other = generate(DEFAULT_SEED + 1);
    assert_ne!(other.products, seeds().products);
    assert_ne!(other.users, seeds().users);
}

#[test]
fn written_files_are_byte_identical_and_round_trip() {
    let (a, b) = (temp_dir("a"), temp_dir("b"));
    write_seeds(&a, DEFAULT_SEED).unwrap();
    write_seeds(&b, DEFAULT_SEED).unwrap();
    for file in ["categories.yaml", "products.yaml", "users.json.gz"] {
        let x = fs::read(a.join(file)).unwrap();
        let y = fs::read(b.join(file)).unwrap();
        assert!(!x.is_empty(), "{file} is empty");
        assert!(x == y, "{file} differs between runs");
    }
    let s = seeds();
    let cats: Vec<RdsCategory> =
        serde_saphyr::from_str(&fs::read_to_string(a.join("categories.yaml")).unwrap()).unwrap();
    assert_eq!(cats, s.categories);
    let products: Vec<RdsProduct> =
        serde_saphyr::from_str(&fs::read_to_string(a.join("products.yaml")).unwrap()).unwrap();
    assert_eq!(products, s.products);
    let mut json = String::new();
    flate2::read::GzDecoder::new(fs::File::open(a.join("users.json.gz")).unwrap())
        .read_to_string(&mut json)
        .unwrap();
    let users: Vec<RdsUser> = serde_json::from_str(&json).unwrap();
    assert_eq!(users, s.users);
    for dir in [a, b] {
        fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn categories_are_the_sixteen() {
    let names: Vec<&str> = seeds().categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "apparel",
            "footwear",
            "outdoors",
            "electronics",
            "beauty",
            "jewelry",
            "accessories",
            "housewares",
            "homedecor",
            "furniture",
            "seasonal",
            "floral",
            "books",
            "groceries",
            "instruments",
            "tools"
        ]
    );
    for (i, c) in seeds().categories.iter().enumerate() {
        assert_eq!(c.id, i as i64 + 1);
        assert_eq!(c.image, format!("{}.svg", c.name));
        let gendered =
            ["apparel", "footwear", "beauty", "jewelry", "accessories"].contains(&c.name.as_str());
        assert_eq!(c.has_gender_affinity, gendered, "{}", c.name);
    }
}

#[test]
fn product_counts_featured_and_styles() {
    let s = seeds();
    assert!(s.products.len() >= 2000);
    let mut per_cat: HashMap<&str, usize> = HashMap::new();
    let mut styles: HashMap<&str, HashSet<&str>> = HashMap::new();
    for p in &s.products {
        *per_cat.entry(&p.category).or_default() += 1;
        styles.entry(&p.category).or_default().insert(&p.style);
    }
    assert_eq!(per_cat.len(), 16);
    for c in &s.categories {
        assert!(
            per_cat[c.name.as_str()] >= 100,
            "{} has too few products",
            c.name
        );
        let n = styles[c.name.as_str()].len();
        assert!((6..=10).contains(&n), "{} has {n} styles", c.name);
    }
    let featured: Vec<&RdsProduct> = s.products.iter().filter(|p| p.featured.is_some()).collect();
    assert_eq!(featured.len(), 16);
    assert!(
        featured
            .iter()
            .all(|p| p.featured == Some(true) && p.current_stock > 0)
    );
    let featured_cats: HashSet<&str> = featured.iter().map(|p| p.category.as_str()).collect();
    assert_eq!(featured_cats.len(), 16);
}

#[test]
fn ids_and_names_are_unique_and_clean() {
    let s = seeds();
    let ids: HashSet<&str> = s.products.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), s.products.len());
    let names: HashSet<&str> = s.products.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), s.products.len());
    for p in &s.products {
        let b = p.id.as_bytes();
        assert_eq!(b.len(), 36, "{}", p.id);
        assert!(b[14] == b'4' && b"89ab".contains(&b[19]), "{}", p.id);
        assert!(
            p.id.chars()
                .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
        );
        assert_eq!(p.image, format!("{}.svg", p.id));
        assert!(!p.name.contains('#') && !p.name.contains("{"), "{}", p.name);
        let last = p.name.rsplit(' ').next().unwrap();
        assert!(
            !last.chars().all(|c| c.is_ascii_digit()),
            "number suffix: {}",
            p.name
        );
        assert!(
            !p.description.contains('{') && !p.description.contains("  "),
            "{}",
            p.description
        );
        assert_eq!(p.where_visible, "UI");
        assert!(p.aliases.is_empty());
    }
}

#[test]
fn every_product_has_one_colour_and_its_style_word() {
    for p in &seeds().products {
        let text = format!("{} {}", p.name, p.description);
        let colours = colours_of(&text);
        let inherent = colours_of(&p.style);
        assert!(!colours.is_empty(), "no colour: {text}");
        let extra: Vec<&String> = colours.iter().filter(|c| !inherent.contains(*c)).collect();
        assert!(extra.len() <= 1, "several colours {colours:?}: {text}");
        let style = p.style.replace('-', " ");
        assert!(
            p.description.to_lowercase().contains(&style),
            "style {style} missing: {}",
            p.description
        );
        let sentences = p.description.matches(['.', '?']).count();
        assert!((2..=4).contains(&sentences), "{}", p.description);
    }
}

#[test]
fn prices_stock_promotions_and_gender() {
    let s = seeds();
    let gendered: HashSet<&str> = s
        .categories
        .iter()
        .filter(|c| c.has_gender_affinity)
        .map(|c| c.name.as_str())
        .collect();
    let (mut zero, mut promoted, mut f, mut m, mut none, mut in_gendered) = (0, 0, 0, 0, 0, 0);
    for p in &s.products {
        assert!(p.price > 0.0 && p.price < 3000.0, "{} {}", p.name, p.price);
        let cents = (p.price * 100.0).round();
        assert!((p.price * 100.0 - cents).abs() < 1e-6, "{}", p.price);
        assert!((0..=40).contains(&p.current_stock));
        zero += usize::from(p.current_stock == 0);
        promoted += usize::from(p.promoted == Some(true));
        assert!(p.promoted.is_none() || p.promoted == Some(true));
        if gendered.contains(p.category.as_str()) {
            in_gendered += 1;
            match p.gender_affinity.as_deref() {
                Some("F") => f += 1,
                Some("M") => m += 1,
                None => none += 1,
                other => panic!("bad gender affinity {other:?}"),
            }
        } else {
            assert!(p.gender_affinity.is_none(), "{}", p.name);
        }
    }
    let n = s.products.len() as f64;
    assert!(
        (0.02..0.07).contains(&(zero as f64 / n)),
        "out of stock share {zero}"
    );
    assert!(
        (0.15..0.25).contains(&(promoted as f64 / n)),
        "promoted share {promoted}"
    );
    let g = f64::from(in_gendered);
    assert!(
        (0.33..0.47).contains(&(f64::from(f) / g)),
        "F {f} of {in_gendered}"
    );
    assert!(
        (0.23..0.37).contains(&(f64::from(m) / g)),
        "M {m} of {in_gendered}"
    );
    assert!(
        (0.23..0.37).contains(&(f64::from(none) / g)),
        "none {none} of {in_gendered}"
    );
}

#[test]
fn personas_cover_every_category() {
    let cats: HashSet<&str> = seeds().categories.iter().map(|c| c.name.as_str()).collect();
    let distinct: HashSet<&str> = PERSONAS.iter().copied().collect();
    assert!(distinct.len() >= 16 && distinct.len() == PERSONAS.len());
    let mut firsts = HashSet::new();
    for p in PERSONAS {
        let parts: Vec<&str> = p.split('_').collect();
        assert_eq!(parts.len(), 3, "{p}");
        assert!(parts.iter().all(|c| cats.contains(c)), "{p}");
        assert!(
            parts[0] != parts[1] && parts[1] != parts[2] && parts[0] != parts[2],
            "{p}"
        );
        firsts.insert(parts[0]);
    }
    assert_eq!(firsts, cats);
}

#[test]
fn users_look_right() {
    let users = &seeds().users;
    assert!(users.len() >= 5000);
    let mut per_persona: HashMap<&str, usize> = HashMap::new();
    let mut per_discount: HashMap<&str, usize> = HashMap::new();
    for (i, u) in users.iter().enumerate() {
        assert_eq!(u.id, (i + 1).to_string());
        assert_eq!(u.username, format!("user{}", u.id));
        assert_eq!(u.name, format!("{} {}", u.first_name, u.last_name));
        assert!(
            u.email.ends_with(&format!("{}@example.com", u.id))
                && u.email == u.email.to_lowercase()
        );
        assert!(
            u.email.starts_with(&u.first_name.to_lowercase()),
            "{}",
            u.email
        );
        assert!((18..=80).contains(&u.age));
        assert!(u.gender == "F" || u.gender == "M");
        assert!(u.selectable_user && u.traits.is_empty() && u.platforms.is_empty());
        assert!((1..=2).contains(&u.addresses.len()));
        assert!(u.addresses[0].default && u.addresses.iter().skip(1).all(|a| !a.default));
        for a in &u.addresses {
            assert_eq!(a.zipcode.len(), 5, "{}", a.zipcode);
            assert!(a.zipcode.chars().all(|c| c.is_ascii_digit()));
            assert!(a.state.len() == 2 && a.country == "US" && !a.city.is_empty());
            assert_eq!(a.first_name, u.first_name);
        }
        assert!(PERSONAS.contains(&u.persona.as_str()), "{}", u.persona);
        assert!(DISCOUNT_PERSONAS.contains(&u.discount_persona.as_str()));
        *per_persona.entry(&u.persona).or_default() += 1;
        *per_discount.entry(&u.discount_persona).or_default() += 1;
    }
    assert_eq!(per_persona.len(), PERSONAS.len());
    let even = users.len() / PERSONAS.len();
    assert!(per_persona.values().all(|&n| n.abs_diff(even) <= even / 5));
    assert_eq!(per_discount.len(), 3);
    let ages: Vec<i64> = users.iter().map(|u| u.age).collect();
    let mean = ages.iter().sum::<i64>() as f64 / ages.len() as f64;
    assert!((35.0..48.0).contains(&mean), "mean age {mean}");
}

#[test]
fn name_lists_are_big_and_distinct() {
    use super::people::{FEMALE_FIRST, MALE_FIRST, SURNAMES, split_list};
    for (label, list, min) in [
        ("female", FEMALE_FIRST, 75),
        ("male", MALE_FIRST, 75),
        ("surnames", SURNAMES, 150),
    ] {
        let list = split_list(list);
        let set: HashSet<&str> = list.iter().copied().collect();
        assert_eq!(set.len(), list.len(), "duplicates in {label}");
        assert!(list.len() >= min, "{label}: {}", list.len());
    }
    assert!(split_list(FEMALE_FIRST).len() + split_list(MALE_FIRST).len() >= 150);
}

#[test]
fn vocabulary_is_clean() {
    // Colour words may appear only in palettes, materials and colour notes; otherwise a product
    // would carry a second colour.
    let mut fixed: Vec<&str> = Vec::new();
    fixed.extend(
        words::OPEN_VISUAL
            .iter()
            .chain(words::OPEN_PLAIN)
            .chain(words::OPEN_TITLED),
    );
    fixed.extend(
        words::DETAILS
            .iter()
            .chain(words::CLOSERS)
            .chain(words::DISTINGUISHERS),
    );
    for cat in spec::all() {
        fixed.extend(cat.lines.iter().chain(&cat.closers));
        for s in &cat.styles {
            assert!(
                !s.palette.is_empty() || s.materials.iter().all(|m| words::colour_in(m).is_some()),
                "{} needs a palette",
                s.style
            );
            for c in &s.palette {
                assert!(
                    COLOURS.contains(c),
                    "{c} in {} is not a colour word",
                    s.style
                );
            }
            let style_words: Vec<&str> = s.style.split('-').collect();
            assert!(
                style_words.iter().all(|w| s.term.contains(w)),
                "term {} lacks {}",
                s.term,
                s.style
            );
            for n in &s.notes {
                assert!(n.contains("{colour}"), "note without colour: {n}");
            }
            for text in s
                .lines
                .iter()
                .chain(&s.nouns)
                .chain(&s.adjs)
                .chain(&s.features)
                .chain(&s.uses)
            {
                let extra: Vec<String> = colours_of(text)
                    .into_iter()
                    .filter(|c| !s.style.contains(c.as_str()))
                    .collect();
                assert!(extra.is_empty(), "colour word in {text:?} ({})", s.style);
            }
        }
    }
    for text in fixed {
        assert!(colours_of(text).is_empty(), "colour word in {text:?}");
    }
}

#[test]
fn polish_fixes_articles_and_case() {
    assert_eq!(words::polish("a ivory mug"), "An ivory mug");
    assert_eq!(words::polish("an navy  mug ."), "A navy mug.");
    assert_eq!(
        words::polish("a USB port and a LED"),
        "A USB port and an LED"
    );
    assert_eq!(
        words::polish("it has an ukulele and a hour"),
        "It has a ukulele and an hour"
    );
    assert_eq!(
        words::title_case("mother-of-pearl buttons"),
        "Mother-of-Pearl Buttons"
    );
}

#[test]
fn any_size_is_spread_evenly_deterministic_and_uniquely_named() {
    let sizes = Sizes {
        products: 1_003,
        shoppers: 250,
    };
    let made = std::sync::atomic::AtomicUsize::new(0);
    let progress = |p: Progress| {
        if let Progress::Made(n) = p {
            made.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        }
    };
    let a = generate_sized(7, sizes, &progress);
    assert_eq!(a.products.len(), 1_003);
    assert_eq!(a.users.len(), 250);
    assert_eq!(made.into_inner(), 1_003 + 250, "every item is counted");
    assert_eq!(a, generate_sized(7, sizes, &|_| {}), "deterministic");

    let mut per_category: HashMap<&str, usize> = HashMap::new();
    for p in &a.products {
        *per_category.entry(p.category.as_str()).or_default() += 1;
    }
    assert_eq!(per_category.len(), 16);
    let (least, most) = (
        per_category.values().min().copied().unwrap_or(0),
        per_category.values().max().copied().unwrap_or(0),
    );
    assert_eq!((least, most), (62, 63), "1,003 = 16 × 62 + 11");
    let names: HashSet<&str> = a.products.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), a.products.len(), "names are unique");
    let ids: HashSet<&str> = a.products.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), a.products.len());
    let featured = a
        .products
        .iter()
        .filter(|p| p.featured == Some(true))
        .count();
    assert_eq!(featured, 16, "one featured product per category");
    let user_ids: HashSet<&str> = a.users.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(user_ids.len(), 250);
}

#[test]
fn a_catalog_smaller_than_its_categories_still_generates() {
    let tiny = generate_sized(
        1,
        Sizes {
            products: 5,
            shoppers: 1,
        },
        &|_| {},
    );
    assert_eq!(tiny.products.len(), 5);
    assert_eq!(tiny.users.len(), 1);
    assert_eq!(tiny.categories.len(), 16);
}
