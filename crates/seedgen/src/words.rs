//! Shared vocabulary (colour words, sentence templates) and small text helpers.

/// The colour vocabulary. The product-image module scans names and descriptions for these words,
/// so every product carries exactly one of them (see the tests).
pub const COLOURS: &[&str] = &[
    "black",
    "white",
    "grey",
    "silver",
    "gold",
    "red",
    "crimson",
    "burgundy",
    "orange",
    "coral",
    "amber",
    "yellow",
    "mustard",
    "olive",
    "green",
    "sage",
    "emerald",
    "teal",
    "turquoise",
    "blue",
    "navy",
    "cobalt",
    "indigo",
    "purple",
    "lavender",
    "plum",
    "pink",
    "rose",
    "blush",
    "brown",
    "tan",
    "beige",
    "cream",
    "ivory",
    "khaki",
    "charcoal",
    "walnut",
    "oak",
    "copper",
    "bronze",
    "mint",
];

/// Opening sentences for styles whose colour is visible (`{cm}` is "colour material", or just the
/// colour word when the material is itself a colour such as oak or sterling silver).
pub const OPEN_VISUAL: &[&str] = &[
    "{a} {adj} {cm} {term} made for {use}.",
    "{this} {cm} {term} {is} {adj}, {adj2} and ready for {use}.",
    "Say hello to {a} {adj} {cm} {term} built for {use}.",
    "Our {line} {cm} {term} {is} {adj} and {adj2} in all the right ways.",
    "{a} {cm} {term} that {is} as {adj} as {it} {is} {adj2}.",
    "Made for {use}, {this} {adj} {cm} {term} {has} you covered.",
    "There is a lot to like about {this} {adj} {cm} {term}.",
    "{this} {cm} {term} from our {line} line {is} {adj}, {adj2} and easy to love.",
    "Designed with {use} in mind, {this} {cm} {term} {is} {adj} from day one.",
    "{a} {adj}, {adj2} {cm} {term} for {use}.",
];

/// Opening sentences for styles whose colour lives in a note (coffee, perfume...).
pub const OPEN_PLAIN: &[&str] = &[
    "{a} {adj} {mat} {term} for {use}.",
    "{this} {mat} {term} {is} {adj}, {adj2} and made for {use}.",
    "Our {line} {mat} {term} {is} as {adj} as {it} {is} {adj2}.",
    "Made for {use}, {this} {adj} {mat} {term} deliver{s} every time.",
    "{a} {adj}, {adj2} {mat} {term} you will reach for again and again.",
    "There is a lot to like about {this} {adj} {mat} {term}.",
];

/// Opening sentences for titled products (books).
pub const OPEN_TITLED: &[&str] = &[
    "{name} is {a} {adj} {mat} {term} for {use}.",
    "{name} is {a} {adj}, {adj2} {mat} {term}.",
    "Readers call {name} {a} {adj} {mat} {term}, and it is easy to see why.",
    "{a} {adj} {mat} {term}, {name} is made for {use}.",
];

pub const DETAILS: &[&str] = &[
    "With {feature} and {feature2}, {it} {is} perfect for {use2}.",
    "{feature} and {feature2} make {them} a natural choice for {use2}.",
    "Look for {feature}, plus {feature2}.",
    "{it} feature{s} {feature} and {feature2}.",
    "Thoughtful details include {feature} and {feature2}.",
    "From {feature} to {feature2}, every detail earns its place.",
    "Expect {feature} and {feature2}; {it} {is} a natural fit for {use2}.",
];

/// Closing sentences usable in any category (the category adds its own).
pub const CLOSERS: &[&str] = &[
    "Pairs beautifully with the rest of the {line} collection.",
    "Easy to care for and built to last.",
    "A customer favorite season after season.",
    "Treat yourself, or wrap {them} up for someone special.",
    "Backed by our hassle-free returns.",
    "Limited quantities each season, so grab {them} while you can.",
    "Designed in-house and tested by our team.",
];

/// Words that tell two otherwise identical names apart (never a number suffix).
pub const DISTINGUISHERS: &[&str] = &[
    "Signature",
    "Select",
    "Reserve",
    "Essential",
    "Artisan",
    "Premier",
    "Original",
    "Modern",
    "Classic",
    "Limited",
    "Atelier",
    "Prime",
];

/// Lowercase alphabetic tokens of a text (hyphens and punctuation split words).
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|t| !t.is_empty())
        .map(str::to_ascii_lowercase)
}

/// The first colour word in `text`, if any.
pub fn colour_in(text: &str) -> Option<&'static str> {
    tokens(text).find_map(|t| COLOURS.iter().copied().find(|c| *c == t))
}

/// "mother-of-pearl buttons" -> "Mother-of-Pearl Buttons"; acronyms and digits are kept.
pub fn title_case(text: &str) -> String {
    const SMALL: &[&str] = &[
        "of", "and", "the", "a", "an", "in", "on", "for", "to", "with",
    ];
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let mut first = true;
    let flush = |word: &mut String, out: &mut String, first: &mut bool| {
        if !word.is_empty() {
            if *first || !SMALL.contains(&word.as_str()) {
                let mut cs = word.chars();
                if let Some(c) = cs.next() {
                    out.push(c.to_ascii_uppercase());
                    out.extend(cs);
                }
            } else {
                out.push_str(word);
            }
            word.clear();
            *first = false;
        }
    };
    for c in text.chars() {
        if c == ' ' || c == '-' {
            flush(&mut word, &mut out, &mut first);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out, &mut first);
    out
}

/// Whether a word is pronounced starting with a vowel sound (for choosing "a" or "an").
fn vowel_sound(word: &str) -> bool {
    const CONSONANT_SOUND: &[&str] = &["uni", "use", "usu", "uke", "ukulele", "one", "eu"];
    let w = word.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let lower = w.to_ascii_lowercase();
    let is_acronym = w.len() >= 2 && w.chars().take(2).all(|c| c.is_ascii_uppercase());
    if is_acronym {
        return "AEFHILMNORSX".contains(&w[..1]);
    }
    if lower.starts_with("8") || lower.starts_with("11") || lower.starts_with("18") {
        return true;
    }
    if CONSONANT_SOUND.iter().any(|p| lower.starts_with(p)) {
        return false;
    }
    if lower.starts_with("hour") || lower.starts_with("honest") {
        return true;
    }
    lower.starts_with(['a', 'e', 'i', 'o', 'u'])
}

/// Collapses runs of spaces, fixes "a"/"an", tidies spaces before punctuation and capitalises
/// the first letter.
pub fn polish(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::with_capacity(text.len());
    for (i, w) in words.iter().enumerate() {
        let fixed = match (*w, words.get(i + 1)) {
            ("a" | "an", Some(next)) => Some(if vowel_sound(next) { "an" } else { "a" }),
            ("A" | "An", Some(next)) => Some(if vowel_sound(next) { "An" } else { "A" }),
            _ => None,
        };
        let piece = fixed.unwrap_or(w);
        let glue = piece.starts_with([',', '.', ';', ':', '?']);
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        out.push_str(piece);
    }
    let mut cs = out.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => out,
    }
}
