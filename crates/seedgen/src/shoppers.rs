//! The shopper pool: names, ages, addresses and interest personas.

use std::collections::HashSet;

use super::people::{
    CITY_ENDINGS, CITY_FIRST, CITY_SECOND_WORDS, FEMALE_FIRST, MALE_FIRST, STATES, STREET_SECOND,
    STREET_SUFFIXES, STREET_WORDS, SURNAMES, split_list as words,
};
use rds_formats::{RdsAddress, RdsUser};
use seeded_rng::Rng;

pub const USER_COUNT: usize = 6000;

/// Interest personas: three distinct categories in order of interest. Every category leads at
/// least one persona, so a presenter can pick any primary interest.
pub const PERSONAS: &[&str] = &[
    "apparel_footwear_accessories",
    "apparel_beauty_jewelry",
    "footwear_apparel_outdoors",
    "outdoors_footwear_apparel",
    "outdoors_electronics_tools",
    "electronics_books_instruments",
    "electronics_tools_outdoors",
    "beauty_jewelry_accessories",
    "beauty_apparel_floral",
    "jewelry_accessories_beauty",
    "accessories_apparel_jewelry",
    "housewares_groceries_homedecor",
    "housewares_tools_furniture",
    "homedecor_furniture_floral",
    "furniture_homedecor_housewares",
    "seasonal_homedecor_floral",
    "floral_seasonal_homedecor",
    "books_instruments_homedecor",
    "books_groceries_housewares",
    "groceries_housewares_floral",
    "groceries_books_seasonal",
    "instruments_electronics_books",
    "tools_outdoors_electronics",
    "tools_furniture_housewares",
];

pub const DISCOUNT_PERSONAS: &[&str] = &[
    "lower_priced_products",
    "all_discounts",
    "discount_indifferent",
];

/// Share of women among shoppers whose main interest is `category`.
fn female_share(category: &str) -> f64 {
    match category {
        "beauty" => 0.8,
        "jewelry" => 0.7,
        "floral" => 0.65,
        "apparel" | "homedecor" => 0.58,
        "accessories" | "seasonal" | "housewares" => 0.55,
        "tools" => 0.3,
        "electronics" => 0.38,
        "instruments" | "outdoors" => 0.45,
        _ => 0.5,
    }
}

struct City {
    name: String,
    state: &'static str,
    zip: u32,
}

fn cities(rng: &mut Rng, n: usize) -> Vec<City> {
    let weights: Vec<f64> = STATES.iter().map(|s| s.3).collect();
    let firsts = words(CITY_FIRST);
    let endings = words(CITY_ENDINGS);
    let seconds = words(CITY_SECOND_WORDS);
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let first = *rng.pick(&firsts);
        let k = rng.below(endings.len() + seconds.len());
        let name = match endings.get(k) {
            Some(ending) => format!("{first}{ending}"),
            None => format!("{first} {}", seconds[k - endings.len()]),
        };
        if !seen.insert(name.clone()) {
            continue;
        }
        let (state, lo, hi, _) = STATES[rng.weighted(&weights)];
        let prefix = rng.range(i64::from(lo), i64::from(hi)) as u32;
        let zip = prefix * 100 + rng.range(1, 90) as u32;
        out.push(City { name, state, zip });
    }
    out
}

/// The word lists used for people and streets, split once per generation.
struct Lists {
    female: Vec<&'static str>,
    male: Vec<&'static str>,
    surnames: Vec<&'static str>,
    street_words: Vec<&'static str>,
    street_second: Vec<&'static str>,
    street_suffixes: Vec<&'static str>,
}

impl Lists {
    fn new() -> Self {
        Self {
            female: words(FEMALE_FIRST),
            male: words(MALE_FIRST),
            surnames: words(SURNAMES),
            street_words: words(STREET_WORDS),
            street_second: words(STREET_SECOND),
            street_suffixes: words(STREET_SUFFIXES),
        }
    }
}

fn street(rng: &mut Rng, lists: &Lists) -> String {
    let number = match rng.below(3) {
        0 => rng.range(10, 999),
        1 => rng.range(100, 4999),
        _ => rng.range(1000, 19999),
    };
    let word = *rng.pick(&lists.street_words);
    let suffix = *rng.pick(&lists.street_suffixes);
    if rng.chance(0.4) {
        format!(
            "{number} {word} {} {suffix}",
            rng.pick(&lists.street_second)
        )
    } else {
        format!("{number} {word} {suffix}")
    }
}

fn unit(rng: &mut Rng) -> String {
    if !rng.chance(0.22) {
        return String::new();
    }
    match rng.below(3) {
        0 => format!(
            "Apt {}{}",
            rng.range(1, 24),
            ["A", "B", "C", "D"][rng.below(4)]
        ),
        1 => format!("Unit {}", rng.range(1, 320)),
        _ => format!("Suite {}", rng.range(100, 950)),
    }
}

fn address(
    rng: &mut Rng,
    lists: &Lists,
    first: &str,
    last: &str,
    city: &City,
    default: bool,
) -> RdsAddress {
    RdsAddress {
        first_name: first.to_string(),
        last_name: last.to_string(),
        address1: street(rng, lists),
        address2: unit(rng),
        country: "US".to_string(),
        city: city.name.clone(),
        state: city.state.to_string(),
        zipcode: format!("{:05}", city.zip + rng.below(9) as u32),
        default,
    }
}

/// Ages 18–80, shaped roughly like an online shopper population.
fn age(rng: &mut Rng) -> i64 {
    const BANDS: &[(i64, i64, f64)] = &[
        (18, 24, 13.0),
        (25, 34, 23.0),
        (35, 44, 21.0),
        (45, 54, 18.0),
        (55, 64, 15.0),
        (65, 80, 10.0),
    ];
    let weights: Vec<f64> = BANDS.iter().map(|b| b.2).collect();
    let (lo, hi, _) = BANDS[rng.weighted(&weights)];
    rng.range(lo, hi)
}

fn email_part(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `count` shoppers; `made` hears of each one.
pub fn users(seed: u64, count: usize, made: &(dyn Fn(usize) + Sync)) -> Vec<RdsUser> {
    let mut rng = Rng::derive(seed, "seedgen/users");
    let lists = Lists::new();
    let cities = cities(&mut Rng::derive(seed, "seedgen/cities"), 160);
    // Balanced assignments, shuffled: personas and discount personas come out (almost) even.
    let mut personas: Vec<usize> = (0..count).map(|i| i % PERSONAS.len()).collect();
    rng.shuffle(&mut personas);
    let mut discounts: Vec<usize> = (0..count).map(|i| i % DISCOUNT_PERSONAS.len()).collect();
    rng.shuffle(&mut discounts);

    (0..count)
        .map(|i| {
            made(1);
            let id = i + 1;
            let persona = PERSONAS[personas[i]];
            let primary = persona.split('_').next().unwrap_or_default();
            let female = rng.chance(female_share(primary));
            let first = *rng.pick(if female { &lists.female } else { &lists.male });
            let last = *rng.pick(&lists.surnames);
            let home = rng.pick(&cities);
            let mut addresses = vec![address(&mut rng, &lists, first, last, home, true)];
            if rng.chance(0.25) {
                let other = rng.pick(&cities);
                addresses.push(address(&mut rng, &lists, first, last, other, false));
            }
            RdsUser {
                id: id.to_string(),
                selectable_user: true,
                gender: if female { "F" } else { "M" }.to_string(),
                first_name: first.to_string(),
                last_name: last.to_string(),
                email: format!("{}.{}{id}@example.com", email_part(first), email_part(last)),
                age: age(&mut rng),
                name: format!("{first} {last}"),
                username: format!("user{id}"),
                persona: persona.to_string(),
                discount_persona: DISCOUNT_PERSONAS[discounts[i]].to_string(),
                traits: serde_json::Map::new(),
                platforms: serde_json::Map::new(),
                addresses,
            }
        })
        .collect()
}
