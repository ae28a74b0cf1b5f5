use super::{Gender, UserId};

/// A persona's interest in its first, second and third category.
const INTEREST_BY_RANK: [f64; 3] = [0.6, 0.25, 0.15];

/// A shopper's interests: three categories in order of interest, as the reference's `persona`
/// field spells them (`housewares_tools_beauty`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Persona {
    raw: String,
    /// "Housewares, Tools, Beauty", computed once: every page header shows it.
    label: String,
    /// "Housewares, tools and beauty": the emulation banner's words.
    words: String,
}

impl Persona {
    /// Category names may themselves contain no `_`, so the split is unambiguous.
    pub fn parse(raw: &str) -> Option<Persona> {
        let raw = raw.trim();
        let parts: Vec<&str> = raw.split('_').collect();
        if parts.is_empty() || parts.iter().any(|p| p.is_empty()) {
            return None;
        }
        let names: Vec<String> = parts
            .iter()
            .map(|c| super::Category::display_name(c))
            .collect();
        let label = names.join(", ");
        Some(Persona {
            raw: raw.to_string(),
            label,
            words: in_words(&names),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }

    pub fn categories(&self) -> impl Iterator<Item = &str> {
        self.raw.split('_')
    }

    /// The categories with how much of the shopper's interest each holds (the first most): what
    /// the baseline recommender and the simulated shoppers both go by.
    pub fn weighted_categories(&self) -> impl Iterator<Item = (&str, f64)> {
        self.categories().zip(INTEREST_BY_RANK)
    }

    pub fn primary(&self) -> &str {
        self.raw.split('_').next().unwrap_or("")
    }

    /// "Housewares, Tools, Beauty"
    pub fn label(&self) -> &str {
        &self.label
    }

    /// "Housewares, tools and beauty"
    pub fn in_words(&self) -> &str {
        &self.words
    }
}

/// Names as a sentence lists them: the first capitalised as it is, the others in lower case,
/// the last after "and".
fn in_words(names: &[String]) -> String {
    let mut out = String::new();
    for (k, name) in names.iter().enumerate() {
        if k > 0 {
            out.push_str(if k + 1 == names.len() { " and " } else { ", " });
            out.push_str(&name.to_lowercase());
        } else {
            out.push_str(name);
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Address {
    pub first_name: String,
    pub last_name: String,
    pub address1: String,
    pub address2: String,
    pub country: String,
    pub city: String,
    pub state: String,
    pub zipcode: String,
}

/// One of the fictional shoppers a presenter can emulate.
#[derive(Debug, Clone, PartialEq)]
pub struct Shopper {
    /// The id the shopper's events, cart and orders are kept under.
    pub id: UserId,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub age: i64,
    pub gender: Option<Gender>,
    pub persona: Persona,
    pub discount_persona: String,
    pub default_address: Option<Address>,
}

impl Shopper {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persona_parses_reference_spelling() {
        let p = Persona::parse("housewares_tools_beauty").unwrap();
        assert_eq!(p.primary(), "housewares");
        assert_eq!(p.categories().count(), 3);
        assert_eq!(p.label(), "Housewares, Tools, Beauty");
        assert_eq!(p.in_words(), "Housewares, tools and beauty");
        assert_eq!(Persona::parse("jewelry").unwrap().in_words(), "Jewelry");
        assert_eq!(
            Persona::parse("homedecor_furniture").unwrap().in_words(),
            "Home Decor and furniture"
        );
        assert!(Persona::parse("a__b").is_none());
        assert!(Persona::parse("").is_none());
    }
}
